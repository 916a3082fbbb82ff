"""The numbers of a draft's consultation, for the agency's summary pages and every report: each count is one SQL
GROUP BY, no opinion row is loaded.

Who counts what: the agency counts the opinions pending or approved (rejected ones only in `by_status`), the public
the approved ones only; opinions whose email is not yet confirmed are counted by nobody. Days are local days in
Asia/Ho_Chi_Minh: an opinion sent at 23:30 on 1 March in Hà Nội (16:30 UTC) counts on 01/03, one sent at 00:30 on
2 March (17:30 UTC on 1 March) on 02/03. An opinion gathered offline counts on the day it was given (`received_on`),
not the day it was typed in.

Two layers: count_breakdowns() returns plain JSON-safe values (ids, codes, ISO dates), which a summary run stores in
its snapshot (consult/agency/summary_runs.py); present_counts() turns them, or a stored snapshot, into what the
pages, the charts and the reports read. count_summary() is both at once, live. The agency's dashboard adds the
groups of identical or similar opinions to these numbers (consult/agency/summary.py).
"""

from datetime import date, timedelta

from sqlalchemy import func, inspect, select

from consult.database import local_day
from consult.drafts.models import Article
from consult.extensions import db
from consult.feedback.models import CHANNELS, STANCES, Feedback, FeedbackStatus
from consult.localities import locality_name
from consult.reports.models import Audience

LOCAL_OFFSET_HOURS = 7  # Việt Nam has kept UTC+7 without daylight saving since 1975
COUNTED = FeedbackStatus.COUNTED  # what the agency counts
PUBLISHED = (FeedbackStatus.APPROVED,)  # what the public sees and counts


def seen_statuses(audience):
    """Return the statuses of the opinions an audience sees: listed in the sheets and counted in `by_status`."""
    return FeedbackStatus.ALL if audience == Audience.AGENCY else PUBLISHED


def counted_statuses(audience):
    """Return the statuses an audience's tables count: pending and approved for the agency, approved for the public."""
    return COUNTED if audience == Audience.AGENCY else PUBLISHED


def counted_filter(draft, audience=Audience.AGENCY, counted=None):
    """Return the WHERE clauses of the opinions an audience's summary counts (or the statuses `counted`)."""
    return Feedback.draft_id == draft.id, Feedback.status.in_(counted or counted_statuses(audience))


def count_opinions(draft, statuses):
    """Return how many opinions of the draft have one of `statuses`."""
    return db.session.scalar(
        select(func.count()).select_from(Feedback).where(Feedback.draft_id == draft.id, Feedback.status.in_(statuses))
    )


def count_summary(draft, audience=Audience.AGENCY, counted=None):
    """Count a draft's opinions as an audience may see them, live: present_counts() of count_breakdowns(). With
    `counted` (statuses), the breakdowns count those instead of the audience's (the synthesis report counts what its
    table holds: the approved opinions)."""
    return present_counts(draft, count_breakdowns(draft, audience, counted), audience, counted)


def count_breakdowns(draft, audience=Audience.AGENCY, counted=None):
    """Return the summary's counts as plain JSON-safe values (ids, codes, ISO dates): one GROUP BY each.

    `cells` are [status, article id, stance, count] of every status the audience sees, so statuses and the heat map
    are one pass; the other breakdowns count the audience's counted opinions.
    """
    counted = counted_filter(draft, audience, counted)
    cells = db.session.execute(
        select(Feedback.status, Feedback.article_id, Feedback.stance, func.count())
        .where(Feedback.draft_id == draft.id, Feedback.status.in_(seen_statuses(audience)))
        .group_by(Feedback.status, Feedback.article_id, Feedback.stance)
    ).all()
    return {
        "cells": [list(cell) for cell in cells],
        "by_kind": _grouped(Feedback.author_kind, counted),
        "by_locality": _grouped(Feedback.locality, counted),
        "by_channel": _grouped(Feedback.channel, counted),
        "by_day": _by_day(counted),
    }


def present_counts(draft, counts, audience=Audience.AGENCY, counted=None):
    """Return what the pages, the charts and the reports read from count_breakdowns(): articles loaded, locality
    names, every day and channel listed, the largest counts first."""
    counted = counted or counted_statuses(audience)
    by_status = dict.fromkeys(seen_statuses(audience), 0)
    for status, _article_id, _stance, count in counts["cells"]:
        by_status[status] = by_status.get(status, 0) + count
    rows, stance_totals = _article_rows(draft, [cell[1:] for cell in counts["cells"] if cell[0] in counted])
    by_channel = dict(counts["by_channel"])
    return {
        "by_status": by_status,
        "total": sum(by_status.values()),
        "counted": sum(stance_totals.values()),
        "articles": rows,
        "stance_totals": stance_totals,
        "by_kind": sorted(((code, count) for code, count in counts["by_kind"]), key=_largest_first),
        "by_locality": sorted(
            ((locality_name(code), count) for code, count in counts["by_locality"]), key=_largest_first
        ),
        # Every channel in CHANNELS order, zero included, then any unknown code that reached the database.
        "by_channel": [(code, by_channel.pop(code, 0)) for code in CHANNELS] + sorted(by_channel.items()),
        "by_day": _every_day(counts["by_day"]),
    }


def largest_first(pairs):
    """Return the (label, count) pairs that are not zero, the largest count first (the reports' order)."""
    return sorted((pair for pair in pairs if pair[1]), key=_largest_first)


def _largest_first(item):
    """Sort key of (label, count): largest count first, then by label, so equal counts keep one order."""
    return -item[1], str(item[0])


def _grouped(column, counted):
    """Return [[value, count]] of the counted opinions grouped by one column."""
    rows = db.session.execute(select(column, func.count()).where(*counted).group_by(column)).all()
    return [list(row) for row in rows]


def _article_rows(draft, cells):
    """Return the heat-map rows (whole draft, each current article, earlier versions) and the stance totals."""
    matrix = {}
    for article_id, stance, count in cells:
        matrix.setdefault(article_id, {}).setdefault(stance, 0)
        matrix[article_id][stance] += count
    articles = current_articles(draft)
    rows = [{"article": None, "counts": matrix.get(None, {})}]
    rows += [{"article": article, "counts": matrix.get(article.id, {})} for article in articles]
    current = {article.id for article in articles} | {None}
    earlier = {}
    for article_id, counts in matrix.items():
        if article_id not in current:  # opinions on articles of earlier versions of the text
            for stance, count in counts.items():
                earlier[stance] = earlier.get(stance, 0) + count
    if earlier:
        rows.append({"article": None, "earlier": True, "counts": earlier})
    for row in rows:
        row["total"] = sum(row["counts"].values())
    stance_totals = {stance: sum(row["counts"].get(stance, 0) for row in rows) for stance in STANCES}
    return rows, stance_totals


def current_articles(draft):
    """Return draft.articles (the current version's, in order) in one query, without loading the version."""
    if "current_version" in inspect(draft).dict:  # already loaded: no query at all
        return draft.articles
    return db.session.scalars(
        select(Article).where(Article.version_id == draft.current_version_id).order_by(Article.position)
    ).all()


def _by_day(counted):
    """Return [[ISO local date, count]] of the days that have counted opinions, in order."""
    day = func.coalesce(Feedback.received_on, local_day(Feedback.created_at, LOCAL_OFFSET_HOURS * 60))
    counts = {}
    for value, count in db.session.execute(select(day, func.count()).where(*counted).group_by(day)).all():
        value = value.isoformat() if isinstance(value, date) else str(value)[:10]  # SQLite returns text
        counts[value] = counts.get(value, 0) + count
    return [[value, counts[value]] for value in sorted(counts)]


def _every_day(by_day):
    """Return [(date, count)] of every day from the first to the last of [[ISO date, count]], the others at 0."""
    counts = {date.fromisoformat(value): count for value, count in by_day}
    if not counts:
        return []
    first, last = min(counts), max(counts)
    return [
        (first + timedelta(days=n), counts.get(first + timedelta(days=n), 0)) for n in range((last - first).days + 1)
    ]
