"""The scoreboard's figures: per agency and period, computed by a few statements whatever the number of agencies,
drafts and opinions (the period's drafts with their closing; their opinion counts: stored for drafts whose window
has ended, consult.scoreboard.tally, and counted for the others, grouped by draft, channel and status and answers
grouped by draft; the agencies expected; the agencies expected or consulting), then summed per agency over the
per-draft rows in Python (a few thousand rows a year).

A draft belongs to the period in which its window opened (Viet Nam time). Opinions counted are those received and
not refused: pending or published (FeedbackStatus.COUNTED), as in the agency's own summary; only published opinions
can be answered, so the share answered is over them.
"""

import statistics
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from consult.agency.models import Agency, AgencyKind
from consult.answers.models import Answer, AnswerText
from consult.audit import AuditLog
from consult.database import utcnow
from consult.drafts.models import Draft, DraftStatus
from consult.drafts.window import minimum_days
from consult.extensions import db
from consult.feedback.models import Feedback, FeedbackStatus
from consult.i18n import LOCAL_TZ
from consult.scoreboard import tally
from consult.scoreboard.models import WHOLE_YEAR, AgencyExpectation

FIRST_YEAR, LAST_YEAR = 2000, 2100
QUARTERS = (1, 2, 3, 4)
ONLINE = "web"  # the channel of the online form; every other channel is an opinion gathered offline
DAY = timedelta(days=1)

# The columns the table may be sorted by, each with the row's value it sorts on.
SORT_KEYS = {
    "agency": lambda row: row.name.casefold(),
    "level": lambda row: row.kind,
    "expected": lambda row: row.expected,
    "drafts": lambda row: row.drafts,
    "minimum": lambda row: row.met_minimum,
    "early": lambda row: row.closed_early,
    "online": lambda row: row.online,
    "offline": lambda row: row.offline,
    "answered": lambda row: row.answered_share,
    "published": lambda row: row.published_share,
    "median": lambda row: row.median_days,
    "report": lambda row: row.reports,
}
DEFAULT_SORT = "drafts"


class ScoreboardError(ValueError):
    """A query parameter of the scoreboard is not valid: `name` says which."""

    def __init__(self, name):
        super().__init__(name)
        self.name = name


@dataclass(frozen=True)
class Period:
    """A year (quarter 0) or one quarter of it, in Viet Nam time."""

    year: int
    quarter: int = WHOLE_YEAR

    @property
    def first_day(self):
        """Return the period's first day."""
        return date(self.year, 1 if self.quarter == WHOLE_YEAR else 3 * self.quarter - 2, 1)

    @property
    def end_day(self):
        """Return the day after the period's last day."""
        if self.quarter in (WHOLE_YEAR, 4):
            return date(self.year + 1, 1, 1)
        return date(self.year, 3 * self.quarter + 1, 1)

    def bounds(self):
        """Return the period's start and end as moments in UTC (the end excluded)."""
        return _utc_midnight(self.first_day), _utc_midnight(self.end_day)


def _utc_midnight(day):
    """Return 00:00 of `day` in Viet Nam, in UTC."""
    return datetime(day.year, day.month, day.day, tzinfo=LOCAL_TZ).astimezone(UTC)


def current_year(now=None):
    """Return the current year in Viet Nam."""
    return (now or utcnow()).astimezone(LOCAL_TZ).year


def read_query(args, now=None):
    """Return (period, level, sort, descending) from query parameters (year, quarter, level, sort, order); raise
    ScoreboardError naming the first one that is not valid. Empty values mean the default."""
    year = _whole_number(args, "year", FIRST_YEAR, LAST_YEAR, default=current_year(now))
    quarter = _whole_number(args, "quarter", 1, 4, default=WHOLE_YEAR)
    level = args.get("level") or None
    if level is not None and level not in AgencyKind.ALL:
        raise ScoreboardError("level")
    sort = args.get("sort") or DEFAULT_SORT
    if sort not in SORT_KEYS:
        raise ScoreboardError("sort")
    order = args.get("order") or ("asc" if sort in ("agency", "level") else "desc")
    if order not in ("asc", "desc"):
        raise ScoreboardError("order")
    return Period(year, quarter), level, sort, order == "desc"


def _whole_number(args, name, low, high, default):
    """Return the parameter `name` as a whole number from low to high, or `default` when it is absent or empty."""
    raw = (args.get(name) or "").strip()
    if not raw:
        return default
    if not raw.isascii() or not raw.isdigit() or not low <= int(raw) <= high:
        raise ScoreboardError(name)
    return int(raw)


@dataclass
class Row:
    """One agency's figures in a period."""

    agency_id: int
    slug: str
    name: str
    kind: str
    expected: bool
    drafts: int = 0
    met_minimum: int = 0
    closed_early: int = 0
    online: int = 0
    offline: int = 0
    published_opinions: int = 0  # the opinions that can be answered
    answered: int = 0
    answers: int = 0
    answers_published: int = 0
    reports: int = 0
    answer_days: list = field(default_factory=list)

    @property
    def answered_share(self):
        """Return the share of published opinions with an answer, from 0 to 1, or None when there is none."""
        return self.answered / self.published_opinions if self.published_opinions else None

    @property
    def published_share(self):
        """Return the share of answers made public, from 0 to 1, or None when there is no answer."""
        return self.answers_published / self.answers if self.answers else None

    @property
    def median_days(self):
        """Return the median of days from a window's end to its answers' publication, or None."""
        return round(statistics.median(self.answer_days), 1) if self.answer_days else None

    @property
    def consulted(self):
        """Return whether the agency put at least one draft to consultation in the period."""
        return self.drafts > 0


@dataclass
class DraftFacts:
    """What the scoreboard says of one draft of the period."""

    id: int
    agency_id: int
    slug: str
    title: str
    opens_at: datetime
    ended_at: datetime  # the window's end, or when the agency closed it earlier
    closed_early: bool
    met_minimum: bool
    answers_published_at: datetime | None
    stored: tuple | None = None  # its stored opinion counts (consult.scoreboard.tally), if any and not stale
    has_row: bool = False  # whether it has a row of stored counts, stale or not


@dataclass
class Scoreboard:
    """The rows of a period (agencies expected to consult or that did), with the drafts closed early."""

    period: Period
    level: str | None
    rows: list
    early: list  # DraftFacts of the drafts closed before their window's end

    @property
    def expected(self):
        """Return how many agencies were expected to consult."""
        return sum(row.expected for row in self.rows)

    @property
    def expected_did(self):
        """Return how many of the expected agencies consulted."""
        return sum(row.expected and row.consulted for row in self.rows)

    @property
    def unexpected_did(self):
        """Return how many agencies consulted without being expected to."""
        return sum(not row.expected and row.consulted for row in self.rows)

    def sorted_rows(self, sort=DEFAULT_SORT, descending=True):
        """Return the rows sorted by a column (rows without a value last), then by agency name."""
        key = SORT_KEYS[sort]
        rows = sorted(self.rows, key=lambda row: row.name.casefold())
        known = [row for row in rows if key(row) is not None]
        return sorted(known, key=key, reverse=descending) + [row for row in rows if key(row) is None]


def period_drafts(period, level=None, now=None):
    """Return the condition on drafts put to consultation in the period (published, window opened by `now`)."""
    start, end = period.bounds()
    conditions = [
        Draft.status != DraftStatus.DRAFT,
        Draft.opens_at >= start,
        Draft.opens_at < end,
        Draft.opens_at <= (now or utcnow()),
    ]
    if level is not None:
        conditions.append(Draft.agency_id.in_(select(Agency.id).where(Agency.kind == level)))
    return conditions


def draft_facts(period, level=None, now=None):
    """Return the DraftFacts of every draft of the period (one statement: the agency's closing read from the audit
    log, as the feeds read it; the stored opinion counts joined)."""
    closed_at = (
        select(func.max(AuditLog.created_at))
        .where(AuditLog.object_type == "draft", AuditLog.object_id == Draft.id, AuditLog.action == "draft.close")
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(
            Draft.id,
            Draft.agency_id,
            Draft.slug,
            Draft.title,
            Draft.doc_type,
            Draft.status,
            Draft.opens_at,
            Draft.closes_at,
            Draft.answers_published_at,
            closed_at,
            *tally.stored_columns(),
        )
        .outerjoin(*tally.stored_join(Draft.id))
        .where(*period_drafts(period, level, now))
        .order_by(Draft.opens_at, Draft.id)
    )
    facts = []
    minimums = {}
    for id_, agency_id, slug, title, doc_type, status, opens_at, closes_at, published_at, closed, *stored in rows:
        closed = closed.replace(tzinfo=UTC) if closed is not None and closed.tzinfo is None else closed
        early = status in (DraftStatus.CLOSED, DraftStatus.ANSWERED) and closed is not None and closed < closes_at
        ended = closed if early else closes_at
        if doc_type not in minimums:
            minimums[doc_type] = minimum_days(doc_type) * DAY
        met = ended - opens_at >= minimums[doc_type]
        facts.append(
            DraftFacts(
                id_,
                agency_id,
                slug,
                title,
                opens_at,
                ended,
                early,
                met,
                published_at,
                tally.read_stored(*stored),
                stored[0] is not None,
            )
        )
    return facts


def opinion_counts(draft_ids):
    """Return {draft id: [online, offline, published, answered, answers published]} for these drafts.

    Two statements grouped by draft, each read from one index in its order (ix_feedback_draft_channel_status,
    ix_answer_text_id_published_at): a million opinions are counted without reading the table. Answers are counted
    from their own table: an answer exists only on a published opinion (answers.services.answer_feedbacks refuses
    others, and moderators decide pending opinions only), so every answer is one published opinion answered.

    The ids are given as values, not as a subquery: PostgreSQL then reads the index in order and counts each group
    as it ends (a GroupAggregate), instead of hashing a million rows joined to the drafts.
    """
    counts = {}
    if not draft_ids:
        return counts
    drafts = list(draft_ids)
    # Every status is grouped and the uncounted ones dropped here: cheaper than testing each index entry in SQL.
    by_channel = (
        select(Feedback.draft_id, Feedback.channel, Feedback.status, func.count())
        .where(Feedback.draft_id.in_(drafts))
        .group_by(Feedback.draft_id, Feedback.channel, Feedback.status)
    )
    for draft_id, channel, status, count in db.session.execute(by_channel):
        if status not in FeedbackStatus.COUNTED:
            continue
        row = counts.setdefault(draft_id, [0, 0, 0, 0, 0])
        row[0 if channel == ONLINE else 1] += count
        if status == FeedbackStatus.APPROVED:
            row[2] += count
    answers = (
        select(AnswerText.draft_id, func.count(Answer.id), func.count(Answer.published_at))
        .join(Answer, Answer.text_id == AnswerText.id)
        .where(AnswerText.draft_id.in_(drafts))
        .group_by(AnswerText.draft_id)
    )
    for draft_id, answered, published in db.session.execute(answers):
        row = counts.setdefault(draft_id, [0, 0, 0, 0, 0])
        row[3], row[4] = answered, published
    return counts


def period_counts(facts, now):
    """Return {draft id: figures of opinion_counts} of these drafts: stored for those whose window has ended
    (recounted when stale), counted now for the others (consult.scoreboard.tally)."""
    counts = {fact.id: fact.stored for fact in facts if fact.stored is not None and fact.ended_at <= now}
    ended = [fact.id for fact in facts if fact.stored is None and fact.ended_at <= now]
    running = [fact for fact in facts if fact.ended_at > now]
    if ended:
        counts.update(tally.recount(ended, opinion_counts))
    if any(fact.has_row for fact in running):
        tally.forget([fact.id for fact in running if fact.has_row])
    if running:
        counts.update(opinion_counts([fact.id for fact in running]))
    return counts


def expected_agency_ids(period):
    """Return the ids of the agencies expected to consult in the period."""
    return set(
        db.session.scalars(
            select(AgencyExpectation.agency_id).where(
                AgencyExpectation.year == period.year, AgencyExpectation.quarter == period.quarter
            )
        )
    )


def build_scoreboard(period, level=None, now=None):
    """Return the Scoreboard of a period (of one level of government, if given)."""
    now = now or utcnow()
    facts = draft_facts(period, level, now)
    counts = period_counts(facts, now)
    expected = expected_agency_ids(period)
    wanted = expected | {fact.agency_id for fact in facts}
    # The expected agencies and those whose drafts are in the period; of the level asked for (the drafts are).
    query = select(Agency.id, Agency.slug, Agency.name, Agency.kind).where(Agency.id.in_(wanted))
    if level is not None:
        query = query.where(Agency.kind == level)
    rows = {
        agency_id: Row(agency_id, slug, name, kind, agency_id in expected)
        for agency_id, slug, name, kind in db.session.execute(query)
    }
    for fact in facts:
        row = rows[fact.agency_id]
        row.drafts += 1
        row.met_minimum += fact.met_minimum
        row.closed_early += fact.closed_early
        if fact.answers_published_at is not None:
            row.reports += 1
            row.answer_days.append(max(0.0, (fact.answers_published_at - fact.ended_at) / DAY))
        online, offline, published, answered, answers_published = counts.get(fact.id, (0, 0, 0, 0, 0))
        row.online += online
        row.offline += offline
        row.published_opinions += published
        row.answered += answered
        row.answers += answered  # every answer counted is on a published opinion
        row.answers_published += answers_published
    early = [fact for fact in facts if fact.closed_early]
    return Scoreboard(period, level, list(rows.values()), early)
