"""Stolen sessions: a session or remember-me cookie copied before sign-out (or before the account was deactivated)
opens nothing afterwards, on any device."""

from datetime import UTC, datetime, timedelta

import pytest

from consult.auth.services import update_user
from tests import factories
from tests.conftest import post_form

STAFF_PAGE = "/agency/"


def signed_in(app, user, remember=False, password=factories.PASSWORD):
    """A client signed in as `user` through the real form; return (client, its session and remember cookies)."""
    client = app.test_client()
    data = {"email": user.email, "password": password}
    if remember:
        data["remember"] = "y"
    assert post_form(client, "/auth/login", data).status_code == 302
    assert client.get(STAFF_PAGE).status_code == 200
    cookies = {name: client.get_cookie(name) for name in ("session", "remember_token")}
    return client, {name: cookie.value for name, cookie in cookies.items() if cookie is not None}


def replay(app, cookies):
    """A new client carrying only these cookies: the status of the staff page it gets."""
    thief = app.test_client()
    for name, value in cookies.items():
        thief.set_cookie(name, value)
    return thief.get(STAFF_PAGE).status_code


def test_a_session_copied_before_sign_out_is_refused_after_it(app, db, agency_editor):
    client, cookies = signed_in(app, agency_editor)
    assert replay(app, {"session": cookies["session"]}) == 200  # the copy works while the session lives

    post_form(client, "/auth/logout", page="/")

    assert replay(app, {"session": cookies["session"]}) == 302  # to the sign-in page


def test_a_remember_me_cookie_copied_before_sign_out_is_refused_after_it(app, db, agency_editor):
    client, cookies = signed_in(app, agency_editor, remember=True)
    assert replay(app, {"remember_token": cookies["remember_token"]}) == 200

    post_form(client, "/auth/logout", page="/")

    assert replay(app, {"remember_token": cookies["remember_token"]}) == 302


def test_signing_out_on_one_device_ends_the_others(app, db, agency_editor):
    laptop, _ = signed_in(app, agency_editor)
    phone, _ = signed_in(app, agency_editor, remember=True)

    post_form(laptop, "/auth/logout", page="/")

    assert phone.get(STAFF_PAGE).status_code == 302


def test_a_deactivated_account_is_signed_out_everywhere(app, db, admin, agency_editor):
    _, cookies = signed_in(app, agency_editor, remember=True)

    update_user(admin, agency_editor, agency_editor.role, agency_editor.agency, active=False)
    db.session.commit()

    assert replay(app, cookies) == 302
    assert replay(app, {"remember_token": cookies["remember_token"]}) == 302


def test_a_new_sign_in_draws_no_new_token_and_the_remember_me_cookie_lasts_14_days(app, db, agency_editor):
    _, first = signed_in(app, agency_editor, remember=True)
    client = app.test_client()
    response = post_form(
        client, "/auth/login", {"email": agency_editor.email, "password": factories.PASSWORD, "remember": "y"}
    )

    remember = next(value for value in response.headers.getlist("Set-Cookie") if value.startswith("remember_token="))
    expires = datetime.strptime(remember.split("Expires=")[1].split(";")[0], "%a, %d %b %Y %H:%M:%S GMT")
    assert timedelta(days=13) < expires.replace(tzinfo=UTC) - datetime.now(UTC) <= timedelta(days=14)
    assert replay(app, {"remember_token": first["remember_token"]}) == 200  # other devices stay signed in


def test_a_malformed_or_old_style_session_id_opens_nothing(app, db, agency_editor):
    client = app.test_client()
    for user_id in (str(agency_editor.id), f"{agency_editor.id}.", f"{agency_editor.id}.{'0' * 32}", "x.y"):
        with client.session_transaction() as session:
            session["_user_id"] = user_id
        assert client.get(STAFF_PAGE).status_code == 302, user_id


@pytest.fixture
def secure_cookies(monkeypatch):
    """Cookies as in production (before the app is made): Secure, so named __Host-."""
    monkeypatch.setenv("SESSION_COOKIE_SECURE", "1")


def test_over_https_the_cookies_are_host_only(secure_cookies, app, db, agency_editor, open_draft):
    client = app.test_client()
    client.environ_base["wsgi.url_scheme"] = "https"
    data = {"email": agency_editor.email, "password": factories.PASSWORD, "remember": "y"}

    response = post_form(client, "/auth/login", data)

    cookies = {value.split("=", 1)[0]: value for value in response.headers.getlist("Set-Cookie")}
    assert set(cookies) == {"__Host-session", "__Host-remember"}
    for cookie in cookies.values():
        assert "Secure" in cookie and "Path=/" in cookie and "Domain" not in cookie
    assert client.get(STAFF_PAGE).status_code == 200
    # The page cache knows these names: a signed-in editor never gets the page stored for visitors.
    anonymous = app.test_client()
    anonymous.environ_base["wsgi.url_scheme"] = "https"
    anonymous.get(f"/drafts/{open_draft.slug}")
    assert agency_editor.name in client.get(f"/drafts/{open_draft.slug}").get_data(as_text=True)
