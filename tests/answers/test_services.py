"""The answer services: what they refuse, how shared texts are kept, and the draft's 'answered' state."""

import unicodedata
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from consult.answers.models import Answer, AnswerText
from consult.answers.queries import progress
from consult.answers.services import AnswerError, NotAnswerable, answer_feedbacks, publish_answers
from consult.database import utcnow
from consult.drafts.models import DraftStatus
from consult.feedback.models import FeedbackStatus
from tests import factories
from tests.answers import approved


def count(db, model):
    return db.session.scalar(select(func.count(model.id)))


@pytest.mark.parametrize("status", [FeedbackStatus.PENDING, FeedbackStatus.REJECTED])
def test_opinions_not_approved_are_refused(db, agency_editor, open_draft, status):
    good = approved(open_draft)[0]
    bad = factories.make_feedback(open_draft, status)

    with pytest.raises(NotAnswerable) as refused:
        answer_feedbacks(agency_editor, open_draft, [good, bad], "accepted", "Có.")

    assert refused.value.feedback is bad
    db.session.rollback()
    assert count(db, Answer) == 0


@pytest.mark.parametrize("kind, explanation", [("accepted", "  \n "), ("maybe", "Có."), (None, "Có.")])
def test_kind_and_explanation_are_required(db, agency_editor, open_draft, kind, explanation):
    feedback = approved(open_draft)[0]

    with pytest.raises(AnswerError):
        answer_feedbacks(agency_editor, open_draft, [feedback], kind, explanation)


def test_an_empty_selection_is_refused(db, agency_editor, open_draft):
    with pytest.raises(AnswerError):
        answer_feedbacks(agency_editor, open_draft, [], "accepted", "Có.")


def test_explanation_is_stored_in_nfc(db, agency_editor, open_draft):
    feedback = approved(open_draft)[0]

    answer_feedbacks(agency_editor, open_draft, [feedback], "accepted", unicodedata.normalize("NFD", "Tiếp thu ý kiến"))

    assert db.session.scalar(select(AnswerText.explanation)) == unicodedata.normalize("NFC", "Tiếp thu ý kiến")


def test_texts_no_opinion_uses_are_removed_and_the_same_selection_edits_in_place(db, agency_editor, open_draft):
    first, second, third = approved(open_draft, 3)
    answer_feedbacks(agency_editor, open_draft, [first], "accepted", "Một.")
    answer_feedbacks(agency_editor, open_draft, [second], "accepted", "Hai.")
    batch = answer_feedbacks(agency_editor, open_draft, [first, second, third], "explained", "Chung.")
    assert count(db, AnswerText) == 1  # the two single answers were replaced and dropped

    again = answer_feedbacks(agency_editor, open_draft, [third, first, second], "not_accepted", "Chung, sửa.")

    assert again.id == batch.id and count(db, AnswerText) == 1
    assert {f.answer.explanation for f in (first, second, third)} == {"Chung, sửa."}


def test_batch_of_many_identical_letters_stores_the_text_once(db, agency_editor, open_draft):
    letters = approved(open_draft, 120, content="Đề nghị giữ nguyên vỉa hè cho người đi bộ.")

    answer_feedbacks(agency_editor, open_draft, letters, "accepted", "Tiếp thu toàn bộ. " * 50)

    assert count(db, Answer) == 120 and count(db, AnswerText) == 1
    total, _rows = progress(open_draft)
    assert (total.approved, total.answered, total.published) == (120, 120, 0)


def test_draft_is_not_marked_answered_while_opinions_wait_for_moderation(db, agency_editor, agency):
    now = utcnow()
    draft = factories.make_draft(agency, opens_at=now - timedelta(days=40), closes_at=now - timedelta(days=1))
    feedback = approved(draft)[0]
    waiting = factories.make_feedback(draft)
    answer_feedbacks(agency_editor, draft, [feedback], "accepted", "Có.")

    publish_answers(agency_editor, draft)
    assert draft.status == DraftStatus.OPEN  # closed by the clock, but one opinion is still pending

    db.session.delete(waiting)
    db.session.flush()
    publish_answers(agency_editor, draft)
    assert draft.status == DraftStatus.ANSWERED and draft.phase() == "answered"
