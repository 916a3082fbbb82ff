"""The numbers of a draft's consultation: every count is one SQL GROUP BY, no opinion row is loaded.

Counted opinions are those pending or approved (rejected ones and those whose email is not yet confirmed are not
counted anywhere but in `by_status`). Days are local days in Asia/Ho_Chi_Minh: an opinion sent at 23:30 on
1 March in Hà Nội (16:30 UTC) counts on 01/03, one sent at 00:30 on 2 March (17:30 UTC on 1 March) on 02/03.
An opinion gathered offline counts on the day it was given (`received_on`), not the day it was typed in.

Two layers: count_breakdowns() and count_groups() return plain JSON-safe values (ids, codes, ISO dates), which a
summary run stores as its snapshot (consult/agency/summary_runs.py); present_summary() turns them, or a stored
snapshot, into what the page, the charts and the reports read. build_summary() is both at once, live.
"""

from datetime import date, timedelta

from sqlalchemy import case, func, inspect, select
from sqlalchemy.orm import joinedload

from consult.database import local_day
from consult.drafts.models import Article
from consult.extensions import db
from consult.feedback.duplicates import select_grouped
from consult.feedback.models import CHANNELS, STANCES, Feedback, FeedbackStatus
from consult.localities import locality_name

LOCAL_OFFSET_HOURS = 7  # Việt Nam has kept UTC+7 without daylight saving since 1975
COUNTED = (FeedbackStatus.PENDING, FeedbackStatus.APPROVED)
TOP_GROUPS = 10


def counted_filter(draft):
    """Return the WHERE clauses of the opinions the summary counts."""
    return Feedback.draft_id == draft.id, Feedback.status.in_(COUNTED)


def build_summary(draft):
    """Count a draft's opinions by status, and the counted ones by article × stance, author kind, locality,
    channel and local day; plus the largest groups of identical or near-identical opinions."""
    groups, _following = duplicate_groups_page(draft, limit=TOP_GROUPS)
    counts = {**count_breakdowns(draft), "grouped_opinions": grouped_opinions(draft)}
    return present_summary(draft, counts, groups)


def count_breakdowns(draft):
    """Return the summary's counts as plain JSON-safe values (ids, codes, ISO dates): one GROUP BY each.

    `cells` are [status, article id, stance, count] of every status, so statuses and the heat map are one pass.
    """
    counted = counted_filter(draft)
    cells = db.session.execute(
        select(Feedback.status, Feedback.article_id, Feedback.stance, func.count())
        .where(Feedback.draft_id == draft.id, Feedback.status.in_(FeedbackStatus.ALL))
        .group_by(Feedback.status, Feedback.article_id, Feedback.stance)
    ).all()
    return {
        "cells": [list(cell) for cell in cells],
        "by_kind": _grouped(Feedback.author_kind, counted),
        "by_locality": _grouped(Feedback.locality, counted),
        "by_channel": _grouped(Feedback.channel, counted),
        "by_day": _by_day(counted),
    }


def count_groups(draft):
    """Return the largest groups of copies [[representative id, size]] and how many groups and opinions there are."""
    groups, _following = duplicate_groups_page(draft, limit=TOP_GROUPS, entities=False)
    return {"groups": [[representative_id, size] for representative_id, size in groups],
            "grouped_opinions": grouped_opinions(draft)}


def present_summary(draft, counts, groups=None):
    """Return what the page, the charts and the reports read from count_breakdowns() + count_groups(): articles
    and representatives loaded (unless `groups` gives them), locality names, every day and channel listed."""
    by_status = dict.fromkeys(FeedbackStatus.ALL, 0)
    for status, _article_id, _stance, count in counts["cells"]:
        by_status[status] = by_status.get(status, 0) + count
    rows, stance_totals = _article_rows(draft, [cell[1:] for cell in counts["cells"] if cell[0] in COUNTED])
    by_channel = dict(counts["by_channel"])
    return {
        "by_status": by_status,
        "total": sum(by_status.values()),
        "counted": sum(stance_totals.values()),
        "articles": rows,
        "stance_totals": stance_totals,
        "by_kind": sorted(((code, count) for code, count in counts["by_kind"]), key=_largest_first),
        "by_locality": sorted(((locality_name(code), count) for code, count in counts["by_locality"]),
                              key=_largest_first),
        # Every channel in CHANNELS order, zero included, then any unknown code that reached the database.
        "by_channel": [(code, by_channel.pop(code, 0)) for code in CHANNELS] + sorted(by_channel.items()),
        "by_day": _every_day(counts["by_day"]),
        "groups": _representatives(counts["groups"]) if groups is None else groups,
        "grouped_opinions": dict(counts["grouped_opinions"]),
    }


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
    return db.session.scalars(select(Article).where(Article.version_id == draft.current_version_id)
                              .order_by(Article.position)).all()


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
    return [(first + timedelta(days=n), counts.get(first + timedelta(days=n), 0))
            for n in range((last - first).days + 1)]


def _representatives(groups):
    """Return [(representative Feedback, size)] of [[representative id, size]], in that order (one query)."""
    if not groups:
        return []
    ids = [representative_id for representative_id, _size in groups]
    loaded = {feedback.id: feedback for feedback in db.session.scalars(
        select(Feedback).where(Feedback.id.in_(ids)).options(joinedload(Feedback.article)))}
    return [(loaded[representative_id], size) for representative_id, size in groups if representative_id in loaded]


def _group_sizes(draft):
    """Return (representative Feedback entity, size expression, FROM clause) of the draft's groups.

    Only members (duplicate_group_id set, indexed) are grouped, so opinions nobody copied cost nothing; the
    representative adds one when it is itself counted.
    """
    members = (
        select_grouped(draft, Feedback.duplicate_group_id.label("representative_id"), func.count().label("members"))
        .where(Feedback.status.in_(COUNTED))
        .group_by(Feedback.duplicate_group_id)
        .subquery()
    )
    size = members.c.members + case((Feedback.status.in_(COUNTED), 1), else_=0)
    return size, members


def grouped_opinions(draft):
    """Return {"groups": groups of two or more counted opinions, "opinions": opinions in them} (one query)."""
    size, members = _group_sizes(draft)
    sizes = select(size.label("size")).join_from(Feedback, members, members.c.representative_id == Feedback.id)
    sizes = sizes.where(size > 1).subquery()
    count, opinions = db.session.execute(select(func.count(), func.coalesce(func.sum(sizes.c.size), 0))).one()
    return {"groups": count, "opinions": int(opinions)}


def duplicate_groups_page(draft, after=None, limit=50, entities=True):
    """Return up to `limit` groups [(representative, size)] of two or more counted opinions, largest first,
    after the (size, representative id) `after` of the previous page (keyset), and the key of the next page.
    With `entities` false the representative is its id only.
    """
    size, members = _group_sizes(draft)
    query = (
        select(Feedback if entities else Feedback.id, size)
        .join_from(Feedback, members, members.c.representative_id == Feedback.id)
        .where(size > 1).order_by(size.desc(), Feedback.id).limit(limit + 1)
    )
    if entities:
        query = query.options(joinedload(Feedback.article))
    if after is not None:
        last_size, last_id = after
        query = query.where((size < last_size) | ((size == last_size) & (Feedback.id > last_id)))
    rows = db.session.execute(query).all()
    if len(rows) > limit:
        representative, last_size = rows[limit - 1]
        following = (last_size, representative.id if entities else representative)
    else:
        following = None
    return [(representative, count) for representative, count in rows[:limit]], following


def group_members(draft, representative_id, after=None, limit=50, statuses=COUNTED):
    """Return up to `limit` opinions of one group (representative included) after id `after`, in id order."""
    query = (
        select(Feedback)
        .where(Feedback.draft_id == draft.id, Feedback.status.in_(statuses),
               (Feedback.id == representative_id) | (Feedback.duplicate_group_id == representative_id))
        .options(joinedload(Feedback.article), joinedload(Feedback.clause))
        .order_by(Feedback.id).limit(limit)
    )
    if after is not None:
        query = query.where(Feedback.id > after)
    return db.session.scalars(query).all()
