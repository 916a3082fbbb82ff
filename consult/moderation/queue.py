"""Reading the moderation queue: pending opinions oldest first, filtered, one page per keyset query.

Every filter is served in queue order by an index (consult.feedback.models, consult.moderation.models), so the
first page costs the same on a queue of a thousand opinions or of a million: the database reads one page of index
entries, not the whole queue.
"""

import functools
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

from sqlalchemy import and_, bindparam, case, exists, func, literal, or_, select
from sqlalchemy.orm import aliased, joinedload

from consult.database import utcnow
from consult.extensions import db
from consult.feedback.models import Feedback, FeedbackFlag, FeedbackStatus
from consult.i18n import LOCAL_TZ
from consult.moderation.models import FeedbackClaim
from consult.search.queue import plan_settings, queue_match

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
    text: str | None = None  # words the opinion holds, folded (consult.search.queue)
    mine: bool = False  # only the opinions the moderator claimed (consult.moderation.claims)

    @cached_property
    def text_match(self):
        """Return the QueueMatch of the words asked for (matched once per filter), or None."""
        return queue_match(self.text, Feedback.id) if self.text else None


def local_day_start(day):
    """Return the UTC instant at which a day begins in Vietnam."""
    return datetime.combine(day, time(), LOCAL_TZ).astimezone(ZoneInfo("UTC"))


def pending_queue(draft_ids=None, draft_id=None, after=None, limit=50, filters=None, now=None, moderator_id=None):
    """Return pending opinions oldest first, after the (created_at, id) key `after`, for the allowed drafts.

    `draft_ids` limits the queue to a moderator's drafts (None: every draft); `filters` is a QueueFilter;
    `moderator_id` skips the opinions other moderators claimed (and is whose claims `mine` shows).
    A duplicate group is read as two index range scans (its representative, its members) merged here, so that
    neither needs a sort of the whole group.
    """
    filters = filters or QueueFilter()
    if draft_id is not None:
        filters = replace(filters, draft_id=draft_id)
    if filters.group_id is not None:
        representative = _page(draft_ids, filters, after, limit, now, moderator_id, Feedback.id == filters.group_id)
        members = _page(
            draft_ids, filters, after, limit, now, moderator_id, Feedback.duplicate_group_id == filters.group_id
        )
        return sorted(representative + members, key=lambda item: (item.created_at, item.id))[:limit]
    return _page(draft_ids, filters, after, limit, now, moderator_id)


def queue_statement(draft_ids, filters, now=None, moderator_id=None, *extra):
    """Return (SELECT of the pending opinions a filter keeps, its order's (created, key) columns): the one query
    the page, the counts, the claims and decisions over a whole filter read."""
    now = now or utcnow()
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
        query = query.where(created < now - timedelta(days=filters.older_than_days))
    if filters.received_from is not None:
        query = query.where(created >= local_day_start(filters.received_from))
    if filters.received_to is not None:
        query = query.where(created < local_day_start(filters.received_to + timedelta(days=1)))
    if filters.text_match is not None:
        query = query.where(filters.text_match.condition)
    if moderator_id is not None:
        query = query.where(~claimed_by_others(moderator_id, now))
        if filters.mine:
            query = query.where(Feedback.id.in_(claimed_ids(moderator_id, now)))
    return query, (created, key)


def _page(draft_ids, filters, after, limit, now, moderator_id, *extra):
    """Run one keyset query of the queue."""
    query, (created, key) = queue_statement(draft_ids, filters, now, moderator_id, *extra)
    if after is not None:
        created_at, feedback_id = after
        query = query.where(or_(created > created_at, and_(created == created_at, key > feedback_id)))
    query = query.options(joinedload(Feedback.article), joinedload(Feedback.clause), joinedload(Feedback.draft))
    with plan_settings(filters.text_match):
        return db.session.scalars(query.order_by(created, key).limit(limit)).all()


# --- Claims: read here, written by consult.moderation.claims ----------------------------------------------------


def claimed_by_others(moderator_id, now):
    """Condition: another moderator holds a claim on the opinion that has not expired.

    One primary-key probe of the small claims table per opinion the walk passes; the walk passes at most the
    claimed opinions (a few per moderator at work) more than it would without claims."""
    return exists().where(
        FeedbackClaim.feedback_id == Feedback.id,
        FeedbackClaim.user_id != moderator_id,
        FeedbackClaim.claimed_until > now,
    )


def claimed_ids(moderator_id, now):
    """SELECT of the ids of the opinions a moderator holds a live claim on."""
    return select(FeedbackClaim.feedback_id).where(
        FeedbackClaim.user_id == moderator_id, FeedbackClaim.claimed_until > now
    )


# --- Counts -----------------------------------------------------------------------------------------------------

# Counting stops here: the page says "more than 10,000". An exact count(*) of a million pending opinions reads the
# whole queue's index: bench/queue.py measured it (docs/benchmarks.md, 08/12/2026) at about 90 ms on SQLite and
# 60 ms on PostgreSQL, more than the first page's whole budget; ten thousand index entries take about 2 ms, and a
# moderator decides the same way whether 12,000 or 900,000 wait.
COUNT_CAP = 10_000
CHOICE_COUNT_CAP = 100  # per draft, channel and flag in the filter's lists: "100+" (about 20 counts per page)


@dataclass(frozen=True)
class Count:
    """A capped count: `value` opinions, or more than `value` when `more`."""

    value: int
    more: bool = False


def count_matching(draft_ids, filters, now=None, moderator_id=None, cap=None):
    """Return the Count of the pending opinions the filter keeps, at most `cap` index entries read; None when the
    filter's words are frequent (counting them would walk the queue checking each opinion's words)."""
    if filters.text_match is not None and filters.text_match.frequent:
        return None
    extra = ()
    if filters.group_id is not None:
        extra = (or_(Feedback.id == filters.group_id, Feedback.duplicate_group_id == filters.group_id),)
    query, _order = queue_statement(draft_ids, filters, now, moderator_id, *extra)
    return _capped(query, COUNT_CAP if cap is None else cap)


def _capped(query, cap):
    """Return the Count of a SELECT's rows, reading at most cap + 1 of them."""
    counted = db.session.scalar(
        select(func.count()).select_from(query.with_only_columns(literal(1)).limit(cap + 1).subquery())
    )
    return Count(min(counted, cap), counted > cap)


def choice_counts(draft_ids, drafts, channels, flags, cap=CHOICE_COUNT_CAP):
    """Return {("draft"|"channel"|"flag", value): Count} of the whole pending queue the moderator sees, for the
    filter's lists, in one statement of capped counts (each reads at most cap + 1 entries of its own index)."""
    drafts, channels, flags = list(drafts), tuple(channels), tuple(flags)
    if not (drafts or channels or flags):
        return {}
    statement = _choice_statement(len(drafts), channels, flags, draft_ids is not None, cap)
    params = {f"draft_{index}": draft.id for index, draft in enumerate(drafts)}
    if draft_ids is not None:
        params["allowed"] = list(draft_ids)
    values = db.session.execute(statement, params).one()
    keys = [("draft", draft.id) for draft in drafts] + [("channel", code) for code in channels]
    keys += [("flag", code) for code in flags]
    return {key: Count(min(counted, cap), counted > cap) for key, counted in zip(keys, values, strict=True)}


@functools.lru_cache(maxsize=64)
def _choice_statement(drafts, channels, flags, restricted, cap):
    """Build the statement of choice_counts once per shape, the values as parameters: building twenty SELECTs
    costs more than running them."""
    allowed = bindparam("allowed", expanding=True) if restricted else None
    wanted = (
        [QueueFilter(draft_id=bindparam(f"draft_{index}")) for index in range(drafts)]
        + [QueueFilter(channel=code) for code in channels]
        + [QueueFilter(flag=code) for code in flags]
    )
    return select(
        *[
            select(func.count())
            .select_from(
                queue_statement(allowed, filters, utcnow())[0].with_only_columns(literal(1)).limit(cap + 1).subquery()
            )
            .scalar_subquery()
            for filters in wanted
        ]
    )


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
