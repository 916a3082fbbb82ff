"""Setting the agencies expected to consult: admins only, audited, shown on the public scoreboard."""

from sqlalchemy import select

from consult.audit import ACTION_LABELS, AuditLog
from consult.scoreboard.expectations import expectations_of
from consult.scoreboard.services import Period
from tests.conftest import post_form


def test_only_admins_set_expectations(client, auth, citizen, moderator, agency_editor, agency):
    assert client.get("/admin/scoreboard").status_code == 302  # to the sign-in page
    for user in (citizen, moderator, agency_editor):
        auth.login(user)
        assert client.get("/admin/scoreboard").status_code == 403, user.role
        response = post_form(client, "/admin/scoreboard?year=2025", {"agency": str(agency.id)}, page="/")
        assert response.status_code == 403, user.role
        auth.logout()
    assert expectations_of(Period(2025)) == set()


def test_an_admin_ticks_agencies_and_each_change_is_audited(client, db, auth, admin, agency, other_agency):
    auth.login(admin)
    page = client.get("/admin/scoreboard?year=2025&quarter=2").get_data(as_text=True)
    assert f'value="{agency.id}"' in page and f'value="{other_agency.id}"' in page

    response = post_form(client, "/admin/scoreboard?year=2025&quarter=2", {"agency": [str(agency.id), "x", "999999"]})
    assert response.status_code == 302
    assert expectations_of(Period(2025, 2)) == {agency.id}
    assert expectations_of(Period(2025)) == set()  # the quarter only
    assert f'value="{agency.id}" checked' in client.get("/admin/scoreboard?year=2025&quarter=2").get_data(as_text=True)

    post_form(client, "/admin/scoreboard?year=2025&quarter=2", {"agency": str(other_agency.id)})
    assert expectations_of(Period(2025, 2)) == {other_agency.id}
    rows = db.session.scalars(select(AuditLog).where(AuditLog.action == "agency.expected").order_by(AuditLog.id)).all()
    assert [(row.object_id, row.after["expected"]) for row in rows] == [
        (agency.id, True),
        (agency.id, False),
        (other_agency.id, True),
    ]
    assert rows[0].actor_id == admin.id and rows[0].after["quarter"] == 2
    assert "agency.expected" in ACTION_LABELS
    public = client.get("/scoreboard?year=2025&quarter=2").get_data(as_text=True)
    assert other_agency.name in public


def test_a_bad_period_is_refused_with_a_message(client, auth, admin):
    auth.login(admin)
    response = client.get("/admin/scoreboard?year=abc")

    assert response.status_code == 400
    assert "Năm phải là số nguyên từ 2000 đến 2100." in response.get_data(as_text=True)
