"""The participation policy an agency sets per draft: saved, audited, editable, shown to the public."""

import re

from sqlalchemy import select

from consult.audit import AuditLog
from consult.drafts.models import Draft, Participation
from tests.agency.test_views import NEW_DRAFT
from tests.conftest import post_form
from tests.feedback.helpers import page_text, vi


def checked_policy(html):
    """Return the value of the participation radio button that is checked."""
    for tag in re.findall(r'<input[^>]*name="participation"[^>]*>', html):
        if "checked" in tag:
            return re.search(r'value="([^"]*)"', tag).group(1)
    return None


NOTICE = "Email verification is needed to give an opinion: a code is sent to the email address you give."


def test_new_drafts_are_open_to_everyone_by_default(client, db, auth, agency_editor):
    auth.login(agency_editor)

    form = client.get("/agency/drafts/new").get_data(as_text=True)
    post_form(client, "/agency/drafts/new", NEW_DRAFT)

    assert checked_policy(form) == "open"
    assert db.session.scalar(select(Draft)).participation == Participation.OPEN


def test_editor_requires_a_verified_email_and_the_public_page_says_so(client, db, auth, agency_editor):
    auth.login(agency_editor)

    response = post_form(client, "/agency/drafts/new", dict(NEW_DRAFT, participation="email_verified"))

    assert response.status_code == 302
    draft = db.session.scalar(select(Draft))
    assert draft.participation == Participation.EMAIL_VERIFIED
    log = db.session.scalar(select(AuditLog).where(AuditLog.action == "draft.create"))
    assert log.after["participation"] == "email_verified"
    edit = client.get(f"/agency/drafts/{draft.id}/edit").get_data(as_text=True)
    assert checked_policy(edit) == "email_verified"

    post_form(client, f"/agency/drafts/{draft.id}/open", page=f"/agency/drafts/{draft.id}")
    assert vi(NOTICE) in page_text(client.get(f"/drafts/{draft.slug}"))

    data = {
        "participation": "open",
        "title": draft.title,
        "doc_type": draft.doc_type,
        "structure": NEW_DRAFT["structure"],
        "opens_on": NEW_DRAFT["opens_on"],
        "closes_on": NEW_DRAFT["closes_on"],
    }
    post_form(client, f"/agency/drafts/{draft.id}/edit", data)
    db.session.refresh(draft)
    assert draft.participation == Participation.OPEN
    log = db.session.scalar(select(AuditLog).where(AuditLog.action == "draft.update"))
    assert (log.before["participation"], log.after["participation"]) == ("email_verified", "open")
    assert vi(NOTICE) not in page_text(client.get(f"/drafts/{draft.slug}"))


def test_an_unknown_policy_is_refused_and_the_form_kept(client, db, auth, agency_editor):
    auth.login(agency_editor)

    response = post_form(client, "/agency/drafts/new", dict(NEW_DRAFT, participation="by_invitation"))

    assert response.status_code == 422
    assert NEW_DRAFT["title"] in page_text(response)
    assert db.session.scalar(select(Draft)) is None
