"""Reading a draft's groups of copies and near copies."""

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from consult.extensions import db
from consult.feedback.models import Feedback
from consult.text.diff import word_diff


def select_grouped(draft, *columns):
    """Return SELECT `columns` FROM the draft's opinions that are in a group, joined to their representative.

    The draft is read on the representative (a group never spans two drafts): the draft's ids come from one index
    and each group's members from ix_feedback_group_status_created, instead of reading every opinion of the draft
    for its duplicate_group_id.
    """
    representative = aliased(Feedback)
    return (
        select(*columns)
        .join_from(Feedback, representative, representative.id == Feedback.duplicate_group_id)
        .where(representative.draft_id == draft.id)
    )


def group_counts(draft):
    """Return (groups of two or more, opinions in them) for a draft."""
    groups, members = db.session.execute(
        select_grouped(
            draft, func.count(func.distinct(Feedback.duplicate_group_id)), func.count(Feedback.duplicate_group_id)
        )
    ).one()
    return groups, members + groups


def near_copies(representative_id, statuses, limit):
    """Return up to `limit` opinions of a group, in `statuses`, that are near (not exact) copies of its
    representative, oldest first, and how many there are: the ones to look at again before one decision or one
    answer is given to the whole group."""
    condition = (
        (Feedback.duplicate_group_id == representative_id) & (Feedback.similarity < 1) & Feedback.status.in_(statuses)
    )
    items = db.session.scalars(select(Feedback).where(condition).order_by(Feedback.id).limit(limit)).all()
    total = len(items) if len(items) < limit else db.session.scalar(select(func.count()).where(condition))
    return items, total


def differences_from(representative, opinions):
    """Return {opinion id: word_diff segments from the representative's text} for the near copies among `opinions`
    (words compared without case or diacritics: only what the copy changed is marked)."""
    return {
        opinion.id: word_diff(representative.content, opinion.content, folded=True)
        for opinion in opinions
        if opinion.id != representative.id and opinion.similarity is not None and opinion.similarity < 1
    }
