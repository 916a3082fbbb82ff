"""Signing in and out; session cookie flags."""

import pytest

from tests.conftest import post_form


def test_login_with_wrong_password_shows_an_error(client, citizen):
    response = post_form(client, "/auth/login", {"email": citizen.email, "password": "sai mật khẩu"})

    assert response.status_code == 200
    assert citizen.email in response.get_data(as_text=True)  # the email typed is kept
    assert client.get("/moderation/").status_code == 302


def test_login_lands_by_role_and_logout_works(client, auth, moderator, agency_editor, admin):
    assert auth.login(moderator).headers["Location"] == "/moderation/"
    auth.logout()
    assert auth.login(agency_editor).headers["Location"] == "/agency/"
    auth.logout()
    assert auth.login(admin).headers["Location"] == "/admin/"
    auth.logout()
    assert client.get("/admin/").status_code == 302


def test_login_redirects_only_to_local_pages(client, citizen):
    response = post_form(
        client,
        "/auth/login?next=https://evil.example/",
        {"email": citizen.email, "password": "correct horse battery"},
        page="/auth/login",
    )

    assert response.headers["Location"] == "/"


def test_session_cookie_is_httponly_and_samesite(client, citizen):
    response = post_form(client, "/auth/login", {"email": citizen.email, "password": "correct horse battery"})
    cookie = response.headers.get("Set-Cookie")

    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_login_without_csrf_is_refused(client, citizen):
    response = client.post("/auth/login", data={"email": citizen.email, "password": "correct horse battery"})

    assert response.status_code == 400


def test_a_page_for_staff_asks_visitors_to_log_in_in_their_language(client):
    response = client.get("/moderation/", follow_redirects=True)
    assert "Vui lòng đăng nhập để xem trang này." in response.get_data(as_text=True)
    client.get("/lang/en")
    response = client.get("/moderation/", follow_redirects=True)
    assert "Please log in to see this page." in response.get_data(as_text=True)


HOSTILE_NEXT = [
    "https://evil.example/",
    "//evil.example/login",
    "/%09/evil.example/login",  # a tab, dropped by browsers: //evil.example/login
    "/%0a/evil.example",
    "/%5Cevil.example",  # a backslash, read by browsers as a slash
    "/\\/evil.example",
    "javascript:alert(1)",
]


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_the_language_switch_and_login_return_only_to_pages_of_this_site(client, citizen, target):
    switched = client.get(f"/lang/vi?next={target}")
    assert switched.headers["Location"] == "/"

    response = post_form(
        client,
        f"/auth/login?next={target}",
        {"email": citizen.email, "password": "correct horse battery"},
        page="/auth/login",
    )
    assert response.headers["Location"] == "/"


def test_the_language_switch_returns_to_the_page_it_was_asked_from(client):
    assert client.get("/lang/en?next=/drafts/abc%3Fpage%3D2").headers["Location"] == "/drafts/abc?page=2"
