"""Summary runs: a draft's whole summary (counts, groups of copies, themes) computed by a background job.

At a national consultation's size (a million opinions) the summary (the GROUP BYs, the duplicate groups, then the
themes) takes far too long for a page (bench/summary.py, docs/benchmarks.md). A run is asked for with the "Compute
again" button (or the first visit to a large draft); the job (consult.jobs: RQ workers on Redis with
JOBS_BACKEND=rq, on any machine; otherwise in the web process once the response is sent; inline in tests) stores
the counts and groups as a JSON snapshot on the run, then computes the themes
(consult.themes.services.compute_themes), writing its step and progress to the run's row. Claiming the run,
progress writes and the outcome are consult/runs.py's, shared with report runs.

What the summary page shows, and why:
- Drafts with at most SUMMARY_LIVE_MAX counted opinions (20,000 by default): the counts and groups are computed
  live at each visit, as before runs existed. Their GROUP BYs read only the covering index ix_feedback_summary,
  so the page stays quick at that size and its numbers are always current, which is what an editor moderating
  opinions expects; a snapshot would show numbers minutes old for nothing. Their themes still come from a run
  (the button, or the themes page's), and the page shows its progress.
- Larger drafts: the latest finished run's snapshot, with the time it was counted and how many opinions
  arrived since; on the first visit (no run at all yet) a run is asked for. Deciding the mode reads at most
  SUMMARY_LIVE_MAX + 1 index entries, never the whole draft.
One run at a time per draft: asking while one is queued or running returns it (a partial unique index holds
even against two requests at once). A run silent for REPORT_STALE_SECONDS is shown as failed (its worker died)
and is closed as failed when a new one is asked for.

SQLite allows one writer at a time and compute_themes holds its write transaction to the end: there the themes
step shows no count (the row cannot be written meanwhile); PostgreSQL shows "themes: 12,000 of 80,000 opinions".
"""

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import func, literal, select
from sqlalchemy.exc import IntegrityError

from consult.agency.models import SummaryRun, SummaryStep
from consult.agency.summary import build_summary, count_groups, present_summary
from consult.audit import record
from consult.database import allows_concurrent_writers, utcnow
from consult.extensions import db
from consult.feedback.models import Feedback
from consult.jobs import enqueue
from consult.reports.summary import count_breakdowns, counted_filter
from consult.runs import RunStatus, execute_run, progress_writer, stale_seconds
from consult.themes.services import compute_themes


@dataclass
class SummaryPage:
    """What the summary page shows: numbers (live or a snapshot's), and the latest run's progress or failure."""

    summary: dict | None  # build_summary()'s shape; None until a large draft has its first snapshot
    live: bool
    run: SummaryRun | None = None  # the latest run, whatever its state
    snapshot: SummaryRun | None = None  # the finished run whose numbers are shown (large drafts)
    arrived: int = 0  # counted opinions that arrived after the snapshot was counted
    requested: bool = False  # this visit asked for the draft's first run


def summary_page(draft, actor):
    """Return the summary page's state; the first visit to a large draft asks for a run (the caller commits)."""
    latest, snapshot = latest_runs(draft)
    if counts_live(draft):
        return SummaryPage(summary=build_summary(draft), live=True, run=latest)
    if latest is None:
        return SummaryPage(summary=None, live=False, run=request_summary_run(draft, actor), requested=True)
    if snapshot is None:
        return SummaryPage(summary=None, live=False, run=latest)
    return SummaryPage(
        summary=present_summary(draft, snapshot.stats),
        live=False,
        run=latest,
        snapshot=snapshot,
        arrived=arrived_since(draft, snapshot),
    )


def counts_live(draft):
    """Return whether the draft has at most SUMMARY_LIVE_MAX counted opinions (reading no more than that)."""
    limit = current_app.config["SUMMARY_LIVE_MAX"]
    first = select(literal(1)).select_from(Feedback).where(*counted_filter(draft)).limit(limit + 1).subquery()
    return db.session.scalar(select(func.count()).select_from(first)) <= limit


def latest_runs(draft):
    """Return (the draft's latest run, its latest finished run), either None; one query."""
    newest = select(func.max(SummaryRun.id)).where(SummaryRun.draft_id == draft.id).scalar_subquery()
    newest_done = (
        select(func.max(SummaryRun.id))
        .where(SummaryRun.draft_id == draft.id, SummaryRun.status == RunStatus.DONE)
        .scalar_subquery()
    )
    runs = db.session.scalars(select(SummaryRun).where(SummaryRun.id.in_([newest, newest_done]))).all()
    latest = max(runs, key=lambda run: run.id, default=None)
    snapshot = next((run for run in runs if run.status == RunStatus.DONE), None)
    return latest, snapshot


def arrived_since(draft, run):
    """Return how many counted opinions arrived after `run` counted them (an index range scan)."""
    return db.session.scalar(
        select(func.count()).select_from(Feedback).where(*counted_filter(draft), Feedback.created_at >= run.started_at)
    )


def request_summary_run(draft, actor):
    """Return the draft's run in progress, else record a new one (audited) and enqueue it once the caller commits."""
    active = db.session.scalar(
        select(SummaryRun).where(SummaryRun.draft_id == draft.id, SummaryRun.status.in_(RunStatus.ACTIVE))
    )
    if active is not None and active.in_progress:
        return active
    if active is not None:  # its worker died: close it, so the new run may take its place
        active.status, active.finished_at = RunStatus.FAILED, utcnow()
        active.error = f"No progress for {stale_seconds()} seconds: the job stopped."
    run = SummaryRun(draft_id=draft.id, status=RunStatus.QUEUED, requested_by_id=getattr(actor, "id", None))
    try:
        with db.session.begin_nested():
            db.session.add(run)
            db.session.flush()  # refused by uq_summary_run_draft_active if another request queued one meanwhile
    except IntegrityError:
        return db.session.scalar(
            select(SummaryRun).where(SummaryRun.draft_id == draft.id, SummaryRun.status.in_(RunStatus.ACTIVE))
        )
    record(actor, "summary.requested", run)
    enqueue(run_summary, run.id)
    return run


def run_summary(run_id):
    """The job: count, group copies, then find the themes of a queued run, showing each step on the page."""
    execute_run(SummaryRun, run_id, _compute)


def _compute(run):
    """Compute one run's snapshot and themes; return what the finished run records."""
    draft = run.draft
    _begin(run, SummaryStep.COUNTING)
    stats = count_breakdowns(draft)
    _begin(run, SummaryStep.GROUPING)
    stats.update(count_groups(draft))
    progress = _begin(run, SummaryStep.THEMES)
    if not allows_concurrent_writers():
        progress = None  # compute_themes' write transaction would keep the progress writer waiting, then failing
    themes = compute_themes(draft, progress)
    return {"stats": stats, "theme_run_id": themes.id, "step": ""}


def _begin(run, step):
    """Show `step` on the page at once; return the progress writer of that step."""
    progress = progress_writer(SummaryRun, run.id, step=step)
    progress(0, 0)
    return progress
