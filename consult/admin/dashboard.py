"""Moderation figures for the admin dashboard, each computed by SQL aggregates (never by loading opinions).

Time to decision is decided_at - created_at of decided opinions; its median and 90th percentile use the
nearest-rank method (the value at rank ceil(p·n) in ascending order), which is exact and the same on both backends:
each rank is read at its OFFSET in an index of the decision times per draft (migration 0020), instead of sorting
every decided opinion as percentile_disc and window functions do, which grows with the whole moderation history
(bench/audit.py's dashboard_ms, docs/benchmarks.md). Days are the calendar days of the configured time zone
(Asia/Ho_Chi_Minh has kept UTC+7 without daylight saving since 1975, so a fixed offset taken from the zone is
exact).
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from babel.units import format_unit
from flask_babel import get_locale
from sqlalchemy import and_, case, func, literal, literal_column, select, union_all
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement
from sqlalchemy.types import Float

from consult.auth.models import User
from consult.database import in_filter_keeps_partial_index, local_day, utc_offset_minutes
from consult.drafts.models import Draft
from consult.extensions import db
from consult.feedback.models import Feedback, FeedbackStatus
from consult.moderation.models import ModerationDecision

DECIDED = (FeedbackStatus.APPROVED, FeedbackStatus.REJECTED)


class seconds_between(FunctionElement):
    """SQL for the number of seconds from the second timestamp to the first."""

    type = Float()
    inherit_cache = True


@compiles(seconds_between)
def _seconds_between_postgresql(element, compiler, **kw):
    later, earlier = list(element.clauses)
    return f"EXTRACT(EPOCH FROM ({compiler.process(later, **kw)} - {compiler.process(earlier, **kw)}))"


@compiles(seconds_between, "sqlite")
def _seconds_between_sqlite(element, compiler, **kw):
    later, earlier = list(element.clauses)
    return f"((julianday({compiler.process(later, **kw)}) - julianday({compiler.process(earlier, **kw)})) * 86400.0)"


@dataclass
class DraftTiming:
    """A draft's pending and decided opinions and how long decisions took (seconds)."""

    draft: Draft
    pending: int = 0
    oldest_pending_at: datetime | None = None
    decided: int = 0
    median_seconds: float | None = None
    p90_seconds: float | None = None


# The decided opinions, written with literals (not bound parameters) so that both engines see that a query implies
# the WHERE of the partial index on (draft_id, seconds to decision) that migration 0020 makes.
DECIDED_ROWS = (
    Feedback.decided_at.isnot(None),
    Feedback.status.in_([literal_column(f"'{status}'") for status in DECIDED]),
)


def decision_seconds():
    """Return the SQL of an opinion's seconds from submission to decision (the expression migration 0020 indexes)."""
    return seconds_between(Feedback.decided_at, Feedback.created_at)


def time_to_decision(draft_ids=None):
    """Return {draft_id: (decided count, median seconds, p90 seconds)} in two queries, whatever the drafts' size.

    The nearest ranks are read off the index of each draft's decision times in order: the median OFFSET rank - 1
    from the fastest, the p90 from the slowest end (n - rank entries), so no decided opinion is sorted and at most
    1.5 index entries per decided opinion are stepped over (a count, half, a tenth).
    """
    query = select(Feedback.draft_id, func.count()).where(*DECIDED_ROWS).group_by(Feedback.draft_id)
    # Asked for some drafts, SQLite's planner leaves the partial index for the summary index (draft_id, status, ...)
    # and reads each row for decided_at, slower than counting the whole partial index: there every draft is counted
    # and the others are dropped below. PostgreSQL reads the drafts' ranges of the partial index, cheaper than
    # counting all of it (bench/audit.py's draft_page_ms, docs/benchmarks.md).
    if draft_ids is not None and in_filter_keeps_partial_index():
        query = query.where(Feedback.draft_id.in_(draft_ids))
    counts = dict(db.session.execute(query).all())
    if draft_ids is not None:
        wanted = set(draft_ids)
        counts = {draft_id: n for draft_id, n in counts.items() if draft_id in wanted}
    if not counts:
        return {}
    seconds = decision_seconds()

    def ranked(draft_id, descending, offset):
        return (
            select(seconds)
            .where(Feedback.draft_id == draft_id, *DECIDED_ROWS)
            .order_by(seconds.desc() if descending else seconds)
            .offset(offset)
            .limit(1)
            .scalar_subquery()
        )

    # Nearest rank ceil(p·n) in integer arithmetic: (n + 1) // 2 for the median, (9n + 9) // 10 for p90.
    branches = [
        select(
            literal(draft_id), ranked(draft_id, False, (n + 1) // 2 - 1), ranked(draft_id, True, n - (9 * n + 9) // 10)
        )
        for draft_id, n in sorted(counts.items())
    ]
    rows = db.session.execute(union_all(*branches) if len(branches) > 1 else branches[0]).all()
    return {draft_id: (counts[draft_id], _number(median), _number(p90)) for draft_id, median, p90 in rows}


def _number(value):
    """Return a figure read from the database (PostgreSQL gives Decimal) as a float."""
    return None if value is None else float(value)


def pending_by_draft(draft_ids=None):
    """Return {draft_id: (pending count, oldest pending created_at)}.

    Counted draft by draft, each from its range of the (draft_id, status, created_at) index alone: grouping every
    pending opinion by draft makes PostgreSQL visit each one's row.
    """
    pending = and_(Feedback.draft_id == Draft.id, Feedback.status == FeedbackStatus.PENDING)
    count = select(func.count()).where(pending).correlate(Draft).scalar_subquery()
    oldest = select(func.min(Feedback.created_at)).where(pending).correlate(Draft).scalar_subquery()
    query = select(Draft.id, count, oldest)
    if draft_ids is not None:
        query = query.where(Draft.id.in_(draft_ids))
    return {draft_id: (n, _as_utc(oldest)) for draft_id, n, oldest in db.session.execute(query).all() if n}


def _as_utc(value):
    """Return a timestamp read through an aggregate (which skips the column type) as an aware UTC datetime."""
    if value is None or (isinstance(value, datetime) and value.tzinfo is not None):
        return value
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC)


def draft_timings():
    """Return a DraftTiming for every draft that has pending or decided opinions, most pending first."""
    pending = pending_by_draft()
    decided = time_to_decision()
    draft_ids = set(pending) | set(decided)
    if not draft_ids:
        return []
    drafts = db.session.scalars(select(Draft).where(Draft.id.in_(draft_ids))).all()
    timings = []
    for draft in drafts:
        count, oldest = pending.get(draft.id, (0, None))
        n, median, p90 = decided.get(draft.id, (0, None, None))
        timings.append(DraftTiming(draft, count, oldest, n, median, p90))
    timings.sort(key=lambda t: (-t.pending, t.oldest_pending_at or datetime.max.replace(tzinfo=UTC), t.draft.id))
    return timings


@dataclass
class Throughput:
    """Decisions on one draft per moderator: per local day over the last `days` days, and in total."""

    days: list  # the local days, newest first
    moderators: list  # (user or None for a deleted account's rows, total, in the window), busiest first
    per_day: dict = field(default_factory=dict)  # {(moderator_id, day): count}
    day_totals: dict = field(default_factory=dict)  # {day: count}

    @property
    def busiest_day(self):
        """Return the largest number of decisions on one day (for scaling the bars)."""
        return max(self.day_totals.values(), default=0)


def moderator_throughput(draft, days, zone, today=None):
    """Count a draft's decisions per moderator per local day over the last `days` days and in total: one query."""
    offset = utc_offset_minutes(zone)
    today = today or datetime.now(ZoneInfo(zone)).date()
    first_day = today - timedelta(days=days - 1)
    day = local_day(ModerationDecision.created_at, offset)
    in_window = day >= first_day
    rows = db.session.execute(
        select(ModerationDecision.moderator_id, case((in_window, day)).label("day"), func.count())
        .join(Feedback, and_(Feedback.id == ModerationDecision.feedback_id, Feedback.draft_id == draft.id))
        .group_by(ModerationDecision.moderator_id, case((in_window, day)))
    ).all()
    totals, windowed, per_day, day_totals = {}, {}, {}, {}
    for moderator_id, on_day, count in rows:
        totals[moderator_id] = totals.get(moderator_id, 0) + count
        if on_day is not None:
            on_day = on_day if isinstance(on_day, date) else date.fromisoformat(on_day)
            per_day[(moderator_id, on_day)] = count
            windowed[moderator_id] = windowed.get(moderator_id, 0) + count
            day_totals[on_day] = day_totals.get(on_day, 0) + count
    users = {user.id: user for user in db.session.scalars(select(User).where(User.id.in_([i for i in totals if i])))}
    moderators = sorted(
        (
            (users.get(moderator_id), moderator_id, total, windowed.get(moderator_id, 0))
            for moderator_id, total in totals.items()
        ),
        key=lambda item: (-item[3], -item[2], item[1] or 0),
    )
    window = [today - timedelta(days=n) for n in range(days)]
    return Throughput(window, moderators, per_day, {d: day_totals.get(d, 0) for d in window})


def seconds_text(seconds):
    """Return a duration as at most two localized units: "3 phút", "2 giờ 15 phút", "4 ngày 6 giờ"."""
    if seconds is None:
        return ""
    minutes = round(seconds / 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        parts = [(days, "day")] + ([(hours, "hour")] if hours else [])
    elif hours:
        parts = [(hours, "hour")] + ([(minutes, "minute")] if minutes else [])
    else:
        parts = [(minutes, "minute")]
    locale = get_locale()
    return " ".join(format_unit(value, f"duration-{unit}", length="long", locale=locale) for value, unit in parts)
