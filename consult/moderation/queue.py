"""Reading the moderation queue: pending opinions oldest first, filtered, one page per keyset query.

Every filter is served in queue order by an index (consult.feedback.models, consult.moderation.models), so the
first page costs the same on a queue of a thousand opinions or of a million: the database reads one page of index
entries, not the whole queue.
"""

from dataclasses import dataclass, fields, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, exists, func, literal, or_, select
from sqlalchemy.orm import aliased, joinedload

from consult.extensions import db
from consult.feedback.models import Feedback, FeedbackFlag, FeedbackStatus
from consult.i18n import LOCAL_TZ

ANY_FLAG = "any"
NO_FLAG = "none"
AGE_CHOICES = (1, 3, 7)  # "waiting more than N days"


@dataclass(frozen=True)
class QueueFilter:
    """What a moderator asked the queue for; every field optional."""

    draft_id: int | None = None
    article_id: int | None = None
    channel: str | None = None
    flag: str | None = None  # a code of FLAG_LABELS, ANY_FLAG or NO_FLAG
    older_than_days: int | None = None
    received_from: date | None = None  # days in Vietnam time, both included
    received_to: date | None = None
    group_id: int | None = None  # a duplicate group: its representative and members

    def query_args(self):
        """Return the filter as query-string arguments (for links that keep it)."""
        names = {
            "draft_id": "draft",
            "article_id": "article",
            "older_than_days": "age",
            "received_from": "from",
            "received_to": "to",
            "group_id": "group",
        }
        args = {}
        for field in fields(self):
            value = getattr(self, field.name)
            if value is not None:
                args[names.get(field.name, field.name)] = (
                    value.strftime("%d/%m/%Y") if isinstance(value, date) else value
                )
        return args


def local_day_start(day):
    """Return the UTC instant at which a day begins in Vietnam."""
    return datetime.combine(day, time(), LOCAL_TZ).astimezone(ZoneInfo("UTC"))


def pending_queue(draft_ids=None, draft_id=None, after=None, limit=50, filters=None, now=None):
    """Return pending opinions oldest first, after the (created_at, id) key `after`, for the allowed drafts.

    `draft_ids` limits the queue to a moderator's drafts (None: every draft); `filters` is a QueueFilter.
    A duplicate group is read as two index range scans (its representative, its members) merged here, so that
    neither needs a sort of the whole group.
    """
    filters = filters or QueueFilter()
    if draft_id is not None:
        filters = replace(filters, draft_id=draft_id)
    if filters.group_id is not None:
        representative = _page(draft_ids, filters, after, limit, now, Feedback.id == filters.group_id)
        members = _page(draft_ids, filters, after, limit, now, Feedback.duplicate_group_id == filters.group_id)
        return sorted(representative + members, key=lambda item: (item.created_at, item.id))[:limit]
    return _page(draft_ids, filters, after, limit, now)


def _page(draft_ids, filters, after, limit, now, *extra):
    """Run one keyset query of the queue."""
    query = select(Feedback).where(Feedback.status == FeedbackStatus.PENDING, *extra)
    # With one flag code the page is read from feedback_flag's index, in its copy of the queue order.
    by_flag = filters.flag not in (None, ANY_FLAG, NO_FLAG)
    created, key, owner = (
        (FeedbackFlag.created_at, FeedbackFlag.feedback_id, FeedbackFlag)
        if by_flag
        else (Feedback.created_at, Feedback.id, Feedback)
    )
    if by_flag:
        query = query.join(FeedbackFlag, FeedbackFlag.feedback_id == Feedback.id).where(
            FeedbackFlag.code == filters.flag
        )
    elif filters.flag == ANY_FLAG:
        query = query.where(exists().where(FeedbackFlag.feedback_id == Feedback.id))
    elif filters.flag == NO_FLAG:
        query = query.where(~exists().where(FeedbackFlag.feedback_id == Feedback.id))
    if draft_ids is not None:
        query = query.where(owner.draft_id.in_(draft_ids))
    if filters.draft_id is not None:
        query = query.where(owner.draft_id == filters.draft_id)
    if filters.article_id is not None:
        query = query.where(Feedback.article_id == filters.article_id)
    if filters.channel is not None:
        query = query.where(Feedback.channel == filters.channel)
    if filters.older_than_days is not None:
        query = query.where(created < (now or datetime.now(LOCAL_TZ)) - timedelta(days=filters.older_than_days))
    if filters.received_from is not None:
        query = query.where(created >= local_day_start(filters.received_from))
    if filters.received_to is not None:
        query = query.where(created < local_day_start(filters.received_to + timedelta(days=1)))
    if after is not None:
        created_at, feedback_id = after
        query = query.where(or_(created > created_at, and_(created == created_at, key > feedback_id)))
    query = query.options(joinedload(Feedback.article), joinedload(Feedback.clause), joinedload(Feedback.draft))
    return db.session.scalars(query.order_by(created, key).limit(limit)).all()


GROUP_COUNT_CAP = 1000  # a campaign may gather 100,000 copies: counting stops here, the page says "1000+"


def pending_group_sizes(items):
    """Return {representative id: pending opinions in its group, at most GROUP_COUNT_CAP + 1} for the groups of
    the given opinions, in one query that reads at most that many index entries per group.

    One statement with a correlated count per group, not a UNION of one branch per group: PostgreSQL plans each
    branch of a UNION on its own, and took far longer planning the 50 branches of a page than it takes to run this
    one statement (bench/queue.py, docs/benchmarks.md).
    """
    ids = sorted({item.duplicate_group_id or item.id for item in items})
    if not ids:
        return {}
    member = aliased(Feedback)
    members = (
        select(literal(1))
        .where(member.duplicate_group_id == Feedback.id, member.status == FeedbackStatus.PENDING)
        .limit(GROUP_COUNT_CAP)
        .correlate(Feedback)
        .subquery()
    )
    size = select(func.count()).select_from(members).scalar_subquery() + case(
        (Feedback.status == FeedbackStatus.PENDING, 1), else_=0
    )
    rows = db.session.execute(select(Feedback.id, size).where(Feedback.id.in_(ids)))
    return {group_id: size for group_id, size in rows if size}


def pending_group_ids(group_id, draft_ids=None):
    """Return the ids of the pending opinions of a duplicate group (its representative first), oldest first."""
    query = select(Feedback.id).where(
        or_(Feedback.id == group_id, Feedback.duplicate_group_id == group_id), Feedback.status == FeedbackStatus.PENDING
    )
    if draft_ids is not None:
        query = query.where(Feedback.draft_id.in_(draft_ids))
    return list(db.session.scalars(query.order_by(Feedback.created_at, Feedback.id)))
