"""The agency's summary dashboard: the counts of consult.reports.summary, plus the groups of identical or similar
opinions (the largest on the dashboard, every group a page at a time, the opinions of one group).

A group's size counts its members the agency counts (pending or approved). As for the counts, two layers:
count_groups() returns plain JSON-safe values, which a summary run stores beside count_breakdowns()'s
(consult/agency/summary_runs.py); present_summary() turns a snapshot into what the page and its charts read.
build_summary() is both at once, live.
"""

from sqlalchemy import case, func, select
from sqlalchemy.orm import joinedload

from consult.extensions import db
from consult.feedback.models import Feedback
from consult.grouping.queries import select_grouped
from consult.reports.summary import COUNTED, count_breakdowns, present_counts

TOP_GROUPS = 10


def build_summary(draft):
    """Count a draft's opinions by status, and the counted ones by article × stance, author kind, locality,
    channel and local day; plus the largest groups of identical or near-identical opinions."""
    groups, _following = duplicate_groups_page(draft, limit=TOP_GROUPS)
    counts = {**count_breakdowns(draft), "grouped_opinions": grouped_opinions(draft)}
    return present_summary(draft, counts, groups)


def count_groups(draft):
    """Return the largest groups of copies [[representative id, size]] and how many groups and opinions there are."""
    groups, _following = duplicate_groups_page(draft, limit=TOP_GROUPS, entities=False)
    return {
        "groups": [[representative_id, size] for representative_id, size in groups],
        "grouped_opinions": grouped_opinions(draft),
    }


def present_summary(draft, counts, groups=None):
    """Return what the page and its charts read from count_breakdowns() + count_groups(): present_counts()'s keys,
    with the groups' representatives loaded (unless `groups` gives them)."""
    return dict(
        present_counts(draft, counts),
        groups=_representatives(counts["groups"]) if groups is None else groups,
        grouped_opinions=dict(counts["grouped_opinions"]),
    )


def _representatives(groups):
    """Return [(representative Feedback, size)] of [[representative id, size]], in that order (one query)."""
    if not groups:
        return []
    ids = [representative_id for representative_id, _size in groups]
    loaded = {
        feedback.id: feedback
        for feedback in db.session.scalars(
            select(Feedback).where(Feedback.id.in_(ids)).options(joinedload(Feedback.article))
        )
    }
    return [(loaded[representative_id], size) for representative_id, size in groups if representative_id in loaded]


def _group_sizes(draft):
    """Return (size expression, FROM clause) of the draft's groups, to join on their representative.

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
        .where(size > 1)
        .order_by(size.desc(), Feedback.id)
        .limit(limit + 1)
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
        .where(
            Feedback.draft_id == draft.id,
            Feedback.status.in_(statuses),
            (Feedback.id == representative_id) | (Feedback.duplicate_group_id == representative_id),
        )
        .options(joinedload(Feedback.article), joinedload(Feedback.clause))
        .order_by(Feedback.id)
        .limit(limit)
    )
    if after is not None:
        query = query.where(Feedback.id > after)
    return db.session.scalars(query).all()
