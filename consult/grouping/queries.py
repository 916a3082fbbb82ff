"""Reading a draft's groups of copies and near copies."""

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from consult.extensions import db
from consult.feedback.models import Feedback


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
