"""Answering a set of opinions at once: a whole group of identical or similar opinions, or a list of ids.

The rule for members that already have an answer: they keep it, unless the editor ticks "replace", in which case
every published member takes the new answer. So answering a group a second time, after more copies were
approved, answers only the new ones. Opinions not published (pending or rejected) are never answered; they are
counted so the editor knows they exist.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, select
from sqlalchemy.orm import joinedload

from consult.answers.models import Answer
from consult.answers.services import AnswerError, answer_feedbacks
from consult.extensions import db
from consult.feedback.models import Feedback, FeedbackStatus


@dataclass
class SetCounts:
    """How many opinions a set holds: published ones, those answered, and those not published yet (pending)."""

    approved: int = 0
    answered: int = 0
    pending: int = 0

    @property
    def unanswered(self):
        """Return how many published opinions of the set have no answer yet."""
        return self.approved - self.answered


def in_group(representative_id):
    """Return the SQL condition of the opinions of one group: the representative and its copies."""
    return (Feedback.id == representative_id) | (Feedback.duplicate_group_id == representative_id)


def in_theme(theme_id):
    """Return the SQL condition of the opinions of one theme (consult.themes): its stored members."""
    from consult.themes.models import ThemeMember

    return Feedback.id.in_(select(ThemeMember.feedback_id).where(ThemeMember.theme_id == theme_id))


def set_counts(draft, condition):
    """Return the SetCounts of the opinions of `draft` matching `condition`, in one query."""
    approved = Feedback.status == FeedbackStatus.APPROVED
    row = db.session.execute(
        select(
            func.count().filter(approved),
            func.count(Answer.id).filter(approved),
            func.count().filter(Feedback.status == FeedbackStatus.PENDING),
        )
        .select_from(Feedback)
        .outerjoin(Answer, Answer.feedback_id == Feedback.id)
        .where(Feedback.draft_id == draft.id, Feedback.status.in_(FeedbackStatus.COUNTED), condition)
    ).one()
    return SetCounts(*row)


def answer_set(actor, draft, condition, kind, explanation, replace=False, now=None):
    """Answer the published opinions of `draft` matching `condition` with one shared answer; return how many.

    Without `replace`, opinions already answered keep their answer and only the others are answered.
    """
    query = select(Feedback).where(Feedback.draft_id == draft.id, Feedback.status == FeedbackStatus.APPROVED, condition)
    if not replace:
        query = query.where(~exists().where(Answer.feedback_id == Feedback.id))
    feedbacks = db.session.scalars(query.order_by(Feedback.id)).all()
    if not feedbacks:
        if replace or not set_counts(draft, condition).approved:
            raise AnswerError(_l("None of these opinions is published yet, so none can be answered."))
        raise AnswerError(
            _l(
                "Every published opinion here already has an answer. Tick “Replace their answers” "
                "to give them this one instead."
            )
        )
    answer_feedbacks(actor, draft, feedbacks, kind, explanation, now)
    return len(feedbacks)


def answer_group(actor, draft, representative, kind, explanation, replace=False, now=None):
    """Answer every published opinion of a duplicate group (see answer_set for the rule); return how many."""
    return answer_set(actor, draft, in_group(representative.id), kind, explanation, replace, now)


def answer_selection(actor, draft, ids, kind, explanation, replace=False, now=None):
    """Answer the published opinions of `draft` among `ids` (see answer_set for the rule); return how many."""
    return answer_set(actor, draft, Feedback.id.in_(list(ids)), kind, explanation, replace, now)


def group_sizes(draft, opinions):
    """Return {group id: counted opinions in it} for the groups of these opinions with two or more, in one query.

    An opinion's group id is its `duplicate_group_id`, or its own id for a representative.
    """
    keys = {opinion.duplicate_group_id or opinion.id for opinion in opinions}
    if not keys:
        return {}
    key = func.coalesce(Feedback.duplicate_group_id, Feedback.id)
    rows = db.session.execute(
        select(key, func.count())
        .where(
            Feedback.draft_id == draft.id,
            Feedback.status.in_(FeedbackStatus.COUNTED),
            Feedback.id.in_(keys) | Feedback.duplicate_group_id.in_(keys),
        )
        .group_by(key)
        .having(func.count() > 1)
    ).all()
    return dict(rows)


def preview(draft, condition, limit=20):
    """Return the first `limit` counted opinions of `draft` matching `condition`, with their answers, in id order."""
    return (
        db.session.scalars(
            select(Feedback)
            .where(Feedback.draft_id == draft.id, Feedback.status.in_(FeedbackStatus.COUNTED), condition)
            .options(
                joinedload(Feedback.answer).joinedload(Answer.text),
                joinedload(Feedback.article),
                joinedload(Feedback.clause),
                joinedload(Feedback.version),
            )
            .order_by(Feedback.id)
            .limit(limit)
        )
        .unique()
        .all()
    )
