"""Approving and rejecting opinions: exactly one decision per opinion, each audited, one by one or in bulk."""

from dataclasses import dataclass, field

from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from consult.audit import record
from consult.database import utcnow
from consult.extensions import db
from consult.feedback.models import Feedback, FeedbackFlag, FeedbackStatus
from consult.moderation.models import ModerationDecision
from consult.moderation.notifications import notify_decided
from consult.moderation.queue import QueueFilter, pending_group_ids, pending_queue  # noqa: F401  (the queue's API)
from consult.search.indexing import (
    index_feedback,
    opinion_text,
    store_entries,  # the batch form of index_feedback
)
from consult.search.models import Kind
from consult.text import clean_text

BULK_CHUNK = 500  # opinions per UPDATE ... RETURNING in a bulk decision (bounded parameter lists)


class AlreadyDecided(Exception):
    """Another moderator decided this opinion first."""


def approve_feedback(moderator, feedback, note="", author_message=""):
    """Publish a pending opinion; `note` is internal, `author_message` is shown to the author."""
    return _decide(moderator, feedback, FeedbackStatus.APPROVED, None, note, author_message)


def reject_feedback(moderator, feedback, reason_code, note="", author_message=""):
    """Keep a pending opinion from the public, with the reason (and optional message) the author will be told."""
    return _decide(moderator, feedback, FeedbackStatus.REJECTED, reason_code, note, author_message)


def _decide(moderator, feedback, status, reason_code, note, author_message):
    """Move the opinion out of 'pending' only if it is still pending, so a second decision loses."""
    now = utcnow()
    result = db.session.execute(
        update(Feedback)
        .where(Feedback.id == feedback.id, Feedback.status == FeedbackStatus.PENDING)
        .values(status=status, decided_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise AlreadyDecided()
    db.session.refresh(feedback)
    return _after_decision(moderator, feedback, status, reason_code, note, clean_text(author_message or ""))


def _after_decision(moderator, feedback, status, reason_code, note, author_message, index=True):
    """Record the decision, index, audit and notify for one opinion that has just left 'pending'."""
    decision = ModerationDecision(
        feedback=feedback,
        moderator_id=moderator.id,
        decision=status,
        reason_code=reason_code,
        note=note or "",
        author_message=author_message,
    )
    db.session.add(decision)
    if index:
        db.session.flush()
        index_feedback(feedback)  # approved: findable; rejected: never
    record(
        moderator,
        f"feedback.{status}",
        feedback,
        before={"status": FeedbackStatus.PENDING},
        after={"status": status, "reason": reason_code, "note": note or "", "author_message": author_message},
    )
    notify_decided(feedback, decision)
    return decision


@dataclass
class BulkResult:
    """What a bulk decision did: opinions decided, skipped because already decided, held for individual review."""

    decided: list = field(default_factory=list)
    already_decided: int = 0
    held: list = field(default_factory=list)  # receipt codes


def held_ids(feedback_ids, hold_flags):
    """Return the ids among `feedback_ids` carrying one of the `hold_flags` codes (one query per chunk)."""
    if not hold_flags:
        return set()
    found = set()
    for start in range(0, len(feedback_ids), BULK_CHUNK):
        chunk = feedback_ids[start : start + BULK_CHUNK]
        found.update(
            db.session.scalars(
                select(FeedbackFlag.feedback_id)
                .distinct()
                .where(FeedbackFlag.feedback_id.in_(chunk), FeedbackFlag.code.in_(list(hold_flags)))
            )
        )
    return found


def decide_many(
    moderator, feedback_ids, status, reason_code=None, note="", hold_flags=(), draft_ids=None, author_message=""
):
    """Approve or reject several pending opinions; each gets its own decision (with the same message to its
    author), audit record and notification.

    Opinions someone else decided first are skipped (the UPDATE only takes rows still pending, so each opinion
    keeps exactly one decision). An approval never publishes an opinion carrying one of `hold_flags` unseen: those
    are left pending and returned in `held`. `draft_ids` limits the opinions to a moderator's drafts.
    """
    feedback_ids = list(dict.fromkeys(feedback_ids))
    author_message = clean_text(author_message or "")
    result = BulkResult()
    held = held_ids(feedback_ids, hold_flags) if status == FeedbackStatus.APPROVED else set()
    wanted = [feedback_id for feedback_id in feedback_ids if feedback_id not in held]
    now = utcnow()
    for start in range(0, len(wanted), BULK_CHUNK):
        chunk = wanted[start : start + BULK_CHUNK]
        statement = (
            update(Feedback)
            .where(Feedback.id.in_(chunk), Feedback.status == FeedbackStatus.PENDING)
            .values(status=status, decided_at=now)
            .returning(Feedback.id)
            .execution_options(synchronize_session=False)
        )
        if draft_ids is not None:
            statement = statement.where(Feedback.draft_id.in_(draft_ids))
        taken = list(db.session.scalars(statement))
        result.already_decided += len(chunk) - len(taken)
        opinions = db.session.scalars(
            select(Feedback)
            .where(Feedback.id.in_(taken))
            .options(joinedload(Feedback.draft))
            .order_by(Feedback.created_at, Feedback.id)
            .execution_options(populate_existing=True)
        ).all()
        for feedback in opinions:
            result.decided.append(
                _after_decision(moderator, feedback, status, reason_code, note, author_message, index=False)
            )
        db.session.flush()
        _index_approved(opinions)
    if held:
        result.held = list(
            db.session.scalars(
                select(Feedback.receipt_code)
                .where(Feedback.id.in_(list(held)), Feedback.status == FeedbackStatus.PENDING)
                .order_by(Feedback.created_at, Feedback.id)
            )
        )
    return result


def _index_approved(opinions):
    """Make the approved opinions of public drafts findable, with one look-up for the chunk (a rejected opinion was
    pending, so never in the index: nothing to remove)."""
    entries = {
        feedback.id: (feedback.draft_id, opinion_text(feedback))
        for feedback in opinions
        if feedback.status == FeedbackStatus.APPROVED and feedback.draft.is_public
    }
    store_entries(Kind.OPINION, entries)


def decide_group(
    moderator, group_id, status, reason_code=None, note="", hold_flags=(), draft_ids=None, author_message=""
):
    """Decide a duplicate group at once: its representative and every pending member, each on its own."""
    return decide_many(
        moderator,
        pending_group_ids(group_id, draft_ids),
        status,
        reason_code,
        note,
        hold_flags,
        draft_ids,
        author_message,
    )
