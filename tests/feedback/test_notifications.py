"""Emails to authors who asked for them: on approval, on rejection (reason only), on the agency's answer."""

import socket

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from consult.answers.notifications import notify_answered
from consult.feedback.models import Feedback, FeedbackStatus
from consult.feedback.privacy import erase_contact
from consult.moderation.models import REJECTION_REASONS
from tests import factories
from tests.conftest import post_form
from tests.feedback.helpers import page_text, sent_mails, vi
from tests.feedback.test_views import valid_form


def decide(client, feedback, data):
    """Send the moderation form of one opinion."""
    return post_form(client, f"/moderation/{feedback.id}/decide", data, page="/moderation/")


def opinion(db, draft, notify=True, contact="tuan.tran@example.vn", **fields):
    """A pending opinion whose author did (or did not) ask for emails."""
    feedback = factories.make_feedback(draft, contact=contact, notify=notify, author_name="Trần Văn Tuấn", **fields)
    db.session.commit()
    return feedback


def test_the_checkbox_is_stored_with_the_opinion(client, db, open_draft):
    post_form(client, f"/drafts/{open_draft.slug}/feedback", valid_form(notify="y"))

    assert db.session.scalar(select(Feedback)).notify is True


def test_the_checkbox_needs_an_email_contact(client, db, open_draft):
    response = post_form(
        client,
        f"/drafts/{open_draft.slug}/feedback",
        valid_form(notify="y", contact="0912 345 678", content="Ý kiến kèm số điện thoại."),
    )

    assert response.status_code == 422
    html = page_text(response)
    assert vi("Emails can only be sent to an email address: give one as your contact, or untick this box.") in html
    assert "Ý kiến kèm số điện thoại." in html and "0912 345 678" in html
    assert db.session.scalar(select(Feedback)) is None


def test_approval_is_mailed_in_vietnamese_to_an_author_who_asked(client, db, app, auth, moderator, open_draft):
    feedback = opinion(db, open_draft)
    other = opinion(db, open_draft, notify=False, contact="nguoi.khac@example.vn", content="Ý kiến của người khác")
    auth.login(moderator)
    client.get("/lang/en")  # the moderator works in English; the author still gets Vietnamese

    decide(client, feedback, {"approve": "1", "note": "Ghi chú nội bộ của kiểm duyệt viên"})

    [mail] = sent_mails(app)
    assert mail["To"] == "tuan.tran@example.vn"
    assert mail["Subject"] == vi("Your opinion %(code)s is published", code=feedback.receipt_code)
    body = mail.get_content()
    assert vi("Hello %(name)s,", name="Trần Văn Tuấn") in body
    assert f"https://gopy.example.vn/receipts/{feedback.receipt_code}" in body
    assert open_draft.title in body
    for private in ("Ghi chú nội bộ", other.receipt_code, "nguoi.khac", moderator.email, "Ý kiến của người khác"):
        assert private not in body

    decide(client, other, {"approve": "1"})
    assert len(sent_mails(app)) == 1  # the other author did not ask


def test_rejection_gives_the_reason_category_not_the_note(client, db, app, auth, moderator, open_draft):
    feedback = opinion(db, open_draft)
    auth.login(moderator)

    decide(client, feedback, {"reject": "1", "reason": "off_topic", "note": "Nói về dự thảo khác"})

    [mail] = sent_mails(app)
    assert mail["Subject"] == vi("Your opinion %(code)s was not published", code=feedback.receipt_code)
    body = mail.get_content()
    with force_locale("vi"):
        reason = str(REJECTION_REASONS["off_topic"])
    assert vi("Reason: %(reason)s", reason=reason) in body
    assert "Nói về dự thảo khác" not in body


def test_no_mail_once_the_contact_is_erased(client, db, app, auth, moderator, open_draft):
    feedback = opinion(db, open_draft)
    erase_contact(feedback, "author request")
    db.session.commit()
    auth.login(moderator)

    decide(client, feedback, {"approve": "1"})

    assert db.session.get(Feedback, feedback.id).status == FeedbackStatus.APPROVED
    assert sent_mails(app) == []
    notify_answered(feedback)
    assert sent_mails(app) == []


def test_notify_answered_mails_only_authors_who_asked(db, app, open_draft):
    asked = opinion(db, open_draft)
    silent = opinion(db, open_draft, notify=False)

    notify_answered(silent)
    notify_answered(asked)
    db.session.commit()

    [mail] = sent_mails(app)
    assert mail["To"] == "tuan.tran@example.vn"
    assert mail["Subject"] == vi("The drafting agency answered your opinion %(code)s", code=asked.receipt_code)
    body = mail.get_content()
    assert open_draft.agency.name in body and f"https://gopy.example.vn/receipts/{asked.receipt_code}" in body


def test_no_mail_is_sent_for_a_decision_that_is_rolled_back(db, app, moderator, open_draft):
    from consult.moderation.services import approve_feedback

    feedback = opinion(db, open_draft)
    approve_feedback(moderator, feedback)
    db.session.rollback()

    assert sent_mails(app) == []
    approve_feedback(moderator, db.session.get(Feedback, feedback.id))
    assert sent_mails(app) == []  # held until the decision is committed
    db.session.commit()
    assert len(sent_mails(app)) == 1


def closed_port():
    """Return a local port nobody listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


SMTP_DOWN = {
    "MAIL_BACKEND": "smtp",
    "MAIL_SERVER": "127.0.0.1",
    "MAIL_PORT": closed_port(),
    "MAIL_USE_TLS": False,
    "MAIL_TIMEOUT": 2,
}


@pytest.mark.parametrize("app_config", [SMTP_DOWN])
def test_a_mail_server_that_is_down_loses_no_decision_and_no_opinion(client, db, auth, moderator, agency, caplog):
    from consult.drafts.models import Participation

    draft = factories.make_draft(agency)
    draft.participation = Participation.EMAIL_VERIFIED
    db.session.commit()
    feedback = opinion(db, draft)
    auth.login(moderator)

    assert decide(client, feedback, {"approve": "1"}).status_code == 302
    assert db.session.get(Feedback, feedback.id).status == FeedbackStatus.APPROVED
    auth.logout()

    sent = post_form(client, f"/drafts/{draft.slug}/feedback", valid_form(content="Ý kiến khi máy chủ thư hỏng."))
    assert sent.status_code == 302 and sent.headers["Location"].endswith("/confirm")
    db.session.expire_all()
    stored = db.session.scalar(select(Feedback).where(Feedback.content == "Ý kiến khi máy chủ thư hỏng."))
    assert stored.status == FeedbackStatus.UNVERIFIED  # kept; a new code can be asked for once mail works
    assert client.get(sent.headers["Location"]).status_code == 200
    assert caplog.text.count("Background job consult.mail.send_mail failed") == 2
