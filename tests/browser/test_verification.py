"""Email verification in a real browser without JavaScript: a phone refused, the code page, a wrong and a right code."""

from sqlalchemy import select

from consult.drafts.models import Participation
from consult.feedback.models import Feedback, FeedbackStatus
from consult.feedback.verification import EmailCode, _hash
from tests import factories

OPINION = "Đề nghị bố trí lối đi riêng cho xe lăn ở mọi nút giao."


def test_verification_flow_keeps_the_text_and_passes_accessibility_checks(
    live_server, new_page, check_accessibility, db, agency
):
    draft = factories.make_draft(agency, title="Dự thảo cần xác minh email")
    draft.participation = Participation.EMAIL_VERIFIED
    db.session.commit()
    page = new_page()

    page.goto(f"{live_server}/drafts/{draft.slug}/feedback")
    page.get_by_label("Tán thành", exact=True).check()
    page.get_by_label("Nội dung góp ý").fill(OPINION)
    page.get_by_label("Họ và tên hoặc tên tổ chức").fill("Vũ Thị Lan")
    page.get_by_label("Tỉnh, thành phố").select_option("da-nang")
    page.get_by_label("Email hoặc số điện thoại").fill("0905 123 456")
    page.locator("#notify").check()
    page.locator("#consent_terms").check()
    page.get_by_role("button", name="Gửi ý kiến").click()

    assert page.locator("#contact-error").is_visible()  # a phone is not enough here
    assert page.get_by_label("Nội dung góp ý").input_value() == OPINION
    check_accessibility(page, "verified draft form with errors")

    page.get_by_label("Email hoặc số điện thoại").fill("lan.vu@example.vn")
    page.get_by_role("button", name="Gửi ý kiến").click()
    assert page.url.endswith("/confirm")
    assert "l***@example.vn" in page.content() and OPINION in page.content()
    check_accessibility(page, "code page")

    db.session.expire_all()
    feedback = db.session.scalar(select(Feedback))
    assert feedback.status == FeedbackStatus.UNVERIFIED and feedback.notify
    # The code itself went to the live server's outbox; give the opinion a code this test knows instead.
    email_code = db.session.scalar(select(EmailCode))
    email_code.code_hash = _hash(feedback, "123456")
    db.session.commit()

    page.locator("#code").fill("000000")
    page.locator("form[action$='/confirm'] button").click()
    assert page.locator("#code-error").is_visible()
    assert page.locator("#code").input_value() == "000000"
    check_accessibility(page, "code page with a wrong code")

    page.locator("#code").fill("123 456")
    page.locator("form[action$='/confirm'] button").click()

    assert page.url.endswith(f"/receipts/{feedback.receipt_code}")
    assert "Chờ kiểm duyệt" in page.content()
    db.session.expire_all()
    assert db.session.get(Feedback, feedback.id).status == FeedbackStatus.PENDING
