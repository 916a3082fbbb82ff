"""One decision for every opinion matching a queue filter, run by a background job with progress on a page.

Ten thousand decisions take seconds: longer than a page should wait. The moderator confirms the decision on the
queue; the ids matching the filter then (at most FILTER_DECISION_CAP, read in queue order) are kept on a BulkRun,
and a job (consult.jobs, consult.runs) decides them BATCH at a time through decide_many, the function every bulk
decision uses: each opinion its own decision, audit row, email to its author and index update, flagged opinions
never approved (MODERATION_HOLD_FLAGS), opinions claimed by another moderator or decided meanwhile left alone. Each
batch commits with the run's counters, so a run whose worker died is taken up again where it stopped (consult.runs
takes a run silent for REPORT_STALE_SECONDS as dead), and an opinion decided before is skipped, never decided twice.
"""

from flask import current_app

from consult.audit import record
from consult.auth.models import User
from consult.database import utcnow
from consult.extensions import db
from consult.feedback.models import Feedback, FeedbackStatus
from consult.jobs import enqueue
from consult.moderation.models import BulkRun
from consult.moderation.queue import queue_statement
from consult.moderation.services import decide_many
from consult.runs import RunStatus, execute_run

BATCH = 500  # decisions per transaction: short locks, and a crash loses at most one batch's work (redone)
FILTER_DECISION_CAP = 10_000  # past this the moderator narrows the filter: no single click decides more
HELD_CODES_KEPT = 50


def matching_ids(draft_ids, filters, moderator_id):
    """Return the ids of the pending opinions a filter keeps for a moderator (others' claims left out), oldest
    first, at most FILTER_DECISION_CAP + 1 (more: too many for one decision)."""
    cap = FILTER_DECISION_CAP
    query, order = queue_statement(draft_ids, filters, None, moderator_id)
    if filters.group_id is not None:
        group = filters.group_id
        query = query.where((Feedback.id == group) | (Feedback.duplicate_group_id == group))
    return list(db.session.scalars(query.with_only_columns(Feedback.id).order_by(*order).limit(cap + 1)))


def request_filter_decision(moderator, feedback_ids, status, reason_code, note, author_message, queue_args):
    """Record a run deciding `feedback_ids` in the background, audit the request, queue its job; return the run."""
    run = BulkRun(
        decision=status,
        reason_code=reason_code,
        note=note or "",
        author_message=author_message or "",
        feedback_ids=list(feedback_ids),
        queue_args=dict(queue_args),
        total=len(feedback_ids),
        requested_by_id=moderator.id,
        status=RunStatus.QUEUED,
    )
    db.session.add(run)
    db.session.flush()
    record(moderator, "moderation.bulk_run", run, after={"decision": status, "opinions": len(feedback_ids)})
    enqueue(run_filter_decision, run.id)
    return run


def run_filter_decision(run_id):
    """Job: decide a run's opinions, batch by batch."""
    execute_run(BulkRun, run_id, _decide_batches)


def _decide_batches(run):
    """Decide the run's ids from where it stopped, committing each batch with the run's counters."""
    moderator = db.session.get(User, run.requested_by_id) if run.requested_by_id else None
    if moderator is None:
        raise RuntimeError("the moderator who asked for this decision no longer has an account")
    hold = current_app.config["MODERATION_HOLD_FLAGS"] if run.decision == FeedbackStatus.APPROVED else ()
    ids = list(run.feedback_ids)
    run.done, run.total = run.position, len(ids)
    while run.position < len(ids):
        batch = ids[run.position : run.position + BATCH]
        result = decide_many(
            moderator, batch, run.decision, run.reason_code, run.note, hold, author_message=run.author_message
        )
        run.decided += len(result.decided)
        run.already_decided += result.already_decided
        run.claimed += result.claimed
        run.held += len(result.held)
        if result.held and len(run.held_codes) < HELD_CODES_KEPT:
            run.held_codes = [*run.held_codes, *result.held][:HELD_CODES_KEPT]
        run.position += len(batch)
        run.done = run.position
        run.updated_at = utcnow()
        db.session.commit()  # the batch's decisions and the counters together
    return {}
