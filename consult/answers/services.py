"""Answering opinions (tiếp thu, giải trình) and publishing the answers; every change audited.

Publication: until the agency publishes a draft's answers, nothing is public and every answer can be edited.
"Publish" makes all of them public at once. From then on the draft's answers are public: a later answer, or an
edit, is public as soon as it is saved (audited like any other), and the public pages say when an answer was
updated. Keeping two versions of each answer (published, being edited) would let a half-finished correction
wait, but it would also leave citizens reading an explanation the agency already knows to be wrong.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, exists, func, select, update
from sqlalchemy.orm import joinedload

from consult.answers.models import ANSWER_KINDS, Answer, AnswerText
from consult.answers.notifications import notify_answered
from consult.audit import record
from consult.database import utcnow
from consult.drafts.models import DraftStatus, Phase
from consult.drafts.services import mark_answered
from consult.extensions import db
from consult.feedback.models import Feedback, FeedbackStatus
from consult.feedback.notifications import wants_mail
from consult.text import clean_text


class AnswerError(ValueError):
    """The answer cannot be saved; `message` says why."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class NotAnswerable(AnswerError):
    """An opinion that is not a published (approved) opinion of this draft cannot be answered."""

    def __init__(self, feedback):
        super().__init__(
            _l(
                "Only published opinions of this draft can be answered (%(code)s is not one).",
                code=feedback.receipt_code,
            )
        )
        self.feedback = feedback


def _clean(kind, explanation):
    """Return the kind and the explanation in NFC, or raise AnswerError."""
    if kind not in ANSWER_KINDS:
        raise AnswerError(_l("Choose whether the opinion is accepted, partly accepted, explained or not accepted."))
    explanation = clean_text(explanation or "")
    if not explanation:
        raise AnswerError(_l("Write the explanation; it is published with the answer."))
    return kind, explanation


def answer_feedbacks(actor, draft, feedbacks, kind, explanation, now=None):
    """Answer one or several approved opinions of `draft` with one kind and explanation; return the shared text.

    Opinions already answered take the new answer. When the selection is exactly the opinions that share one
    answer, that answer is edited in place. Duplicate groups and themes answer through this same function.
    """
    now = now or utcnow()
    kind, explanation = _clean(kind, explanation)
    feedbacks = list({feedback.id: feedback for feedback in feedbacks}.values())
    if not feedbacks:
        raise AnswerError(_l("Select at least one opinion to answer."))
    for feedback in feedbacks:
        if feedback.draft_id != draft.id or feedback.status != FeedbackStatus.APPROVED:
            raise NotAnswerable(feedback)
    ids = [feedback.id for feedback in feedbacks]
    existing = {
        answer.feedback_id: answer
        for answer in db.session.scalars(
            select(Answer).where(Answer.feedback_id.in_(ids)).options(joinedload(Answer.text))
        )
    }
    shared = _text_shared_by_exactly(existing, ids)
    if shared is not None:
        return update_answer_text(actor, shared, kind, explanation, now)

    text = AnswerText(
        draft_id=draft.id,
        kind=kind,
        explanation=explanation,
        created_by_id=getattr(actor, "id", None),
        updated_by_id=getattr(actor, "id", None),
        created_at=now,
        updated_at=now,
    )
    db.session.add(text)
    db.session.flush()
    record(actor, "answer_text.create", text, after={"kind": kind, "explanation": explanation, "opinions": len(ids)})
    public = draft.answers_published_at is not None
    changes, created, replaced = [], [], set()
    for feedback in feedbacks:
        answer = existing.get(feedback.id)
        if answer is None:
            answer = Answer(
                feedback_id=feedback.id,
                text=text,
                answered_by_id=getattr(actor, "id", None),
                answered_at=now,
                updated_at=now,
                published_at=now if public else None,
            )
            db.session.add(answer)
            created.append(answer)
            changes.append(("answer.create", answer, None))
        else:
            changes.append(("answer.update", answer, {"text_id": answer.text_id, "kind": answer.text.kind}))
            replaced.add(answer.text_id)
            answer.text = text
            answer.updated_at = now
    db.session.flush()
    for action, answer, before in changes:
        record(
            actor,
            action,
            answer,
            before=before,
            after={"feedback_id": answer.feedback_id, "text_id": text.id, "kind": kind},
        )
    _drop_unused_texts(replaced)
    if created and public:
        _after_publish(created)
        _mark_answered_when_complete(actor, draft, now)
    return text


def _text_shared_by_exactly(existing, ids):
    """Return the answer text used by exactly these opinions and no other, or None."""
    text_ids = {answer.text_id for answer in existing.values()}
    if len(existing) != len(ids) or len(text_ids) != 1:
        return None
    (text_id,) = text_ids
    users = db.session.scalar(select(func.count(Answer.id)).where(Answer.text_id == text_id))
    return existing[ids[0]].text if users == len(ids) else None


def _drop_unused_texts(text_ids):
    """Delete answer texts no opinion uses any more (their words stay in the audit log)."""
    if text_ids:
        db.session.execute(
            delete(AnswerText)
            .where(AnswerText.id.in_(text_ids), ~exists().where(Answer.text_id == AnswerText.id))
            .execution_options(synchronize_session=False)
        )


def update_answer_text(actor, text, kind, explanation, now=None):
    """Change an answer for every opinion that shares it: one update, one audit row."""
    now = now or utcnow()
    kind, explanation = _clean(kind, explanation)
    before = {"kind": text.kind, "explanation": text.explanation}
    if before == {"kind": kind, "explanation": explanation}:
        return text
    text.kind, text.explanation = kind, explanation
    text.updated_by_id, text.updated_at = getattr(actor, "id", None), now
    db.session.flush()
    record(actor, "answer_text.update", text, before=before, after={"kind": kind, "explanation": explanation})
    return text


def publish_answers(actor, draft, now=None):
    """Make every answer of the draft public, and those saved later as soon as saved; return how many now."""
    now = now or utcnow()
    of_draft = select(AnswerText.id).where(AnswerText.draft_id == draft.id)
    count = db.session.execute(
        update(Answer)
        .where(Answer.text_id.in_(of_draft), Answer.published_at.is_(None))
        .values(published_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not count:
        if draft.answers_published_at is not None:  # e.g. the last pending opinion was rejected since
            _mark_answered_when_complete(actor, draft, now)
        return 0
    for loaded in list(db.session.identity_map.values()):
        if isinstance(loaded, Answer):
            db.session.expire(loaded, ["published_at"])
    before = draft.answers_published_at
    draft.answers_published_at = before or now
    db.session.flush()
    record(
        actor,
        "answers.publish",
        draft,
        before={"answers_published_at": before and before.isoformat()},
        after={"answers_published_at": draft.answers_published_at.isoformat(), "published": count},
    )
    _after_publish(_published_at(draft, now))
    _mark_answered_when_complete(actor, draft, now)
    return count


def _published_at(draft, moment, batch_size=500):
    """Yield the draft's answers published at `moment`, with their opinions, a batch at a time."""
    query = (
        select(Answer)
        .join(AnswerText, Answer.text_id == AnswerText.id)
        .where(AnswerText.draft_id == draft.id, Answer.published_at == moment)
        .options(joinedload(Answer.feedback))
        .order_by(Answer.id)
        .execution_options(yield_per=batch_size)
    )
    yield from db.session.scalars(query)


def _after_publish(answers):
    """Tell the authors who asked for it that their opinion has a public answer (edits are not announced again).

    `answers` is an iterable of Answer objects (read lazily, in batches); each `answer.feedback` is the opinion.
    Only authors who ticked the box get a job queued; the emails go out after the commit (consult.jobs).
    """
    for answer in answers:
        if wants_mail(answer.feedback):
            notify_answered(answer.feedback)


def _mark_answered_when_complete(actor, draft, now):
    """Move a closed draft to 'answered' once no opinion is pending and every approved one has a public answer."""
    if draft.status == DraftStatus.ANSWERED or draft.phase(now) != Phase.CLOSED:
        return False
    waiting = db.session.scalar(
        select(
            exists().where(
                Feedback.draft_id == draft.id,
                (Feedback.status == FeedbackStatus.PENDING)
                | (
                    (Feedback.status == FeedbackStatus.APPROVED)
                    & ~exists().where(Answer.feedback_id == Feedback.id, Answer.published_at.is_not(None))
                ),
            )
        )
    )
    if waiting:
        return False
    mark_answered(actor, draft)
    return True
