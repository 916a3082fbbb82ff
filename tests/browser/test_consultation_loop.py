"""The whole loop in a real browser without JavaScript: comment, moderate, publish, download."""

import csv
import io

from sqlalchemy import select

from consult.feedback.models import Feedback, FeedbackStatus
from tests import factories


def login(page, base, user):
    """Sign in through the staff login form."""
    page.goto(f"{base}/auth/login")
    page.get_by_label("Email").fill(user.email)
    page.locator("input[name=password]").fill(factories.PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def test_comment_moderate_publish_and_download(
    live_server, new_page, check_accessibility, db, open_draft, moderator, agency_editor
):
    base = live_server
    citizen = new_page()

    citizen.goto(base + "/")
    check_accessibility(citizen, "home")
    citizen.get_by_role("link", name=open_draft.title).click()
    check_accessibility(citizen, "draft page")
    citizen.get_by_role("link", name="Góp ý Điều 2").click()

    # First try without the required consent: the form comes back with the error and the text kept.
    citizen.get_by_label("Không tán thành").check()
    citizen.get_by_label("Nội dung góp ý").fill(
        "Đề nghị để lại tối thiểu 2 m vỉa hè cho người đi bộ và người khuyết tật."
    )
    citizen.get_by_label("Họ và tên hoặc tên tổ chức").fill("Hoàng Thị Mai")
    citizen.get_by_label("Tỉnh, thành phố").select_option("lao-cai")
    citizen.get_by_label("Email hoặc số điện thoại").fill("0912 345 678")
    citizen.get_by_role("button", name="Gửi ý kiến").click()
    assert citizen.locator(".error-summary").is_visible()
    assert "người khuyết tật" in citizen.get_by_label("Nội dung góp ý").input_value()
    check_accessibility(citizen, "form with errors")

    citizen.locator("#consent_terms").check()
    citizen.get_by_role("button", name="Gửi ý kiến").click()
    code = citizen.locator(".receipt .code").inner_text().strip()
    assert "Chờ kiểm duyệt" in citizen.content()
    check_accessibility(citizen, "receipt")

    db.session.expire_all()
    feedback = db.session.scalar(select(Feedback).where(Feedback.receipt_code == code))
    assert feedback.status == FeedbackStatus.PENDING and feedback.article.number == 2

    staff = new_page(mobile=False)
    login(staff, base, moderator)
    assert staff.url.endswith("/moderation/")
    check_accessibility(staff, "moderation queue")
    staff.locator(f"#fb-{feedback.id}").get_by_role("button", name="Duyệt và đăng công khai").click()
    assert f"Đã duyệt và đăng công khai ý kiến {code}" in staff.content()

    citizen.goto(f"{base}/drafts/{open_draft.slug}")
    assert "người khuyết tật" in citizen.content()
    assert "0912 345 678" not in citizen.content()
    citizen.goto(f"{base}/receipts/{code}")
    assert "Chờ kiểm duyệt" not in citizen.content()

    editor = new_page(mobile=False)
    login(editor, base, agency_editor)
    editor.goto(f"{base}/agency/drafts/{open_draft.id}/summary")
    check_accessibility(editor, "agency summary")
    with editor.expect_download() as download_info:
        editor.get_by_role("link", name="Tải về toàn bộ ý kiến (CSV)").click()
    with open(download_info.value.path(), encoding="utf-8-sig") as handle:
        content = handle.read()
    rows = list(csv.reader(io.StringIO(content)))
    assert any(code in row and "0912 345 678" in row for row in rows)


def test_login_and_forms_pass_accessibility_checks(live_server, new_page, check_accessibility, db, agency_editor):
    page = new_page()
    page.goto(f"{live_server}/auth/login")
    check_accessibility(page, "login")
    login(page, live_server, agency_editor)
    page.goto(f"{live_server}/agency/drafts/new")
    check_accessibility(page, "new draft form")
    page.goto(f"{live_server}/receipts?code=ZZZZ-ZZZZ")
    check_accessibility(page, "receipt lookup with error")
