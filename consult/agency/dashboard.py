"""What a draft's page tells its agency at a glance: the work waiting (opinions to moderate, to answer, answers to
publish) and the next date that matters. Two grouped statements, whatever the number of opinions."""

from dataclasses import dataclass

from sqlalchemy import func, select

from consult.answers.models import Answer, AnswerText
from consult.database import utcnow
from consult.drafts.models import Phase
from consult.extensions import db
from consult.feedback.models import Feedback, FeedbackStatus


@dataclass(frozen=True)
class Work:
    """A draft's work in numbers."""

    received: int  # opinions sent and confirmed (pending, published or refused)
    pending: int  # waiting for moderation
    approved: int  # published
    answered: int  # published opinions with an answer
    unpublished_answers: int  # answers not yet public
    phase: str
    days_left: int | None  # while the window is open
    answers_published: bool

    @property
    def to_answer(self):
        """Return the published opinions still without an answer."""
        return max(0, self.approved - self.answered)


def draft_work(draft, now=None):
    """Return the Work of a draft."""
    now = now or utcnow()
    by_status = dict(
        db.session.execute(
            select(Feedback.status, func.count())
            .where(Feedback.draft_id == draft.id, Feedback.status.in_(FeedbackStatus.ALL))
            .group_by(Feedback.status)
        ).all()
    )
    answered, published = db.session.execute(
        select(func.count(Answer.id), func.count(Answer.published_at))
        .join(AnswerText, Answer.text_id == AnswerText.id)
        .where(AnswerText.draft_id == draft.id)
    ).one()
    phase = draft.phase(now)
    return Work(
        received=sum(by_status.values()),
        pending=by_status.get(FeedbackStatus.PENDING, 0),
        approved=by_status.get(FeedbackStatus.APPROVED, 0),
        answered=answered,
        unpublished_answers=answered - published,
        phase=phase,
        days_left=draft.days_left(now) if phase == Phase.OPEN else None,
        answers_published=draft.answers_published_at is not None,
    )
