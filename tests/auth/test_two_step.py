"""Two-step sign-in: turned on with a code that proves the app has the key, then asked for after the password;
each code is good once, the wait for it is short, and turning it off takes the password."""

import re
from datetime import UTC, datetime

import pyotp
import pytest
from sqlalchemy import select

from consult.audit import AuditLog
from tests import factories
from tests.conftest import csrf_token, post_form
from tests.security.test_sessions import STAFF_PAGE

SECRET_IN_PAGE = re.compile(r'<code class="secret">([A-Z2-7]+)</code>')
MOMENT = datetime(2026, 12, 7, 5, 0, 10, tzinfo=UTC)


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    """The server's clock, held still: codes are made for the same moment it checks them at."""

    class Clock:
        now = MOMENT

    monkeypatch.setattr("consult.auth.two_factor.utcnow", lambda: Clock.now)
    return Clock


def code_at(secret, steps=0):
    """The app's code at MOMENT, or `steps` time steps (30 s) from it."""
    return pyotp.TOTP(secret).at(MOMENT, counter_offset=steps)


def turn_on(client):
    """Turn two-step sign-in on through the page; return the key."""
    page = client.get("/auth/two-step").get_data(as_text=True)
    secret = SECRET_IN_PAGE.search(page).group(1)
    assert 'src="data:image/svg+xml' in page  # the QR code, drawn in the page
    assert post_form(client, "/auth/two-step", {"code": code_at(secret, 3)}).status_code == 200  # wrong: still off
    assert post_form(client, "/auth/two-step", {"code": code_at(secret)}).status_code == 302
    return secret


def sign_in(client, user):
    return post_form(client, "/auth/login", {"email": user.email, "password": factories.PASSWORD})


def test_after_the_password_the_code_is_asked_and_each_code_is_good_once(app, db, auth, client, agency_editor):
    auth.login(agency_editor)
    secret = turn_on(client)
    db.session.refresh(agency_editor)
    assert agency_editor.totp_secret == secret
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "user.two_factor_on")) is not None

    other = app.test_client()
    answer = sign_in(other, agency_editor)
    assert answer.status_code == 302 and "/auth/code" in answer.headers["Location"]
    assert other.get(STAFF_PAGE).status_code == 302  # not signed in before the code
    wrong = post_form(other, "/auth/code", {"code": "123456"})
    assert "Mã không đúng hoặc đã hết hạn" in wrong.get_data(as_text=True)
    assert other.get(STAFF_PAGE).status_code == 302

    assert post_form(other, "/auth/code", {"code": code_at(secret)}).status_code == 200  # used to turn it on
    assert post_form(other, "/auth/code", {"code": code_at(secret, 2)}).status_code == 200  # a minute ahead
    assert post_form(other, "/auth/code", {"code": code_at(secret, 1)}).status_code == 302  # 30 s of clock drift
    assert other.get(STAFF_PAGE).status_code == 200


def test_the_code_must_come_within_five_minutes_of_the_password(app, db, auth, client, agency_editor, monkeypatch):
    auth.login(agency_editor)
    secret = turn_on(client)
    late = app.test_client()
    sign_in(late, agency_editor)
    token = csrf_token(late, "/auth/code")
    monkeypatch.setattr("consult.auth.views.PENDING_SECONDS", -1)

    answer = late.post("/auth/code", data={"code": code_at(secret, 1), "csrf_token": token})

    assert answer.status_code == 302 and answer.headers["Location"].endswith("/auth/login")
    assert late.get(STAFF_PAGE).status_code == 302


def test_the_code_page_without_a_password_first_sends_to_sign_in(app, db):
    answer = app.test_client().get("/auth/code")

    assert answer.status_code == 302 and answer.headers["Location"].endswith("/auth/login")


def test_turning_it_off_takes_the_password(app, db, auth, client, agency_editor):
    auth.login(agency_editor)
    turn_on(client)

    refused = post_form(client, "/auth/two-step", {"password": "sai mật khẩu"})
    db.session.refresh(agency_editor)
    assert refused.status_code == 200 and agency_editor.totp_secret is not None
    assert post_form(client, "/auth/two-step", {"password": factories.PASSWORD}).status_code == 302
    db.session.refresh(agency_editor)
    assert agency_editor.totp_secret is None
    assert sign_in(app.test_client(), agency_editor).headers["Location"].endswith("/agency/")


@pytest.mark.parametrize("app_config", [{"RATELIMIT_ENABLED": True, "LOGIN_FREE_FAILURES": 2}])
def test_wrong_codes_close_the_account_waiting_for_its_code_even_to_the_right_one(app, db, auth, client, agency_editor):
    auth.login(agency_editor)
    secret = turn_on(client)
    other = app.test_client()
    sign_in(other, agency_editor)

    wrong = [post_form(other, "/auth/code", {"code": code_at(secret, 5)}).status_code for _ in range(3)]
    refused = post_form(other, "/auth/code", {"code": code_at(secret)})

    assert wrong == [200, 200, 200]
    assert refused.status_code == 429 and "Retry-After" in refused.headers
    assert other.get(STAFF_PAGE).status_code == 302  # still not signed in
