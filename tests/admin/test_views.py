"""Administration of agencies and users: admins only."""

from sqlalchemy import select

from consult.agency.models import Agency
from consult.auth.models import User
from tests.conftest import post_form


def test_admin_pages_refuse_everyone_else(client, auth, citizen, moderator, agency_editor):
    assert client.get("/admin/").status_code == 302
    for user in (citizen, moderator, agency_editor):
        auth.login(user)
        assert client.get("/admin/").status_code == 403, user.role
        assert (
            post_form(
                client, "/admin/agencies/new", {"name": "X", "kind": "other", "parent_id": "0"}, page="/"
            ).status_code
            == 403
        )
        auth.logout()


def test_admin_creates_an_agency_and_an_editor(client, db, auth, admin):
    auth.login(admin)

    response = post_form(
        client,
        "/admin/agencies/new",
        {"name": "Sở Giáo dục và Đào tạo Huế", "kind": "department", "parent_id": "0", "locality": "hue"},
    )
    assert response.status_code == 302
    agency = db.session.scalar(select(Agency).where(Agency.name == "Sở Giáo dục và Đào tạo Huế"))
    assert agency.slug == "so-giao-duc-va-dao-tao-hue" and agency.locality == "hue"

    data = {
        "email": "BienTap@Example.vn",
        "name": "Biên tập viên",
        "password": "mat-khau-dai-du",
        "role": "agency_editor",
        "agency_id": str(agency.id),
    }
    assert post_form(client, "/admin/users/new", data).status_code == 302
    user = db.session.scalar(select(User).where(User.email == "bientap@example.vn"))
    assert user.agency_id == agency.id and user.check_password("mat-khau-dai-du")

    again = post_form(client, "/admin/users/new", data)
    assert again.status_code == 422


def test_editor_needs_an_agency(client, db, auth, admin):
    auth.login(admin)

    data = {"email": "x@example.vn", "password": "mat-khau-dai-du", "role": "agency_editor", "agency_id": "0"}
    response = post_form(client, "/admin/users/new", data)

    assert response.status_code == 422
    assert db.session.scalar(select(User).where(User.email == "x@example.vn")) is None


def test_admin_deactivates_a_user_who_then_cannot_log_in(client, db, auth, admin, citizen):
    auth.login(admin)

    post_form(client, f"/admin/users/{citizen.id}/edit", {"role": "citizen", "agency_id": "0", "name": citizen.name})
    db.session.refresh(citizen)
    assert citizen.active is False
    auth.logout()

    response = post_form(client, "/auth/login", {"email": citizen.email, "password": "correct horse battery"})
    assert response.status_code == 200  # the form again, with an error


def test_admin_cannot_demote_themself(client, db, auth, admin):
    auth.login(admin)

    post_form(client, f"/admin/users/{admin.id}/edit", {"role": "citizen", "agency_id": "0", "active": "y"})

    db.session.refresh(admin)
    assert admin.role == "admin"
