"""A forgotten password, then a changed one, and two-step sign-in, in a real browser without JavaScript at phone
width; axe on each page."""

import re
import time

import pyotp

from consult.auth.passwords import reset_token
from tests import factories

NEW = "mưa phùn tháng hai trên sông Hồng"
NEWER = "gió mùa đông bắc về qua đèo Ngang"
NEW_FIELD = re.compile(r"^Mật khẩu mới")  # not "Nhập lại mật khẩu mới"


def test_a_forgotten_password_is_reset_then_changed_from_a_phone(
    live_server, new_page, check_accessibility, db, agency_editor
):
    page = new_page()
    page.goto(f"{live_server}/auth/login")
    page.get_by_role("link", name="Bạn quên mật khẩu?").click()
    check_accessibility(page, "forgotten password page")
    page.get_by_label("Email").fill(agency_editor.email)
    page.get_by_role("button", name="Gửi đường liên kết").click()
    assert "Nếu có tài khoản dùng địa chỉ này" in page.locator(".flashes").inner_text()

    page.goto(f"{live_server}/auth/reset/{reset_token(agency_editor)}")  # the link of the email (its token)
    check_accessibility(page, "new password page")
    page.get_by_label(NEW_FIELD).fill("password1234")
    page.get_by_label("Nhập lại mật khẩu mới").fill("password1234")
    page.get_by_role("button", name="Lưu mật khẩu mới").click()
    assert "quá phổ biến hoặc quá dễ đoán" in page.locator(".error-summary").inner_text()
    check_accessibility(page, "new password page with an error")
    page.get_by_label(NEW_FIELD).fill(NEW)
    page.get_by_label("Nhập lại mật khẩu mới").fill(NEW)
    page.get_by_role("button", name="Lưu mật khẩu mới").click()
    assert "Hãy đăng nhập bằng mật khẩu mới" in page.locator(".flashes").inner_text()

    page.get_by_label("Email").fill(agency_editor.email)
    page.get_by_label(re.compile(r"^Mật khẩu")).fill(NEW)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("link", name="Mật khẩu", exact=True).click()
    check_accessibility(page, "change password page")
    page.get_by_label("Mật khẩu hiện tại").fill(NEW)
    page.get_by_label(NEW_FIELD).fill(NEWER)
    page.get_by_label("Nhập lại mật khẩu mới").fill(NEWER)
    page.get_by_role("button", name="Đổi mật khẩu").click()
    assert "Mật khẩu của bạn đã được đổi" in page.locator(".flashes").inner_text()
    db.session.refresh(agency_editor)
    assert agency_editor.check_password(NEWER) and not agency_editor.check_password(factories.PASSWORD)


def test_two_step_sign_in_is_turned_on_and_used_from_a_phone(live_server, new_page, check_accessibility, db, admin):
    page = new_page()
    page.goto(f"{live_server}/auth/login")
    page.get_by_label("Email").fill(admin.email)
    page.get_by_label(re.compile(r"^Mật khẩu")).fill(factories.PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("link", name="Mật khẩu", exact=True).click()
    page.get_by_role("link", name="Bật", exact=True).click()
    check_accessibility(page, "two-step sign-in page (QR code)")
    secret = page.locator("code.secret").inner_text()
    page.get_by_label("Mã trong ứng dụng xác thực").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Bật đăng nhập hai bước").click()
    assert "Đã bật đăng nhập hai bước" in page.locator(".flashes").inner_text()

    phone = new_page()
    phone.goto(f"{live_server}/auth/login")
    phone.get_by_label("Email").fill(admin.email)
    phone.get_by_label(re.compile(r"^Mật khẩu")).fill(factories.PASSWORD)
    phone.get_by_role("button", name="Đăng nhập").click()
    check_accessibility(phone, "code page")
    phone.get_by_label("Mã trong ứng dụng xác thực").fill(pyotp.TOTP(secret).at(time.time(), counter_offset=1))
    phone.get_by_role("button", name="Đăng nhập").click()
    assert "Đăng nhập thành công" in phone.locator(".flashes").inner_text()


def test_the_password_being_typed_can_be_shown(live_server, new_page, check_accessibility, db):
    page = new_page(javascript=True)
    page.goto(f"{live_server}/auth/login")
    password = page.get_by_label(re.compile(r"^Mật khẩu"))
    password.fill("một mật khẩu dài")

    page.get_by_label("Hiện mật khẩu").check()
    assert password.get_attribute("type") == "text"
    check_accessibility(page, "sign-in page, password shown")
    page.get_by_label("Hiện mật khẩu").uncheck()
    assert password.get_attribute("type") == "password"

    without_javascript = new_page()
    without_javascript.goto(f"{live_server}/auth/login")
    assert without_javascript.get_by_label("Hiện mật khẩu").count() == 0
