"""Approving and rejecting opinions: exactly one decision per opinion, each audited."""

from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from consult.audit import record
from consult.database import utcnow
from consult.extensions import db
from consult.feedback.models import Feedback, FeedbackStatus
from consult.feedback.notifications import notify_decided
from consult.moderation.models import ModerationDecision
from consult.search.indexing import index_feedback


class AlreadyDecided(Exception):
    """Another moderator decided this opinion first."""


def pending_queue(draft_ids=None, draft_id=None, after=None, limit=50):
    """Return pending opinions oldest first, after the (created_at, id) key `after`, for the allowed drafts."""
    query = select(Feedback).where(Feedback.status == FeedbackStatus.PENDING)
    if draft_ids is not None:
        query = query.where(Feedback.draft_id.in_(draft_ids))
    if draft_id is not None:
        query = query.where(Feedback.draft_id == draft_id)
    if after is not None:
        created_at, feedback_id = after
        query = query.where(
            (Feedback.created_at > created_at) | ((Feedback.created_at == created_at) & (Feedback.id > feedback_id))
        )
    query = query.options(joinedload(Feedback.article), joinedload(Feedback.clause), joinedload(Feedback.draft))
    return db.session.scalars(query.order_by(Feedback.created_at, Feedback.id).limit(limit)).all()


def approve_feedback(moderator, feedback, note=""):
    """Publish a pending opinion."""
    return _decide(moderator, feedback, FeedbackStatus.APPROVED, None, note)


def reject_feedback(moderator, feedback, reason_code, note=""):
    """Keep a pending opinion from the public, with the reason the author will be told."""
    return _decide(moderator, feedback, FeedbackStatus.REJECTED, reason_code, note)


def _decide(moderator, feedback, status, reason_code, note):
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
    decision = ModerationDecision(
        feedback=feedback, moderator_id=moderator.id, decision=status, reason_code=reason_code, note=note or ""
    )
    db.session.add(decision)
    db.session.flush()
    index_feedback(feedback)  # approved: findable; rejected: never
    record(
        moderator,
        f"feedback.{status}",
        feedback,
        before={"status": FeedbackStatus.PENDING},
        after={"status": status, "reason": reason_code, "note": note or ""},
    )
    notify_decided(feedback, decision)
    return decision
