"""Report runs: asked for on a page, built by a background job (consult.jobs), followed with a progress bar.

Where the job runs is JOBS_BACKEND's choice (see consult/jobs.py):
- "rq": any number of `flask --app consult jobs worker` processes, on any machine. The file is written to
  REPORTS_DIR, which must then be a directory every app server and worker shares (NFS, a mounted volume):
  the worker writes it, the web server sends it.
- "after_response" (default): in the web worker that took the request, once its response has gone. That worker
  serves nothing else while it builds the file (long for a large draft: bench/exports.py, docs/benchmarks.md),
  and the progress page is served by the others; acceptable for a small deployment, and nothing is lost if the
  process dies: the run stops making progress and is shown as failed after REPORT_STALE_SECONDS, so it can be
  asked for again. A thread was not used: a gunicorn worker may be recycled with the thread half-way, and
  threads bypass the one configured way of running background work.
- "inline" (tests): at once, when the request's transaction commits.
The job opens its own app context, so it has its own database session and never uses the caller's; claiming,
progress and the outcome are consult/runs.py's, shared with the summary runs.
"""

from datetime import timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from consult.audit import record
from consult.database import utcnow
from consult.extensions import db
from consult.feedback.privacy import contacts_erased
from consult.jobs import enqueue
from consult.reports.models import Audience, ReportRun, RunStatus
from consult.reports.services import build_report
from consult.runs import execute_run, progress_writer


def reports_dir():
    """Return REPORTS_DIR, created if missing."""
    path = Path(current_app.config["REPORTS_DIR"])
    path.mkdir(parents=True, exist_ok=True)
    return path


def run_path(run):
    """Return the path of a run's file."""
    return Path(current_app.config["REPORTS_DIR"]) / run.file_name


def request_run(draft, fmt, audience, include_contact, actor):
    """Record a new run and enqueue its build once the transaction commits."""
    run = ReportRun(
        draft_id=draft.id,
        fmt=fmt,
        audience=audience,
        include_contact=bool(include_contact) and audience == Audience.AGENCY,
        status=RunStatus.QUEUED,
        requested_by_id=getattr(actor, "id", None),
    )
    db.session.add(run)
    db.session.flush()
    run.file_name = f"{draft.id}-{run.id}-{audience}.{fmt}"
    if audience == Audience.AGENCY:  # who took the opinions (and perhaps their contacts) out of the system
        record(actor, "report.requested", run, after={"fmt": fmt, "include_contact": run.include_contact})
    enqueue(run_report, run.id)
    return run


def public_run(draft, fmt):
    """Return the public run of `fmt` to show: a recent finished one, one in progress, or a new one."""
    max_age = timedelta(seconds=current_app.config["REPORT_PUBLIC_MAX_AGE"])
    stale = current_app.config["REPORT_STALE_SECONDS"]
    recent = db.session.scalars(
        select(ReportRun)
        .where(
            ReportRun.draft_id == draft.id,
            ReportRun.audience == Audience.PUBLIC,
            ReportRun.fmt == fmt,
            ReportRun.status.in_((*RunStatus.ACTIVE, RunStatus.DONE)),
        )
        .order_by(ReportRun.created_at.desc())
        .limit(1)
    ).first()
    if recent is not None:
        if recent.status in RunStatus.ACTIVE and not recent.is_stale(stale):
            return recent
        published = draft.answers_published_at
        if (
            recent.status == RunStatus.DONE
            and recent.finished_at > utcnow() - max_age
            and (published is None or recent.finished_at >= published)
            and run_path(recent).is_file()
        ):
            return recent
    return request_run(draft, fmt, Audience.PUBLIC, False, None)


def runs_of(draft, audience=None, limit=20):
    """Return the draft's latest runs, newest first."""
    query = select(ReportRun).where(ReportRun.draft_id == draft.id)
    if audience:
        query = query.where(ReportRun.audience == audience)
    return db.session.scalars(query.order_by(ReportRun.created_at.desc(), ReportRun.id.desc()).limit(limit)).all()


def run_report(run_id):
    """The job: build a queued run's file, writing its progress; a failure is recorded on the run."""
    execute_run(ReportRun, run_id, _build)


def _build(run):
    """Write one run's file; return what the finished run records."""
    path = reports_dir() / run.file_name
    build_report(
        run.draft,
        run.fmt,
        path,
        include_contact=run.include_contact,
        audience=run.audience,
        progress=progress_writer(ReportRun, run.id),
    )
    return {"size": path.stat().st_size}


@contacts_erased.connect
def withdraw_files_with_contacts(draft_id):
    """Delete the files of the draft's finished internal reports that carry contacts: one of those contacts has
    just been erased. The runs stay listed, failed, saying why; a new report holds no erased contact."""
    runs = db.session.scalars(
        select(ReportRun).where(
            ReportRun.draft_id == draft_id, ReportRun.include_contact.is_(True), ReportRun.status == RunStatus.DONE
        )
    ).all()
    for run in runs:
        run_path(run).unlink(missing_ok=True)
        run.status, run.error = RunStatus.FAILED, "withdrawn: a contact it holds was erased"
        record(None, "report.withdrawn", run, after={"reason": "contact_erased"})
