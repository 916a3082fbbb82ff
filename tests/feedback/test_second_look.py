"""The author of a rejected opinion asks, once and with a reason, for a moderator to look at it again."""

from sqlalchemy import select

from consult.audit import AuditLog
from consult.feedback.models import Feedback, FeedbackStatus
from tests import factories
from tests.conftest import post_form

REASON = "Ý kiến của tôi không quảng cáo, chỉ nêu địa chỉ cửa hàng để minh họa."


def test_a_rejected_opinion_goes_back_to_the_queue_once_with_the_authors_reason(client, db, open_draft):
    rejected = factories.make_feedback(open_draft, FeedbackStatus.REJECTED, content="Ý kiến bị từ chối nhầm.")
    db.session.commit()
    receipt = f"/receipts/{rejected.receipt_code}"
    url = f"{receipt}/second-look"

    assert "Đề nghị xem xét lại" in client.get(receipt).get_data(as_text=True)
    refused = post_form(client, url, {"reason": "ngắn"}, page=receipt)
    assert refused.status_code == 422 and "từ 10 đến 1.000 ký tự" in refused.get_data(as_text=True)

    assert post_form(client, url, {"reason": REASON}, page=receipt).status_code == 302

    stored = db.session.get(Feedback, rejected.id)
    assert stored.status == FeedbackStatus.PENDING
    assert {"code": "second_look", "detail": REASON} in stored.flags
    audit = db.session.scalar(select(AuditLog).where(AuditLog.action == "feedback.second_look"))
    assert audit.actor_id is None and audit.after["reason"] == REASON
    page = client.get(receipt).get_data(as_text=True)
    assert "chỉ được đề nghị một lần" in page and 'name="reason"' not in page


def test_a_second_look_is_asked_once_and_only_for_a_rejected_opinion(client, db, open_draft):
    approved = factories.make_feedback(open_draft, FeedbackStatus.APPROVED, content="Ý kiến đã được đăng.")
    db.session.commit()
    receipt = f"/receipts/{approved.receipt_code}"

    assert 'name="reason"' not in client.get(receipt).get_data(as_text=True)
    post_form(client, f"{receipt}/second-look", {"reason": REASON}, page="/privacy/erase")  # a page with a token

    assert db.session.get(Feedback, approved.id).status == FeedbackStatus.APPROVED
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "feedback.second_look")) is None


def test_bulk_approval_leaves_an_opinion_asked_to_be_looked_at_again(app):
    assert "second_look" in app.config["MODERATION_HOLD_FLAGS"]
