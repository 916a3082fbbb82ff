"""Passwords: changed by their owner, reset by a link sent by email, set from the command line; weak ones refused
in the user's language, and every other session of the account ended."""

import re
from email import message_from_bytes
from email.policy import default

import pytest
from sqlalchemy import select

from consult.audit import AuditLog
from consult.auth.passwords import RESET_SECONDS
from consult.mail import outbox
from tests import factories
from tests.conftest import post_form
from tests.security.test_sessions import STAFF_PAGE, replay, signed_in

NEW = "mưa phùn tháng hai trên sông Hồng"
LINK = re.compile(r"https?://[^\s]+/auth/reset/[^\s]+")


def change(client, current, new, again=None):
    """Send the change-password form; return the response."""
    data = {"current_password": current, "new_password": new, "confirm": again if again is not None else new}
    return post_form(client, "/auth/password", data)


def mails(app):
    return [message_from_bytes(bytes(message), policy=default) for message in outbox(app)]


def test_a_password_is_changed_and_the_other_devices_are_signed_out(app, db, agency_editor):
    laptop, _ = signed_in(app, agency_editor)
    _, phone_cookies = signed_in(app, agency_editor, remember=True)

    response = change(laptop, factories.PASSWORD, NEW)

    assert response.status_code == 302
    assert laptop.get(STAFF_PAGE).status_code == 200  # this device goes on
    assert replay(app, phone_cookies) == 302
    assert replay(app, {"remember_token": phone_cookies["remember_token"]}) == 302
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "user.password")) is not None
    [notice] = mails(app)  # the owner is told, in case it was not them
    assert notice["To"] == agency_editor.email and notice["Subject"] == "Mật khẩu Consult của bạn đã được đổi"
    assert "Bạn quên mật khẩu?" in notice.get_content()
    assert signed_in(app, agency_editor, password=NEW)


@pytest.mark.parametrize(
    ("current", "new", "again", "message"),
    [
        ("sai mật khẩu", NEW, None, "Mật khẩu hiện tại không đúng."),
        (factories.PASSWORD, "ngan", None, "Hãy chọn mật khẩu có ít nhất 12 ký tự."),
        (factories.PASSWORD, "password1234", None, "Mật khẩu này quá phổ biến hoặc quá dễ đoán."),
        (factories.PASSWORD, "aaaaaaaaaaaa", None, "Mật khẩu này quá phổ biến hoặc quá dễ đoán."),
        (factories.PASSWORD, NEW, NEW + "!", "Hai lần nhập mật khẩu mới không giống nhau."),
    ],
)
def test_a_refused_change_says_why_and_keeps_the_password(app, db, agency_editor, current, new, again, message):
    client, _ = signed_in(app, agency_editor)

    response = change(client, current, new, again)

    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert agency_editor.check_password(factories.PASSWORD)


def test_a_forgotten_password_is_reset_by_a_link_that_works_once(app, db, agency_editor):
    _, before = signed_in(app, agency_editor)
    asker = app.test_client()

    asker.environ_base["HTTP_HOST"] = "ke-gian.example"  # a forged Host header does not reach the link
    answer = post_form(asker, "/auth/reset", {"email": agency_editor.email.upper()}, follow_redirects=True)
    [mail] = mails(app)
    link = LINK.search(mail.get_content()).group(0)
    path = link.split("https://gopy.example.vn", 1)[-1]
    del asker.environ_base["HTTP_HOST"]

    assert "Nếu có tài khoản dùng địa chỉ này" in answer.get_data(as_text=True)
    assert link.startswith("https://gopy.example.vn/auth/reset/")  # PUBLIC_BASE_URL
    assert mail["To"] == agency_editor.email and mail["Subject"] == "Chọn mật khẩu Consult mới"
    assert post_form(asker, path, {"new_password": "ngan", "confirm": "ngan"}).status_code == 200
    assert post_form(asker, path, {"new_password": NEW, "confirm": NEW}).status_code == 302
    assert asker.get(path).status_code == 404  # used
    assert "Đường liên kết này không còn dùng được" in asker.get(path).get_data(as_text=True)
    assert replay(app, before) == 302  # a session from before the reset has ended
    assert [message["Subject"] for message in mails(app)][1:] == ["Mật khẩu Consult của bạn đã được đổi"]
    assert signed_in(app, agency_editor, password=NEW)


def test_an_unknown_email_gets_the_same_answer_and_no_mail(app, db):
    answer = post_form(app.test_client(), "/auth/reset", {"email": "khong.co@example.vn"}, follow_redirects=True)

    assert "Nếu có tài khoản dùng địa chỉ này" in answer.get_data(as_text=True)
    assert mails(app) == []


def test_a_reset_link_expires_after_an_hour(app, db, agency_editor, monkeypatch):
    post_form(app.test_client(), "/auth/reset", {"email": agency_editor.email})
    path = LINK.search(mails(app)[0].get_content()).group(0).split("https://gopy.example.vn", 1)[-1]
    monkeypatch.setattr("consult.auth.passwords.RESET_SECONDS", -1)

    assert app.test_client().get(path).status_code == 404
    assert RESET_SECONDS == 3600


def test_a_forged_reset_link_opens_nothing(app, db, agency_editor):
    assert app.test_client().get("/auth/reset/eyJ1c2VyIjoxfQ.forged.signature").status_code == 404


def test_the_command_line_sets_a_password_and_ends_the_sessions(app, runner, db, agency_editor):
    _, cookies = signed_in(app, agency_editor)

    weak = runner.invoke(args=["users", "set-password", "--email", agency_editor.email, "--password", "password1234"])
    strong = runner.invoke(args=["users", "set-password", "--email", agency_editor.email, "--password", NEW])

    assert weak.exit_code != 0 and "too common or too easy to guess" in weak.output
    assert strong.exit_code == 0, strong.output
    assert replay(app, cookies) == 302
    assert [message["To"] for message in mails(app)] == [agency_editor.email]
    assert signed_in(app, agency_editor, password=NEW)
