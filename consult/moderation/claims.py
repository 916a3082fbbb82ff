"""Claims: a moderator takes the next N opinions of the queue for a few minutes; the others' queues skip them and
their decisions on them are refused until the claim ends (decided, released or expired).

Two moderators claiming at once get disjoint sets: the claim rows are keyed by opinion (a second INSERT of one is
skipped), and on PostgreSQL the opinions are read FOR UPDATE SKIP LOCKED, so a claim made at the same moment passes
over the rows the other is taking and gets the next ones instead of nothing. On SQLite writers take turns: the
expired claims' DELETE takes the write lock before the opinions are read.
"""

from dataclasses import replace
from datetime import timedelta

from sqlalchemy import delete, exists, func, select
from sqlalchemy.dialects import postgresql, sqlite

from consult.database import dialect_name, utcnow
from consult.extensions import db
from consult.feedback.models import Feedback, FeedbackStatus
from consult.moderation.models import FeedbackClaim
from consult.moderation.queue import queue_statement

ATTEMPTS = 3  # reads of the queue in one claim, when rows read were claimed by someone else meanwhile


def claim_next(moderator, draft_ids, filters, count, minutes, now=None):
    """Claim up to `count` pending opinions the filter keeps, oldest first, that nobody holds, for `minutes`;
    return their ids (fewer, or none, when the queue holds fewer free ones)."""
    now = now or utcnow()
    until = now + timedelta(minutes=minutes)
    db.session.execute(delete(FeedbackClaim).where(FeedbackClaim.claimed_until <= now))  # on SQLite: the write lock
    taken = []
    for _attempt in range(ATTEMPTS):
        query, order = queue_statement(draft_ids, replace(filters, mine=False), now, moderator.id)
        query = (
            query.where(~exists().where(FeedbackClaim.feedback_id == Feedback.id))
            .with_only_columns(Feedback.id)
            .order_by(*order)
            .limit(count - len(taken))
            .with_for_update(skip_locked=True, of=Feedback)
        )
        wanted = db.session.scalars(query).all()
        if not wanted:
            break
        inserted = _insert_claims(wanted, moderator.id, until)
        taken.extend(inserted)
        if len(taken) >= count or len(inserted) == len(wanted):
            break
    return taken


def _insert_claims(feedback_ids, user_id, until):
    """Insert claims, skipping opinions claimed meanwhile by someone else; return the ids claimed."""
    insert = postgresql.insert if dialect_name() == "postgresql" else sqlite.insert
    statement = (
        insert(FeedbackClaim)
        .values([{"feedback_id": key, "user_id": user_id, "claimed_until": until} for key in feedback_ids])
        .on_conflict_do_nothing()
        .returning(FeedbackClaim.feedback_id)
    )
    return list(db.session.scalars(statement))


def release_claims(moderator):
    """End every claim of a moderator; return how many there were."""
    return db.session.execute(
        delete(FeedbackClaim).where(FeedbackClaim.user_id == moderator.id).execution_options(synchronize_session=False)
    ).rowcount


def end_claims(feedback_ids):
    """Drop the claims on opinions just decided (they would expire anyway: this keeps the table small)."""
    db.session.execute(
        delete(FeedbackClaim)
        .where(FeedbackClaim.feedback_id.in_(list(feedback_ids)))
        .execution_options(synchronize_session=False)
    )


def holder(feedback_id, now=None):
    """Return the live FeedbackClaim on an opinion (with its moderator), or None."""
    return db.session.scalar(
        select(FeedbackClaim).where(
            FeedbackClaim.feedback_id == feedback_id, FeedbackClaim.claimed_until > (now or utcnow())
        )
    )


def claimed_among(moderator, feedback_ids, now=None):
    """Return the ids among `feedback_ids` the moderator holds a live claim on."""
    if not feedback_ids:
        return set()
    return set(
        db.session.scalars(
            select(FeedbackClaim.feedback_id).where(
                FeedbackClaim.feedback_id.in_(list(feedback_ids)),
                FeedbackClaim.user_id == moderator.id,
                FeedbackClaim.claimed_until > (now or utcnow()),
            )
        )
    )


def claims_summary(moderator, draft_ids, now=None):
    """Return (pending opinions the moderator holds, when the last of those claims ends or None, pending opinions
    other moderators hold in the drafts the moderator sees)."""
    now = now or utcnow()
    waiting = exists().where(Feedback.id == FeedbackClaim.feedback_id, Feedback.status == FeedbackStatus.PENDING)
    if draft_ids is not None:
        waiting = waiting.where(Feedback.draft_id.in_(draft_ids))
    # From the claims (a few rows per moderator at work), each checked by the opinion's key: never from the queue.
    live = (
        select(FeedbackClaim.user_id, FeedbackClaim.claimed_until)
        .where(FeedbackClaim.claimed_until > now, waiting)
        .subquery()
    )
    mine = live.c.user_id == moderator.id
    held, until, others = db.session.execute(
        select(
            func.count().filter(mine),
            func.max(live.c.claimed_until).filter(mine),
            func.count().filter(~mine),
        )
    ).one()
    return held, until, others
