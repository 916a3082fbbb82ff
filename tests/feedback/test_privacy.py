"""Privacy: consent kept with the opinion, no IP address stored, erasing contacts on request and after retention."""

from datetime import timedelta

from sqlalchemy import select

from consult.audit import AuditLog
from consult.database import utcnow
from consult.feedback.models import Feedback
from tests import factories
from tests.conftest import post_form
from tests.feedback.test_views import valid_form


def test_consent_text_and_time_are_stored_and_no_ip_address(client, db, open_draft):
    post_form(
        client, f"/drafts/{open_draft.slug}/feedback", valid_form(), environ_base={"REMOTE_ADDR": "198.51.100.23"}
    )

    feedback = db.session.scalar(select(Feedback))
    assert "Tôi đồng ý" in feedback.consent_text and feedback.consent_at is not None
    assert feedback.client_hash and len(feedback.client_hash) == 32
    row = db.session.execute(select(Feedback.__table__)).one()
    assert not any("198.51.100.23" in str(value) for value in row)


def test_author_erases_their_contact_with_the_receipt_code(client, db, open_draft):
    feedback = factories.make_feedback(open_draft, contact="0912 345 678")
    db.session.commit()

    wrong = post_form(client, "/privacy/erase", {"code": feedback.receipt_code, "contact": "0988 000 000"})
    assert wrong.status_code == 422
    db.session.refresh(feedback)
    assert feedback.contact == "0912 345 678"

    done = post_form(client, "/privacy/erase", {"code": feedback.receipt_code.lower(), "contact": "+84 912.345.678"})
    assert done.status_code == 200 and "Đã xóa thông tin liên hệ" in done.get_data(as_text=True)
    db.session.refresh(feedback)
    assert feedback.contact == "" and feedback.contact_erased_at is not None
    log = db.session.scalar(select(AuditLog).where(AuditLog.action == "feedback.contact_erased"))
    assert log.object_id == feedback.id and "0912" not in str(log.after)


def test_contacts_are_erased_after_the_retention_period(runner, db, agency, app):
    now = utcnow()
    old = factories.make_draft(agency, opens_at=now - timedelta(days=500), closes_at=now - timedelta(days=400))
    recent = factories.make_draft(agency, opens_at=now - timedelta(days=40), closes_at=now - timedelta(days=10))
    stale = factories.make_feedback(old, contact="cu@example.vn")
    kept = factories.make_feedback(recent, contact="moi@example.vn")
    db.session.commit()

    result = runner.invoke(args=["feedback", "erase-contacts"])

    assert result.exit_code == 0 and "1 opinion" in result.output
    db.session.expire_all()
    assert db.session.get(Feedback, stale.id).contact == ""
    assert db.session.get(Feedback, kept.id).contact == "moi@example.vn"
    assert app.config["CONTACT_RETENTION_DAYS"] == 365
