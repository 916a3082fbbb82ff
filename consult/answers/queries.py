"""Reading answers: the agency's list and progress, and the published answers shown to the public."""

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, joinedload

from consult.answers.models import ANSWER_KINDS, Answer, AnswerText
from consult.extensions import db
from consult.feedback.models import Feedback, FeedbackStatus

EARLIER = "earlier"  # the article filter for opinions on articles of earlier versions of the text
WHOLE = "none"  # the article filter for opinions on the whole draft


@dataclass
class Progress:
    """How many approved opinions one part of a draft has, how many are answered and how many published."""

    approved: int = 0
    answered: int = 0
    published: int = 0
    article: object = None
    key: str = ""

    def add(self, other):
        """Add another row's counts to this one."""
        self.approved += other.approved
        self.answered += other.answered
        self.published += other.published


def progress(draft):
    """Return (whole-draft Progress, rows per part): the whole draft, each current article, earlier versions."""
    counts = db.session.execute(
        select(Feedback.article_id, func.count(Feedback.id), func.count(Answer.id), func.count(Answer.published_at))
        .outerjoin(Answer, Answer.feedback_id == Feedback.id)
        .where(Feedback.draft_id == draft.id, Feedback.status == FeedbackStatus.APPROVED)
        .group_by(Feedback.article_id)
    )
    by_article = {article_id: Progress(*numbers) for article_id, *numbers in counts}
    rows = [Progress(article=None, key=WHOLE)]
    rows += [Progress(article=article, key=str(article.id)) for article in draft.articles]
    earlier = Progress(key=EARLIER)
    for row in rows:
        row.add(by_article.pop(row.article.id if row.article else None, Progress()))
    for other in by_article.values():
        earlier.add(other)
    if earlier.approved:
        rows.append(earlier)
    total = Progress()
    for row in rows:
        total.add(row)
    return total, rows


def opinions_to_answer(draft, article=None, stance=None, state=None, after=None, limit=50):
    """Return up to `limit` approved opinions of the draft after id `after`, each with its answer loaded.

    `article` is an article id, WHOLE or EARLIER; `state` is "answered" or "unanswered".
    """
    query = (
        select(Feedback)
        .outerjoin(Answer, Answer.feedback_id == Feedback.id)
        .outerjoin(AnswerText, Answer.text_id == AnswerText.id)
        .where(Feedback.draft_id == draft.id, Feedback.status == FeedbackStatus.APPROVED)
        .options(
            contains_eager(Feedback.answer).contains_eager(Answer.text),
            joinedload(Feedback.article),
            joinedload(Feedback.clause),
            joinedload(Feedback.version),
        )
    )
    if article == WHOLE:
        query = query.where(Feedback.article_id.is_(None))
    elif article == EARLIER:
        current = [item.id for item in draft.articles]
        query = query.where(Feedback.article_id.is_not(None), Feedback.article_id.not_in(current))
    elif article is not None:
        query = query.where(Feedback.article_id == article)
    if stance is not None:
        query = query.where(Feedback.stance == stance)
    if state == "answered":
        query = query.where(Answer.id.is_not(None))
    elif state == "unanswered":
        query = query.where(Answer.id.is_(None))
    if after is not None:
        query = query.where(Feedback.id > after)
    return db.session.scalars(query.order_by(Feedback.id).limit(limit)).all()


def sharing_counts(answers):
    """Return {text_id: number of opinions answered with it} for the texts of these answers, in one query."""
    text_ids = {answer.text_id for answer in answers if answer is not None}
    if not text_ids:
        return {}
    return dict(
        db.session.execute(
            select(Answer.text_id, func.count(Answer.id)).where(Answer.text_id.in_(text_ids)).group_by(Answer.text_id)
        ).all()
    )


def opinions_of_text(text, limit=50):
    """Return the first opinions answered with this text, and how many there are."""
    count = db.session.scalar(select(func.count(Answer.id)).where(Answer.text_id == text.id))
    opinions = db.session.scalars(
        select(Feedback)
        .join(Answer, Answer.feedback_id == Feedback.id)
        .where(Answer.text_id == text.id)
        .options(joinedload(Feedback.article), joinedload(Feedback.clause))
        .order_by(Feedback.id)
        .limit(limit)
    ).all()
    return opinions, count


def published_answers_for(opinions):
    """Return {feedback_id: Answer} of the published answers to these opinions, in one query."""
    ids = [opinion.id for opinion in opinions]
    if not ids:
        return {}
    answers = db.session.scalars(
        select(Answer)
        .join(Answer.text)
        .where(Answer.feedback_id.in_(ids), Answer.published_at.is_not(None))
        .options(contains_eager(Answer.text))
    )
    return {answer.feedback_id: answer for answer in answers}


def published_answer(feedback):
    """Return the published answer to one opinion, or None (an unpublished answer is never public)."""
    if feedback.draft.answers_published_at is None:
        return None
    return published_answers_for([feedback]).get(feedback.id)


def published_summary(draft):
    """Return [(kind, count)] of the draft's published answers, in the order of the kinds, and their total."""
    if draft.answers_published_at is None:
        return [], 0  # nothing to count, no query: the draft page stays within its query budget
    counts = dict(
        db.session.execute(
            select(AnswerText.kind, func.count(Answer.id))
            .join(Answer, Answer.text_id == AnswerText.id)
            .where(AnswerText.draft_id == draft.id, Answer.published_at.is_not(None))
            .group_by(AnswerText.kind)
        ).all()
    )
    return [(kind, counts.get(kind, 0)) for kind in ANSWER_KINDS], sum(counts.values())
