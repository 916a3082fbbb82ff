"""Moderation tools in a real browser without JavaScript: redact then approve, readers' reports, a block."""

from sqlalchemy import select

from consult.auth.models import Role
from consult.feedback.blocks import SubmitterBlock
from consult.feedback.models import Feedback, FeedbackStatus
from tests import factories
from tests.browser.test_consultation_loop import login

TEXT = "Tôi là Phạm Thị Lan, điện thoại 0912 345 678. Đề nghị giữ nguyên khoản 2 Điều 1 vì phù hợp thực tế."


def test_redact_then_approve_shows_the_redacted_text(
    live_server, new_page, check_accessibility, db, open_draft, moderator
):
    feedback = factories.make_feedback(open_draft, content=TEXT)
    db.session.commit()
    staff = new_page(mobile=False)
    login(staff, live_server, moderator)

    staff.goto(f"{live_server}/moderation/{feedback.id}/redact")
    check_accessibility(staff, "redaction page")
    staff.locator("#phrase").fill("Phạm Thị Lan")
    staff.locator("button[name=mask], input[name=mask]").click()  # masked by the server, nothing saved yet
    staff.locator("input[name=mask_contacts], button[name=mask_contacts]").click()
    assert staff.locator("#content").input_value() == (
        "Tôi là [đã ẩn], điện thoại [đã ẩn]. Đề nghị giữ nguyên khoản 2 Điều 1 vì phù hợp thực tế."
    )
    staff.locator("#reason").select_option("personal_data")
    staff.locator("input[name=save], button[name=save]").click()

    assert staff.url.endswith(f"#fb-{feedback.id}")
    item = staff.locator(f"#fb-{feedback.id}")
    assert "Phạm Thị Lan" not in item.inner_text() and "[đã ẩn]" in item.inner_text()
    item.get_by_role("button", name="Duyệt và đăng công khai").click()

    reader = new_page()
    reader.goto(f"{live_server}/drafts/{open_draft.slug}")
    page_text = reader.content()
    assert "Đề nghị giữ nguyên khoản 2" in page_text
    assert "Phạm Thị Lan" not in page_text and "0912 345 678" not in page_text


def test_readers_report_until_the_opinion_leaves_the_page(live_server, new_page, check_accessibility, db, open_draft):
    feedback = factories.make_feedback(open_draft, FeedbackStatus.APPROVED, content="Bọn cán bộ toàn lũ ăn hại.")
    readers = [factories.make_user(role=Role.CITIZEN) for _ in range(3)]
    db.session.commit()

    for number, reader in enumerate(readers):
        page = new_page()
        login(page, live_server, reader)
        page.goto(f"{live_server}/drafts/{open_draft.slug}")
        assert "lũ ăn hại" in page.content()
        page.locator(f"#y-kien-{feedback.id} .report-link a").click()
        if number == 0:
            page.locator("form.narrow button[type=submit]").click()  # no reason chosen: asked for one
            assert page.locator(".error-summary").is_visible()
            check_accessibility(page, "report form with an error")
        page.locator("input[name=reason][value=offensive]").check()
        page.locator("#note").fill("Xúc phạm cán bộ")
        page.locator("form.narrow button[type=submit]").click()
        assert f"/drafts/{open_draft.slug}" in page.url

    page.goto(f"{live_server}/drafts/{open_draft.slug}")
    assert "lũ ăn hại" not in page.content()
    db.session.expire_all()
    assert db.session.get(Feedback, feedback.id).status == FeedbackStatus.PENDING


def test_a_moderator_adds_a_block(live_server, new_page, check_accessibility, db, moderator):
    staff = new_page(mobile=False)
    login(staff, live_server, moderator)

    staff.goto(f"{live_server}/moderation/blocks")
    check_accessibility(staff, "blocks page")
    staff.locator("input[name=kind][value=email]").check()
    staff.locator("#value").fill("lan@example.vn")
    staff.locator("#reason").fill("Gửi lời lẽ xúc phạm nhiều lần")
    staff.locator("#ends_on").fill("31/12/2099")
    staff.locator("form.narrow button[type=submit]").click()

    assert "lan@example.vn" in staff.locator("table").first.inner_text()
    assert "31/12/2099" in staff.content()
    check_accessibility(staff, "blocks page with a block")
    block = db.session.scalars(select(SubmitterBlock)).one()
    assert block.match_key == "email:lan@example.vn" and block.created_by_id == moderator.id
