"""The moderator's message to the author: typed on every decision form, stored, shown on the receipt page and in
the email, kept in the decision history and the audit log; the internal note never reaches the author."""

import unicodedata

from sqlalchemy import select

from consult.answers.services import answer_feedbacks, publish_answers
from consult.audit import AuditLog
from consult.feedback.models import FeedbackStatus
from consult.moderation.citizen_flags import report_feedback
from consult.moderation.models import ModerationDecision
from consult.moderation.services import approve_feedback, reject_feedback
from tests import factories
from tests.conftest import post_form
from tests.feedback.helpers import page_text, sent_mails, vi

MESSAGE = "Cảm ơn ông/bà. Ý kiến nói về dự thảo khác, xin gửi lại vào dự thảo Luật Nhà ở."
NOTE = "Ghi chú nội bộ: người này đã gửi 5 lần"
LENGTH_ERROR = (
    "The message to the author can be at most %(max)d characters long; it has %(length)d. Shorten it and send again."
)


def decide(client, feedback, data):
    """Send the moderation form of one opinion from the queue."""
    return post_form(client, f"/moderation/{feedback.id}/decide", data, page="/moderation/")


def receipt(client, feedback):
    """Return the public receipt page of an opinion as text."""
    return page_text(client.get(f"/receipts/{feedback.receipt_code}"))


def test_the_message_goes_from_the_form_to_the_receipt_page_and_the_note_stays_private(
    client, db, auth, moderator, open_draft
):
    feedback = factories.make_feedback(open_draft, contact="0912 345 678")
    db.session.commit()
    auth.login(moderator)

    response = decide(
        client,
        feedback,
        {"reject": "1", "reason": "off_topic", "note": NOTE, "author_message": f"  {MESSAGE}\r\nTrân trọng.  "},
    )

    assert response.status_code == 302
    decision = db.session.scalar(select(ModerationDecision))
    assert decision.author_message == f"{MESSAGE}\nTrân trọng." and decision.note == NOTE
    auth.logout()
    html = receipt(client, feedback)
    assert vi("Message from the moderator") in html and MESSAGE in html and "Trân trọng." in html
    assert html.index(vi("Reason")) < html.index(vi("Message from the moderator"))
    for private in ("Ghi chú nội bộ", "5 lần", "0912 345 678", moderator.email):
        assert private not in html


def test_the_message_is_shown_as_plain_text_in_every_status(client, db, moderator, agency_editor, open_draft):
    published, answered, reported, silent = (factories.make_feedback(open_draft) for _ in range(4))
    approve_feedback(moderator, published, author_message="Cảm ơn <b>góp ý</b> của bạn & gia đình.")
    approve_feedback(moderator, answered, author_message="Đã chuyển cơ quan soạn thảo.")
    answer_feedbacks(agency_editor, open_draft, [answered], "accepted", "Tiếp thu.")
    publish_answers(agency_editor, open_draft)
    approve_feedback(moderator, reported, author_message="Ý kiến được đăng.")
    approve_feedback(moderator, silent, note=NOTE)
    db.session.commit()
    for number in range(open_draft_threshold(client)):
        report_feedback(reported, f"ip:reporter{number}", "spam")
    db.session.commit()
    assert reported.status == FeedbackStatus.PENDING  # back in review: the author still sees the last message

    raw = client.get(f"/receipts/{published.receipt_code}").get_data(as_text=True)
    assert "&lt;b&gt;góp ý&lt;/b&gt; của bạn &amp; gia đình." in raw and "<b>góp ý" not in raw
    assert "Đã chuyển cơ quan soạn thảo." in receipt(client, answered)
    assert "Ý kiến được đăng." in receipt(client, reported)
    html = receipt(client, silent)
    assert vi("Message from the moderator") not in html and "Ghi chú nội bộ" not in html


def open_draft_threshold(client):
    """Return how many readers' reports send a published opinion back to review."""
    return client.application.config["CITIZEN_FLAG_THRESHOLD"]


def test_a_message_too_long_is_refused_in_vietnamese_and_kept(client, db, auth, moderator, open_draft):
    feedback = factories.make_feedback(open_draft)
    db.session.commit()
    auth.login(moderator)
    typed = "Lời nhắn rất dài. " * 60  # 1,080 characters

    response = decide(client, feedback, {"approve": "1", "note": NOTE, "author_message": typed})

    assert response.status_code == 422
    html = page_text(response)
    assert vi(LENGTH_ERROR, max=1000, length=len(typed.strip())) in html
    assert f'id="message-{feedback.id}-error"' in html
    assert typed.strip() in html and NOTE in html  # what was typed is still in the form
    db.session.refresh(feedback)
    assert feedback.status == FeedbackStatus.PENDING and db.session.scalar(select(ModerationDecision)) is None

    response = decide(client, feedback, {"approve": "1", "author_message": "ệ" * 1000})
    assert response.status_code == 302
    assert db.session.scalar(select(ModerationDecision)).author_message == "ệ" * 1000


def test_the_message_is_stored_in_nfc(client, db, auth, moderator, open_draft):
    feedback = factories.make_feedback(open_draft)
    db.session.commit()
    auth.login(moderator)
    decomposed = unicodedata.normalize("NFD", "Cảm ơn ý kiến của bạn về Điều 5.")

    decide(client, feedback, {"approve": "1", "author_message": decomposed})

    stored = db.session.scalar(select(ModerationDecision)).author_message
    assert stored == "Cảm ơn ý kiến của bạn về Điều 5." and unicodedata.is_normalized("NFC", stored)


def test_a_bulk_decision_gives_every_opinion_the_message(client, db, auth, moderator, open_draft):
    first, second = factories.make_feedback(open_draft), factories.make_feedback(open_draft)
    db.session.commit()
    auth.login(moderator)

    response = post_form(
        client,
        "/moderation/bulk",
        {
            "selected": [first.id, second.id],
            "reject": "1",
            "reason": "duplicate",
            "note": NOTE,
            "author_message": MESSAGE,
        },
        page="/moderation/",
    )

    assert response.status_code == 302
    decisions = db.session.scalars(select(ModerationDecision).order_by(ModerationDecision.feedback_id)).all()
    assert [(d.feedback_id, d.author_message, d.note) for d in decisions] == [
        (first.id, MESSAGE, NOTE),
        (second.id, MESSAGE, NOTE),
    ]
    assert MESSAGE in receipt(client, second)


def test_a_bulk_form_with_errors_keeps_the_ticks_and_the_message(client, db, auth, moderator, open_draft):
    first, second = factories.make_feedback(open_draft), factories.make_feedback(open_draft)
    db.session.commit()
    auth.login(moderator)

    response = post_form(
        client,
        "/moderation/bulk",
        {"selected": [second.id], "reject": "1", "reason": "", "author_message": MESSAGE},
        page="/moderation/",
    )

    assert response.status_code == 422
    html = page_text(response)
    assert vi("Choose a reason for the rejection.") in html
    assert f'<textarea id="message-bulk" name="author_message" rows="2" data-key="message">{MESSAGE}</textarea>' in html
    assert f'value="{second.id}" id="select-{second.id}" form="bulk-form" checked>' in html
    assert f'value="{first.id}" id="select-{first.id}" form="bulk-form">' in html
    assert db.session.scalar(select(ModerationDecision)) is None


def test_a_group_decision_records_the_message_for_every_member(client, db, auth, moderator, open_draft):
    representative = factories.make_feedback(open_draft, content="Thư mẫu về Điều 2.")
    members = [
        factories.make_feedback(open_draft, content="Thư mẫu về Điều 2!", duplicate_group_id=representative.id)
        for _ in range(2)
    ]
    db.session.commit()
    auth.login(moderator)

    response = post_form(
        client,
        f"/moderation/group/{representative.id}/decide",
        {"approve": "1", "author_message": MESSAGE},
        page=f"/moderation/?group={representative.id}",
    )

    assert response.status_code == 302
    decisions = db.session.scalars(select(ModerationDecision)).all()
    assert sorted(d.feedback_id for d in decisions) == sorted([representative.id] + [m.id for m in members])
    assert {d.author_message for d in decisions} == {MESSAGE}
    assert MESSAGE in receipt(client, members[1])


def test_the_group_form_shows_the_message_field_and_keeps_it_on_error(client, db, auth, moderator, open_draft):
    representative = factories.make_feedback(open_draft)
    factories.make_feedback(open_draft, duplicate_group_id=representative.id)
    db.session.commit()
    auth.login(moderator)
    page = f"/moderation/?group={representative.id}"

    response = post_form(
        client,
        f"/moderation/group/{representative.id}/decide?group={representative.id}",
        {"approve": "1", "author_message": "x" * 1001},
        page=page,
    )

    assert response.status_code == 422
    html = page_text(response)
    assert vi(LENGTH_ERROR, max=1000, length=1001) in html and "x" * 1001 in html
    assert 'for="message-group"' in html


def test_the_email_carries_the_message_but_not_the_note(client, db, app, auth, moderator, open_draft):
    feedback = factories.make_feedback(open_draft, notify=True, contact="tuan.tran@example.vn")
    db.session.commit()
    auth.login(moderator)

    decide(client, feedback, {"approve": "1", "note": NOTE, "author_message": MESSAGE})

    [mail] = sent_mails(app)
    body = mail.get_content()
    assert vi("Message from the moderator:") + "\n" + MESSAGE in body
    assert "Ghi chú nội bộ" not in body and moderator.email not in body


def test_the_decision_history_and_the_audit_log_keep_note_and_message(client, db, auth, moderator, open_draft):
    feedback = factories.make_feedback(open_draft)
    db.session.commit()
    auth.login(moderator)

    decide(client, feedback, {"approve": "1", "note": NOTE, "author_message": MESSAGE})

    html = page_text(client.get(f"/moderation/{feedback.id}/redact"))
    assert vi("Decision history") in html
    assert vi("Internal note: %(note)s", note=NOTE) in html
    assert vi("Message to the author: %(message)s", message=MESSAGE) in html
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "feedback.approved"))
    assert entry.after == {"status": "approved", "reason": None, "note": NOTE, "author_message": MESSAGE}


def test_rejection_with_a_message_through_the_service(db, moderator, open_draft):
    feedback = factories.make_feedback(open_draft)

    decision = reject_feedback(moderator, feedback, "spam", author_message=" Quảng cáo\u200b dịch vụ. ")

    assert decision.author_message == "Quảng cáo dịch vụ."
