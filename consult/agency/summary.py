"""The numbers of a draft's consultation: every count is one SQL GROUP BY, no opinion row is loaded.

Counted opinions are those pending or approved (rejected ones and those whose email is not yet confirmed are not
counted anywhere but in `by_status`). Days are local days in Asia/Ho_Chi_Minh: an opinion sent at 23:30 on
1 March in Hà Nội (16:30 UTC) counts on 01/03, one sent at 00:30 on 2 March (17:30 UTC on 1 March) on 02/03.
An opinion gathered offline counts on the day it was given (`received_on`), not the day it was typed in.
"""

from datetime import date, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.orm import joinedload

from consult.database import local_day
from consult.extensions import db
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
    counted = counted_filter(draft)

    by_status = dict(db.session.execute(
        select(Feedback.status, func.count())
        .where(Feedback.draft_id == draft.id, Feedback.status.in_(FeedbackStatus.ALL))
        .group_by(Feedback.status)
    ).all())
    cells = db.session.execute(
        select(Feedback.article_id, Feedback.stance, func.count()).where(*counted)
        .group_by(Feedback.article_id, Feedback.stance)
    ).all()
    rows, stance_totals = _article_rows(draft, cells)
    by_kind = _grouped(Feedback.author_kind, counted)
    by_locality = _grouped(Feedback.locality, counted)
    by_channel = dict(_grouped(Feedback.channel, counted))
    groups, grouped_opinions = duplicate_group_summary(draft)

    return {
        "by_status": {status: by_status.get(status, 0) for status in FeedbackStatus.ALL},
        "total": sum(by_status.values()),
        "counted": sum(stance_totals.values()),
        "articles": rows,
        "stance_totals": stance_totals,
        "by_kind": sorted(by_kind, key=lambda item: -item[1]),
        "by_locality": sorted(((locality_name(code), count) for code, count in by_locality), key=lambda i: -i[1]),
        # Every channel in CHANNELS order, zero included, then any unknown code that reached the database.
        "by_channel": [(code, by_channel.pop(code, 0)) for code in CHANNELS] + sorted(by_channel.items()),
        "by_day": _by_day(counted),
        "groups": groups,
        "grouped_opinions": grouped_opinions,
    }


def _grouped(column, counted):
    """Return [(value, count)] of the counted opinions grouped by one column."""
    return db.session.execute(select(column, func.count()).where(*counted).group_by(column)).all()


def _article_rows(draft, cells):
    """Return the heat-map rows (whole draft, each current article, earlier versions) and the stance totals."""
    matrix = {}
    for article_id, stance, count in cells:
        matrix.setdefault(article_id, {}).setdefault(stance, 0)
        matrix[article_id][stance] += count
    rows = [{"article": None, "counts": matrix.get(None, {})}]
    rows += [{"article": article, "counts": matrix.get(article.id, {})} for article in draft.articles]
    current = {article.id for article in draft.articles} | {None}
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


def _by_day(counted):
    """Return [(local date, count)] of every day from the first to the last opinion, days without any at 0."""
    day = func.coalesce(Feedback.received_on, local_day(Feedback.created_at, LOCAL_OFFSET_HOURS * 60))
    counts = {}
    for value, count in db.session.execute(select(day, func.count()).where(*counted).group_by(day)).all():
        value = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])  # SQLite returns text
        counts[value] = counts.get(value, 0) + count
    if not counts:
        return []
    first, last = min(counts), max(counts)
    return [(first + timedelta(days=n), counts.get(first + timedelta(days=n), 0))
            for n in range((last - first).days + 1)]


def _group_sizes(draft):
    """Return (representative Feedback entity, size expression, FROM clause) of the draft's groups.

    Only members (duplicate_group_id set, indexed) are grouped, so opinions nobody copied cost nothing; the
    representative adds one when it is itself counted.
    """
    members = (
        select(Feedback.duplicate_group_id.label("representative_id"), func.count().label("members"))
        .where(*counted_filter(draft), Feedback.duplicate_group_id.is_not(None))
        .group_by(Feedback.duplicate_group_id)
        .subquery()
    )
    size = members.c.members + case((Feedback.status.in_(COUNTED), 1), else_=0)
    return size, members


def duplicate_group_summary(draft, limit=TOP_GROUPS):
    """Return ([(representative, size)] of the largest groups of counted opinions, and
    {"groups": groups of two or more, "opinions": opinions in them}); two queries."""
    groups, _following = duplicate_groups_page(draft, limit=limit)
    size, members = _group_sizes(draft)
    sizes = select(size.label("size")).join_from(Feedback, members, members.c.representative_id == Feedback.id)
    sizes = sizes.where(size > 1).subquery()
    count, opinions = db.session.execute(select(func.count(), func.coalesce(func.sum(sizes.c.size), 0))).one()
    return groups, {"groups": count, "opinions": int(opinions)}


def duplicate_groups_page(draft, after=None, limit=50):
    """Return up to `limit` groups [(representative, size)] of two or more counted opinions, largest first,
    after the (size, representative id) `after` of the previous page (keyset), and the key of the next page.
    """
    size, members = _group_sizes(draft)
    query = (
        select(Feedback, size).join_from(Feedback, members, members.c.representative_id == Feedback.id)
        .where(size > 1).options(joinedload(Feedback.article)).order_by(size.desc(), Feedback.id).limit(limit + 1)
    )
    if after is not None:
        last_size, last_id = after
        query = query.where((size < last_size) | ((size == last_size) & (Feedback.id > last_id)))
    rows = db.session.execute(query).all()
    following = (rows[limit - 1][1], rows[limit - 1][0].id) if len(rows) > limit else None
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
