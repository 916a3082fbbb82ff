"""Guessing passwords: failed sign-ins are limited per account (exponential backoff) as well as per address, and an
unknown email is answered like a known one, in the same work, so neither the answer nor its time tells who has an
account."""

import pytest

from consult.auth import services
from consult.auth.backoff import delay_after, failed, succeeded, wait_seconds
from consult.auth.services import authenticate
from tests import factories
from tests.conftest import post_form

PER_ACCOUNT = {"RATELIMIT_ENABLED": True, "LOGIN_FREE_FAILURES": 3, "LOGIN_BACKOFF_SECONDS": 60}


def attempt(app, email, password, address, whole=False):
    """One sign-in from a new client at `address`; return the status (or the whole response)."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    response = post_form(client, "/auth/login", {"email": email, "password": password})
    return response if whole else response.status_code


@pytest.mark.parametrize("app_config", [PER_ACCOUNT])
def test_failed_sign_ins_are_limited_per_account_from_any_address(app, db, agency_editor):
    wrong = [attempt(app, agency_editor.email, "sai mật khẩu", f"10.0.0.{n}") for n in range(3)]
    right_after = attempt(app, agency_editor.email.upper(), factories.PASSWORD, "10.0.1.1")
    other = factories.make_user(email="nguoi.khac@example.vn")
    db.session.commit()

    assert wrong == [200, 200, 200]  # the form again, with its message
    assert right_after == 302  # the free failures are not a lock
    assert attempt(app, other.email, factories.PASSWORD, "10.0.1.2") == 302


@pytest.mark.parametrize("app_config", [PER_ACCOUNT])
def test_past_the_free_failures_the_account_waits_even_with_the_right_password(app, db, agency_editor):
    wrong = [attempt(app, agency_editor.email, "sai mật khẩu", f"10.0.4.{n}") for n in range(4)]
    refused = attempt(app, agency_editor.email, factories.PASSWORD, "10.0.5.1", whole=True)

    assert wrong == [200, 200, 200, 200]
    assert refused.status_code == 429  # the guesser cannot tell the right password from a wrong one
    assert 55 <= int(refused.headers["Retry-After"]) <= 60
    page = refused.get_data(as_text=True)
    assert "Có quá nhiều lần thử sai với tài khoản này. Hãy thử lại sau 1 phút." in page
    assert agency_editor.email in page  # what the person typed is kept


def test_each_failure_past_the_free_ones_doubles_the_wait_up_to_the_maximum():
    config = {"LOGIN_FREE_FAILURES": 5, "LOGIN_BACKOFF_SECONDS": 30, "LOGIN_BACKOFF_MAX_SECONDS": 3600}

    delays = [delay_after(failures, config) for failures in range(1, 14)]

    assert delays == [0, 0, 0, 0, 0, 30, 60, 120, 240, 480, 960, 1920, 3600]


@pytest.mark.parametrize("app_config", [{**PER_ACCOUNT, "LOGIN_BACKOFF_SECONDS": 10}])
def test_the_wait_doubles_in_the_shared_storage_and_a_success_forgets_it(app):
    waits = []
    with app.test_request_context():
        for _ in range(6):
            failed("login:someone")
            waits.append(wait_seconds("login:someone"))
        succeeded("login:someone")
        after_success = wait_seconds("login:someone")
        failed("login:someone")
        after_one_more = wait_seconds("login:someone")

    assert waits[:3] == [0, 0, 0]
    assert [round(wait, -1) for wait in waits[3:]] == [10, 20, 40]
    assert after_success == after_one_more == 0  # the count started again


@pytest.mark.parametrize("app_config", [PER_ACCOUNT])
def test_an_unknown_email_is_limited_like_a_known_one(app, db):
    statuses = [attempt(app, "khong.co@example.vn", "sai mật khẩu", f"10.0.2.{n}") for n in range(5)]

    assert statuses == [200, 200, 200, 200, 429]


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
