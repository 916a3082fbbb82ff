"""Answering a draft's poll, once: reading the sent form, recognising a repeat, storing the response.

Once: a signed-in user answers once (a unique constraint on (draft, user)); an anonymous visitor's session is
marked with the drafts whose poll it answered, and each anonymous response keeps a keyed hash of the client's
hashed address (consult.hashing.client_key, what the opinion form's limits and blocks use) salted with the draft
and the Viet Nam day, never the address: at most POLL_ANSWERS_PER_ADDRESS anonymous answers per address and day.
The same guards as the opinion form run before this (consult.polls.views): rate limit per client, the hidden
honeypot box, the signed time the form was opened. A blocked submitter's answer is stored but held out of the
results (consult.feedback.blocks), and the sender is not told, as with opinions.
"""

from dataclasses import dataclass, field

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, select, update
from sqlalchemy.exc import IntegrityError

from consult.database import utcnow
from consult.extensions import db
from consult.feedback.blocks import blocked_flags
from consult.hashing import hash_value
from consult.i18n import LOCAL_TZ
from consult.polls.models import PollChoice, PollOption, PollQuestion, PollResponse, QuestionKind
from consult.text import clean_text

OTHER = "other"  # the value of the "Other" radio button or checkbox
SESSION_KEY = "polls_answered"
SESSION_KEPT = 50  # drafts remembered in one session (the newest)


class AlreadyAnswered(Exception):
    """This person (account, browser or address today) has answered the draft's poll already."""


@dataclass
class SentAnswers:
    """What a sent poll form says: per question, the option ids ticked and the "other" text (as typed, NFC)."""

    chosen: dict = field(default_factory=dict)  # {question id: [option id or OTHER, ...]}
    other: dict = field(default_factory=dict)  # {question id: text}
    errors: dict = field(default_factory=dict)  # {question id or "poll": message}

    def ticked(self, question_id, value):
        """Return whether the form had `value` (an option id or OTHER) ticked for the question (to show it again)."""
        return value in self.chosen.get(question_id, ())


def other_max_length():
    return current_app.config["POLL_OTHER_MAX_LENGTH"]


def read_answers(questions, form):
    """Read the answers of a sent form (a MultiDict): field `q<id>` holds option ids or "other", `q<id>-other` the
    text; return SentAnswers with a message per question that cannot be taken as it is."""
    sent = SentAnswers()
    limit = other_max_length()
    for question in questions:
        valid = {str(option.id): option.id for option in question.options}
        if question.allow_other:
            valid[OTHER] = OTHER
        values = [valid[value] for value in form.getlist(f"q{question.id}") if value in valid]
        values = list(dict.fromkeys(values))
        text = clean_text(form.get(f"q{question.id}-other", "")) if question.allow_other else ""
        sent.chosen[question.id], sent.other[question.id] = values, text
        if question.kind == QuestionKind.SINGLE and len(values) > 1:
            sent.errors[question.id] = _l("Choose only one answer.")
        elif OTHER in values and not text:
            sent.errors[question.id] = _l("Write your own answer in the box, or untick “Other”.")
        elif text and OTHER not in values:
            sent.errors[question.id] = _l("Tick “Other” to send the answer you wrote, or empty its box.")
        elif len(text) > limit:
            sent.errors[question.id] = _l(
                "Your own answer may have at most %(max)d characters (%(count)d written).", max=limit, count=len(text)
            )
    if not sent.errors and not any(sent.chosen.values()):
        sent.errors["poll"] = _l("Answer at least one question.")
    return sent


def voter_hash(draft_id, client_hash, now=None):
    """Return the keyed hash an anonymous response keeps: the client's hashed address, the draft and the local day."""
    day = (now or utcnow()).astimezone(LOCAL_TZ).date().isoformat()
    return hash_value(f"{draft_id}|{day}|{client_hash}", "poll-voter")


def session_marks(session):
    """Return the ids of the drafts whose poll this session answered."""
    marks = session.get(SESSION_KEY)
    return [mark for mark in marks if isinstance(mark, int)] if isinstance(marks, list) else []


def mark_session(session, draft_id):
    """Remember in the (signed) session that its visitor answered the draft's poll."""
    marks = [mark for mark in session_marks(session) if mark != draft_id]
    session[SESSION_KEY] = [*marks, draft_id][-SESSION_KEPT:]


class Answered:
    """How a visitor is known to have answered: by their browser's session, their account or their address today."""

    BROWSER = "browser"
    ACCOUNT = "account"
    ADDRESS = "address"


def has_answered(draft_id, user, session, client_hash, now=None):
    """Return how this visitor has answered the draft's poll (an Answered value), or None: their browser's
    session, their account, or (not signed in) the allowed number of anonymous answers from their address today."""
    if draft_id in session_marks(session):
        return Answered.BROWSER
    if user is not None:
        found = db.session.scalar(
            select(exists().where(PollResponse.draft_id == draft_id, PollResponse.user_id == user.id))
        )
        return Answered.ACCOUNT if found else None
    count = db.session.scalar(
        select(func.count()).where(
            PollResponse.draft_id == draft_id, PollResponse.voter_hash == voter_hash(draft_id, client_hash, now)
        )
    )
    return Answered.ADDRESS if count >= current_app.config["POLL_ANSWERS_PER_ADDRESS"] else None


def store_answers(draft, sent, user, client_hash, now=None):
    """Store one response with a choice row per option ticked and per "other" text; raise AlreadyAnswered when the
    account answered already (the unique constraint decides between two requests at once). Return the response."""
    now = now or utcnow()
    submitter = {
        "user_id": user.id if user else None,
        "contact": None,
        "client_hash": client_hash,
        "draft_id": draft.id,
    }
    held = bool(blocked_flags(db.session.connection(), [submitter], now)[0])
    response = PollResponse(
        draft_id=draft.id,
        user_id=user.id if user else None,
        voter_hash=None if user else voter_hash(draft.id, client_hash, now),
        held=held,
        created_at=now,
    )
    for question_id, values in sent.chosen.items():
        for value in values:
            if value == OTHER:
                response.choices.append(PollChoice(question_id=question_id, other_text=sent.other[question_id]))
            else:
                response.choices.append(PollChoice(question_id=question_id, option_id=value))
    try:
        with db.session.begin_nested():
            db.session.add(response)
            db.session.flush()
            if not held:
                _count(sent)
    except IntegrityError:
        raise AlreadyAnswered() from None
    return response


def _count(sent):
    """Add one response's choices to the counts the results read: each option ticked, and per question answered
    its respondents and its "other" answers (an UPDATE adding 1, so answers sent at once all count)."""
    options = [value for values in sent.chosen.values() for value in values if value != OTHER]
    if options:
        db.session.execute(
            update(PollOption).where(PollOption.id.in_(options)).values(chosen=PollOption.chosen + 1),
            execution_options={"synchronize_session": False},
        )
    for question_id, values in sent.chosen.items():
        if values:
            db.session.execute(
                update(PollQuestion)
                .where(PollQuestion.id == question_id)
                .values(
                    respondents=PollQuestion.respondents + 1,
                    other_count=PollQuestion.other_count + (1 if OTHER in values else 0),
                ),
                execution_options={"synchronize_session": False},
            )
