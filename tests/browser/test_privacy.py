"""Erasing one's own contact details in a real browser without JavaScript, at phone width: a wrong contact, then the
right one typed differently; axe on each page."""

from consult.feedback.models import Feedback
from tests import factories


def test_an_author_erases_their_contact_from_a_phone(live_server, new_page, check_accessibility, db, open_draft):
    feedback = factories.make_feedback(open_draft, contact="0912 345 678")
    db.session.commit()
    page = new_page()

    page.goto(f"{live_server}/privacy/erase")
    check_accessibility(page, "erase page")
    page.get_by_label("Mã tiếp nhận").fill(feedback.receipt_code)
    page.get_by_label("Email hoặc số điện thoại").fill("0988 000 000")
    page.get_by_role("button", name="Xóa", exact=True).click()

    page.locator(".error-summary").wait_for()
    assert "Không có ý kiến nào" in page.locator(".error-summary").inner_text()
    assert page.get_by_label("Mã tiếp nhận").input_value() == feedback.receipt_code  # what was typed stays
    check_accessibility(page, "erase page with an error")

    page.get_by_label("Mã tiếp nhận").fill(feedback.receipt_code.lower().replace("-", " "))
    page.get_by_label("Email hoặc số điện thoại").fill("+84 912.345.678")
    page.get_by_role("button", name="Xóa", exact=True).click()

    page.locator("p.notice[role=status]").wait_for()
    assert "Đã xóa thông tin liên hệ" in page.locator("p.notice").inner_text()
    check_accessibility(page, "erase page, done")
    db.session.expire_all()
    stored = db.session.get(Feedback, feedback.id)
    assert stored.contact == "" and stored.contact_erased_at is not None
