"""The results of a draft's poll: per question, how many answered it, each option's count and share, and the
"other" answers (their texts only for the agency). Responses held for a blocked submitter are not counted.

The figures are counts kept as answers are stored, read in a few queries whatever the number of answers; shares
are of the people who answered the question (a multiple-choice question's shares may add up to more than 100 %)."""

from dataclasses import dataclass, field

from flask_babel import format_decimal
from sqlalchemy import false, func, select

from consult.extensions import db
from consult.polls.models import PollChoice, PollResponse
from consult.polls.services import poll_questions

OTHER_TEXTS_SHOWN = 500  # the agency's page lists the latest "other" answers; the reports list them all


def format_share(percent):
    """Write a share the local way: "33,3 %" in Vietnamese, "33.3 %" in English."""
    return f"{format_decimal(percent, '#,##0.#')} %"


def share(count, total):
    """Return count / total as a percentage with one decimal (0 when nobody answered)."""
    return round(100 * count / total, 1) if total else 0.0


@dataclass
class OptionResult:
    """One option's (or the "other" answers') count and share."""

    text: str
    count: int
    percent: float
    position: int = 0  # 0 for "other"


@dataclass
class QuestionResult:
    """A question with its figures."""

    question: object
    respondents: int
    options: list  # [OptionResult], in the question's order
    other: OptionResult | None  # None when the question has no "other" box
    other_texts: list = field(default_factory=list)  # for the agency only


@dataclass
class PollResults:
    """A draft's poll results: its questions' figures, responses counted and held."""

    questions: list
    responses: int
    held: int

    def __bool__(self):
        return bool(self.questions)


def poll_results(draft_id, other_texts=False, other_limit=None):
    """Return the PollResults of a draft (an empty one when it has no poll); `other_texts` for the agency.

    The figures are the counts kept as answers are stored (PollQuestion.respondents, PollOption.chosen): two
    queries however many answers there are; count_poll() counts the same from the answers themselves."""
    questions = poll_questions(draft_id)
    if not questions:
        return PollResults([], 0, 0)
    by_held = dict(
        db.session.execute(
            select(PollResponse.held, func.count()).where(PollResponse.draft_id == draft_id).group_by(PollResponse.held)
        ).all()
    )
    texts = _other_texts([question.id for question in questions], other_limit) if other_texts else {}
    results = []
    for question in questions:
        total = question.respondents
        options = [
            OptionResult(option.text, option.chosen, share(option.chosen, total), option.position)
            for option in question.options
        ]
        other = None
        if question.allow_other or question.other_count:
            other = OptionResult("", question.other_count, share(question.other_count, total))
        results.append(QuestionResult(question, total, options, other, texts.get(question.id, [])))
    return PollResults(results, by_held.get(False, 0), by_held.get(True, 0))


def count_poll(draft_id):
    """Count a draft's poll from its answers (held ones left out): {question id: (respondents, other answers,
    {option id: times chosen})}, what the kept counts must equal (a few GROUP BYs over every answer)."""
    questions = poll_questions(draft_id)
    ids = [question.id for question in questions]
    counted = PollResponse.held.is_(false())
    counts = {question_id: (0, 0, {}) for question_id in ids}
    respondents = dict(
        db.session.execute(
            select(PollChoice.question_id, func.count(func.distinct(PollChoice.response_id)))
            .join(PollResponse, PollResponse.id == PollChoice.response_id)
            .where(PollChoice.question_id.in_(ids), counted)
            .group_by(PollChoice.question_id)
        ).all()
    )
    chosen = db.session.execute(
        select(PollChoice.question_id, PollChoice.option_id, func.count())
        .join(PollResponse, PollResponse.id == PollChoice.response_id)
        .where(PollChoice.question_id.in_(ids), counted)
        .group_by(PollChoice.question_id, PollChoice.option_id)
    )
    for question_id, option_id, count in chosen:
        _respondents, other, options = counts[question_id]
        if option_id is None:
            other = count
        else:
            options[option_id] = count
        counts[question_id] = (respondents.get(question_id, 0), other, options)
    return counts


def _other_texts(ids, limit):
    """Return {question id: [the "other" texts, oldest first]} (the latest `limit` of each when given)."""
    query = (
        select(PollChoice.question_id, PollChoice.other_text)
        .join(PollResponse, PollResponse.id == PollChoice.response_id)
        .where(PollChoice.question_id.in_(ids), PollChoice.option_id.is_(None), PollResponse.held.is_(false()))
        .order_by(PollChoice.id)
    )
    texts = {}
    for question_id, text in db.session.execute(query):
        texts.setdefault(question_id, []).append(text)
    if limit:
        texts = {question_id: items[-limit:] for question_id, items in texts.items()}
    return texts
