"""The numbers of the statistics pages, each one SQL GROUP BY: no opinion row is loaded.

The public counts approved opinions only (what anyone can read on the draft's pages), as the public summary does
(consult.reports.summary.PUBLISHED); site-wide, those of published drafts. Days are local days in
Asia/Ho_Chi_Minh, and an opinion gathered offline counts on the day it was given (`received_on`), as in the
agency's summary. Page views are the sums of page_view_day.
"""

from datetime import date, timedelta

from sqlalchemy import func, select

from consult.database import local_day
from consult.drafts.models import Draft, DraftStatus
from consult.extensions import db
from consult.feedback.models import AUTHOR_KINDS, CHANNELS, Feedback, FeedbackStatus
from consult.localities import OTHER, PROVINCES, locality_choices
from consult.statistics.models import PageViewDay

LOCAL_OFFSET_MINUTES = 7 * 60  # Việt Nam: UTC+7 all year
ONLINE_CHANNELS = ("web",)  # every other channel is an opinion gathered offline (consult.offline.rules)
MAX_DAYS = 366  # the table by day shows at most the last year with numbers


def opinion_filter(draft=None):
    """The WHERE clauses of the opinions the public counts: approved ones, of this draft or of any published one."""
    if draft is not None:
        return (Feedback.draft_id == draft.id, Feedback.status == FeedbackStatus.APPROVED)
    published = select(Draft.id).where(Draft.status != DraftStatus.DRAFT)
    return (Feedback.draft_id.in_(published), Feedback.status == FeedbackStatus.APPROVED)


def _grouped(column, where):
    """{value: count} of the counted opinions grouped by one column."""
    return dict(db.session.execute(select(column, func.count()).where(*where).group_by(column)).all())


def opinions_by_day(draft=None):
    """{local date: count} of the counted opinions."""
    day = func.coalesce(Feedback.received_on, local_day(Feedback.created_at, LOCAL_OFFSET_MINUTES))
    counts = {}
    for value, count in db.session.execute(select(day, func.count()).where(*opinion_filter(draft)).group_by(day)).all():
        value = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])  # SQLite returns text
        counts[value] = counts.get(value, 0) + count
    return counts


def views_by_day(draft=None):
    """{local date: page views} of the draft's pages, or of the whole site (drafts and home page)."""
    query = select(PageViewDay.day, func.sum(PageViewDay.views)).group_by(PageViewDay.day)
    if draft is not None:
        query = query.where(PageViewDay.draft_id == draft.id)
    else:  # the views of unpublished drafts (their own agency reading them) are not the public's
        query = query.where(
            (PageViewDay.draft_id.is_(None))
            | PageViewDay.draft_id.in_(select(Draft.id).where(Draft.status != DraftStatus.DRAFT))
        )
    return {value: int(views) for value, views in db.session.execute(query).all()}


def day_rows(views, opinions):
    """[(date, views, opinions)] of every day from the first with a number to the last (at most MAX_DAYS)."""
    days = set(views) | set(opinions)
    if not days:
        return []
    last = max(days)
    first = max(min(days), last - timedelta(days=MAX_DAYS - 1))
    return [
        (day, views.get(day, 0), opinions.get(day, 0))
        for day in (first + timedelta(days=n) for n in range((last - first).days + 1))
    ]


def channel_rows(draft=None):
    """[(channel code, online?, count)] of every channel, zero included, then any unknown code stored."""
    counts = _grouped(Feedback.channel, opinion_filter(draft))
    codes = list(CHANNELS) + sorted(code for code in counts if code not in CHANNELS)
    return [(code, code in ONLINE_CHANNELS, counts.get(code, 0)) for code in codes]


def kind_rows(draft=None):
    """[(author kind code, count)] of every kind, zero included."""
    counts = _grouped(Feedback.author_kind, opinion_filter(draft))
    codes = list(AUTHOR_KINDS) + sorted(code for code in counts if code not in AUTHOR_KINDS)
    return [(code, counts.get(code, 0)) for code in codes]


def locality_rows(draft=None):
    """[(locality code, count)]: the 34 provinces by name, then abroad, not stated and any other code stored."""
    counts = _grouped(Feedback.locality, opinion_filter(draft))
    codes = [code for code, _name in locality_choices()]
    codes += sorted(code for code in counts if code not in PROVINCES and code not in OTHER)
    return [(code, counts.get(code, 0)) for code in codes]


def participation(draft=None):
    """Everything a statistics page shows, for a draft or (None) the whole site."""
    views, opinions = views_by_day(draft), opinions_by_day(draft)
    channels = channel_rows(draft)
    return {
        "days": day_rows(views, opinions),
        "views": sum(views.values()),
        "opinions": sum(opinions.values()),
        "online": sum(count for _code, online, count in channels if online),
        "offline": sum(count for _code, online, count in channels if not online),
        "channels": channels,
        "kinds": kind_rows(draft),
        "localities": locality_rows(draft),
    }
