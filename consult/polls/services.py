"""Editing a draft's poll (the agency's side): add, change, reorder and remove questions, audited.

Rules that keep answers meaningful: at most MAX_QUESTIONS questions of MIN_OPTIONS..MAX_OPTIONS options; an option
someone ticked is never removed (its text may not be changed into another one either: that is a removal and an
addition); questions are reordered or removed only while nobody has answered the poll.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, select
from sqlalchemy.orm import selectinload

from consult.audit import record
from consult.drafts.models import Draft
from consult.extensions import db
from consult.pagecache import mark_pages_changed
from consult.polls.models import (
    MAX_OPTIONS,
    MAX_QUESTIONS,
    MIN_OPTIONS,
    OPTION_MAX_LENGTH,
    QUESTION_MAX_LENGTH,
    PollChoice,
    PollOption,
    PollQuestion,
    PollResponse,
    QuestionKind,
)
from consult.text import clean_text
from consult.text.normalize import clean_line


class PollRefused(ValueError):
    """A change that cannot be made: `errors` is {field name: message} (field "poll" for the poll as a whole)."""

    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


def poll_questions(draft_id):
    """Return the draft's questions in order, with their options (loaded in one more query)."""
    return db.session.scalars(
        select(PollQuestion)
        .where(PollQuestion.draft_id == draft_id)
        .order_by(PollQuestion.position, PollQuestion.id)
        .options(selectinload(PollQuestion.options))
    ).all()


def has_poll(draft_id):
    """Return whether the draft has a poll (one question or more): one indexed EXISTS."""
    return bool(db.session.scalar(select(exists().where(PollQuestion.draft_id == draft_id))))


def has_answers(draft_id):
    """Return whether anyone answered the draft's poll."""
    return bool(db.session.scalar(select(exists().where(PollResponse.draft_id == draft_id))))


def answered_option_ids(question):
    """Return the ids of the question's options somebody ticked."""
    return set(
        db.session.scalars(select(PollChoice.option_id).where(PollChoice.question_id == question.id).distinct())
    ) - {None}


def option_lines(text):
    """Return the options typed one per line: cleaned (NFC, one line), blanks dropped."""
    return [line for line in (clean_line(raw) for raw in (text or "").splitlines()) if line]


def check_question(values):
    """Return the cleaned values of a question, or raise PollRefused with a message per field."""
    text = clean_text(values.get("text") or "")
    kind = values.get("kind")
    options = [clean_line(option) for option in values.get("options", [])]
    options = [option for option in options if option]
    errors = {}
    if not text:
        errors["text"] = _l("Write the question.")
    elif len(text) > QUESTION_MAX_LENGTH:
        errors["text"] = _l("At most %(max)d characters (%(count)d written).", max=QUESTION_MAX_LENGTH, count=len(text))
    if kind not in QuestionKind.ALL:
        errors["kind"] = _l("Choose whether one answer or several answers may be ticked.")
    too_long = [option for option in options if len(option) > OPTION_MAX_LENGTH]
    folded = [option.casefold() for option in options]
    if len(options) < MIN_OPTIONS:
        errors["options"] = _l("Give at least %(min)d options, one per line.", min=MIN_OPTIONS)
    elif len(options) > MAX_OPTIONS:
        errors["options"] = _l("At most %(max)d options (%(count)d given).", max=MAX_OPTIONS, count=len(options))
    elif too_long:
        errors["options"] = _l(
            "An option may have at most %(max)d characters: “%(option)s…” is longer.",
            max=OPTION_MAX_LENGTH,
            option=too_long[0][:40],
        )
    elif len(set(folded)) < len(folded):
        errors["options"] = _l("Each option must be different from the others.")
    if errors:
        raise PollRefused(errors)
    return {"text": text, "kind": kind, "allow_other": bool(values.get("allow_other")), "options": options}


def add_question(actor, draft, values):
    """Add a question at the end of the draft's poll; refused past MAX_QUESTIONS."""
    count = db.session.scalar(select(func.count()).where(PollQuestion.draft_id == draft.id))
    if count >= MAX_QUESTIONS:
        raise PollRefused({"poll": _l("A poll has at most %(max)d questions.", max=MAX_QUESTIONS)})
    values = check_question(values)
    position = (
        db.session.scalar(select(func.max(PollQuestion.position)).where(PollQuestion.draft_id == draft.id)) or 0
    ) + 1
    question = PollQuestion(
        draft_id=draft.id,
        position=position,
        kind=values["kind"],
        text=values["text"],
        allow_other=values["allow_other"],
    )
    question.options = [PollOption(position=index, text=text) for index, text in enumerate(values["options"], 1)]
    db.session.add(question)
    db.session.flush()
    record(actor, "poll.question_add", draft, after=_described(question))
    mark_pages_changed(db.session)
    return question


def update_question(actor, question, values):
    """Change a question's text, kind, "other" box and options (matched by their text); an option somebody ticked
    cannot be removed, nor may a question answered with several options become single choice."""
    values = check_question(values)
    kept = {option.text.casefold(): option for option in question.options}
    wanted = {text.casefold() for text in values["options"]}
    answered = answered_option_ids(question)
    lost = [
        option.text for option in question.options if option.text.casefold() not in wanted and option.id in answered
    ]
    if lost:
        raise PollRefused(
            {
                "options": _l(
                    "“%(option)s” already has answers, so it cannot be removed or reworded. Keep it as it is.",
                    option=lost[0],
                )
            }
        )
    if question.kind == QuestionKind.MULTIPLE and values["kind"] == QuestionKind.SINGLE and _ticked_several(question):
        raise PollRefused({"kind": _l("Some people ticked several answers: the question must stay multiple choice.")})
    if question.allow_other and not values["allow_other"] and _has_other_answers(question):
        raise PollRefused({"allow_other": _l("Some people wrote their own answer: the “Other” box must stay.")})
    before = _described(question)
    options = []
    for position, text in enumerate(values["options"], 1):
        option = kept.get(text.casefold()) or PollOption(text=text)
        option.position, option.text = position, text
        options.append(option)
    question.options = options  # the options left out are deleted (delete-orphan); none of them has answers
    question.text, question.kind, question.allow_other = values["text"], values["kind"], values["allow_other"]
    db.session.flush()
    after = _described(question)
    if after != before:
        record(actor, "poll.question_update", _draft_of(question), before=before, after=after)
        mark_pages_changed(db.session)
    return after != before


def move_question(actor, question, step):
    """Move a question one place up (step -1) or down (+1), before anyone answered."""
    _refuse_once_answered(
        question.draft_id, _l("People have answered the poll: its questions can no longer be reordered.")
    )
    questions = poll_questions(question.draft_id)
    index = questions.index(question)
    other = index + step
    if not 0 <= other < len(questions):
        return False
    questions[index], questions[other] = questions[other], questions[index]
    for position, item in enumerate(questions, 1):
        item.position = position
    db.session.flush()
    record(actor, "poll.question_move", _draft_of(question), after={"order": [item.id for item in questions]})
    mark_pages_changed(db.session)
    return True


def remove_question(actor, question):
    """Remove a question, before anyone answered; the others close up."""
    _refuse_once_answered(
        question.draft_id, _l("People have answered the poll: its questions can no longer be removed.")
    )
    draft = _draft_of(question)
    before = _described(question)
    db.session.delete(question)
    db.session.flush()
    for position, item in enumerate(poll_questions(draft.id), 1):
        item.position = position
    record(actor, "poll.question_remove", draft, before=before)
    mark_pages_changed(db.session)


def _refuse_once_answered(draft_id, message):
    if has_answers(draft_id):
        raise PollRefused({"poll": message})


def _ticked_several(question):
    """Return whether a response ticked several options of this question."""
    per_response = (
        select(PollChoice.response_id)
        .where(PollChoice.question_id == question.id)
        .group_by(PollChoice.response_id)
        .having(func.count() > 1)
    )
    return bool(db.session.scalar(select(exists(per_response))))


def _has_other_answers(question):
    return bool(
        db.session.scalar(select(exists().where(PollChoice.question_id == question.id, PollChoice.option_id.is_(None))))
    )


def _draft_of(question):
    return db.session.get(Draft, question.draft_id)


def _described(question):
    """Return what the audit log keeps of a question."""
    return {
        "question": question.id,
        "text": question.text,
        "kind": question.kind,
        "allow_other": question.allow_other,
        "options": [option.text for option in question.options],
    }
