"""Guessing passwords: failed sign-ins are limited per account as well as per address, and an unknown email is
answered like a known one, in the same work, so neither the answer nor its time tells who has an account."""

import pytest

from consult.auth import services
from consult.auth.services import authenticate
from tests import factories
from tests.conftest import post_form

PER_ACCOUNT = {"RATELIMIT_ENABLED": True, "LOGIN_FAILURE_RATE_LIMIT": "3 per hour"}


def attempt(app, email, password, address):
    """One sign-in from a new client at `address`; return the status."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return post_form(client, "/auth/login", {"email": email, "password": password}).status_code


@pytest.mark.parametrize("app_config", [PER_ACCOUNT])
def test_failed_sign_ins_are_limited_per_account_from_any_address(app, db, agency_editor):
    wrong = [attempt(app, agency_editor.email, "sai mật khẩu", f"10.0.0.{n}") for n in range(3)]
    right_after = attempt(app, agency_editor.email.upper(), factories.PASSWORD, "10.0.1.1")
    other = factories.make_user(email="nguoi.khac@example.vn")
    db.session.commit()

    assert wrong == [200, 200, 200]  # the form again, with its message
    assert right_after == 429  # even the right password waits: the guesser cannot tell
    assert attempt(app, other.email, factories.PASSWORD, "10.0.1.2") == 302


@pytest.mark.parametrize("app_config", [PER_ACCOUNT])
def test_an_unknown_email_is_limited_like_a_known_one(app, db):
    statuses = [attempt(app, "khong.co@example.vn", "sai mật khẩu", f"10.0.2.{n}") for n in range(4)]

    assert statuses == [200, 200, 200, 429]


@pytest.mark.parametrize("app_config", [PER_ACCOUNT])
def test_successful_sign_ins_do_not_count(app, db, agency_editor):
    statuses = [attempt(app, agency_editor.email, factories.PASSWORD, "10.0.3.1") for _ in range(5)]

    assert statuses == [302] * 5


def test_an_unknown_email_costs_one_password_hash_like_a_wrong_password(app, db, agency_editor, monkeypatch):
    checked = []
    real_check = services.check_password_hash
    monkeypatch.setattr(services, "check_password_hash", lambda *args: checked.append(args[0]) or real_check(*args))
    monkeypatch.setattr("consult.auth.models.check_password_hash", services.check_password_hash)

    assert authenticate("khong.co@example.vn", "sai mật khẩu") is None
    assert authenticate(agency_editor.email, "sai mật khẩu") is None

    unknown_hash, known_hash = checked
    assert unknown_hash.split("$")[0] == known_hash.split("$")[0]  # the same method and cost, e.g. scrypt:32768:8:1
