"""The audit log and the moderation dashboard in a real browser, without JavaScript, checked with axe."""

import csv
import io
from datetime import timedelta
from pathlib import Path

from consult.database import utcnow
from tests import factories
from tests.answers import shown


def sign_in(page, base, user):
    """Sign in through the staff login form."""
    page.goto(f"{base}/auth/login")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label(shown("Password")).fill(factories.PASSWORD)
    page.get_by_role("button", name=shown("Sign in")).click()


def test_admin_filters_reads_and_exports_the_audit_log(
    live_server, new_page, check_accessibility, db, admin, moderator, open_draft
):
    base = live_server
    now = utcnow()
    for number in range(3):
        opinion = factories.make_decided_feedback(
            open_draft, moderator, created_at=now - timedelta(hours=5), decided_at=now - timedelta(hours=number + 1)
        )
        factories.make_audit_entry(
            moderator,
            "feedback.approved",
            "feedback",
            opinion.id,
            {"status": "pending"},
            {"status": "approved", "note": ""},
            created_at=now - timedelta(hours=number + 1),
        )
    factories.make_audit_entry(admin, "draft.update", "draft", open_draft.id, {"title": "Tên cũ"}, {"title": "Tên mới"})
    db.session.commit()

    page = new_page()
    sign_in(page, base, admin)
    page.goto(f"{base}/admin/")
    page.get_by_role("link", name=shown("Audit log")).click()
    assert page.locator("article.audit-entry").count() == 5  # with the draft.create of the fixture
    check_accessibility(page, "audit log")

    page.get_by_label(shown("Action"), exact=True).fill("feedback.*")
    page.get_by_role("button", name=shown("Filter")).click()
    assert page.locator("article.audit-entry").count() == 3
    assert "Tên mới" not in page.content()

    # A wrong date: the error is explained, nothing typed is lost, and no unfiltered list is shown.
    page.get_by_label(shown("From (dd/mm/yyyy)")).fill("32/13/2026")
    page.get_by_role("button", name=shown("Filter")).click()
    assert page.locator(".error-summary").is_visible()
    assert page.get_by_label(shown("Action"), exact=True).input_value() == "feedback.*"
    assert page.get_by_label(shown("From (dd/mm/yyyy)")).input_value() == "32/13/2026"
    assert page.locator("article.audit-entry").count() == 0
    check_accessibility(page, "audit log with an error")

    page.get_by_label(shown("From (dd/mm/yyyy)")).fill("")
    page.get_by_role("button", name=shown("Filter")).click()
    with page.expect_download() as download:
        page.get_by_role("link", name=shown("Download these entries as CSV (all pages)")).click()
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
    assert [row[4] for row in rows[1:]] == ["feedback.approved"] * 3

    page.get_by_role("link", name=shown("Administration"), exact=True).first.click()
    page.get_by_role("link", name=shown("Moderation dashboard")).click()
    assert open_draft.title in page.content()
    check_accessibility(page, "moderation dashboard")
    page.get_by_role("link", name=open_draft.title).click()
    assert page.locator("svg").count() >= 1
    check_accessibility(page, "moderation of one draft")


def test_a_moderator_cannot_open_the_audit_log(live_server, new_page, moderator):
    page = new_page()
    sign_in(page, live_server, moderator)
    response = page.goto(f"{live_server}/admin/audit")
    assert response.status == 403
