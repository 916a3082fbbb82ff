"""Closing a consultation early: a page that says what it means, a reason shown publicly, an administrator's
confirmation before the legal minimum period; publishing answers while the window is open asks to confirm."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from consult.audit import AuditLog
from consult.database import utcnow
from consult.drafts.models import Draft, DraftStatus
from consult.i18n import format_date
from tests import factories
from tests.conftest import post_form

REASON = "Dự thảo được thay thế bởi văn bản mới của Chính phủ."


def _draft(agency, days_open):
    now = utcnow()
    draft = factories.make_draft(agency, opens_at=now - timedelta(days=days_open), closes_at=now + timedelta(days=10))
    return draft


def actions(db, draft):
    return db.session.scalars(
        select(AuditLog.action).where(AuditLog.object_type == "draft", AuditLog.object_id == draft.id)
    ).all()


@pytest.fixture
def long_open(db, agency):
    """Open for 25 days, past the legal minimum of a decision (20 days); 10 days left."""
    draft = _draft(agency, 25)
    db.session.commit()
    return draft


@pytest.fixture
def short_open(db, agency):
    """Open for 3 days, before the legal minimum."""
    draft = _draft(agency, 3)
    db.session.commit()
    return draft


def test_closing_early_says_what_it_means_asks_why_and_tells_the_public(client, db, auth, agency_editor, long_open):
    auth.login(agency_editor)
    url = f"/agency/drafts/{long_open.id}/close"

    page = client.get(url).get_data(as_text=True)
    refused = post_form(client, url, {"reason": ""})

    assert "Khi kết thúc ngay, đợt lấy ý kiến kết thúc sớm" in page and "không thể hoàn tác" in page
    assert refused.status_code == 422 and "Nêu lý do kết thúc sớm" in refused.get_data(as_text=True)
    assert db.session.get(Draft, long_open.id).status == DraftStatus.OPEN

    assert post_form(client, url, {"reason": REASON}).status_code == 302
    draft = db.session.get(Draft, long_open.id)
    assert draft.status == DraftStatus.CLOSED and draft.close_reason == REASON and draft.closed_early_at is not None
    audit = db.session.scalar(select(AuditLog).where(AuditLog.action == "draft.close"))
    assert audit.after == {"status": "closed", "reason": REASON}
    public = client.get(f"/drafts/{long_open.slug}").get_data(as_text=True)
    assert f"Kết thúc sớm ngày {format_date(draft.closed_early_at)}; lý do: {REASON}" in public


def test_before_the_legal_minimum_an_editor_asks_and_an_admin_confirms(
    client, db, auth, agency_editor, admin, short_open
):
    url = f"/agency/drafts/{short_open.id}/close"
    auth.login(agency_editor)

    page = client.get(url).get_data(as_text=True)
    asked = post_form(client, url, {"reason": REASON})

    assert "ít hơn thời hạn tối thiểu 20 ngày" in page
    assert asked.status_code == 302
    draft = db.session.get(Draft, short_open.id)
    assert draft.status == DraftStatus.OPEN and draft.close_requested_at is not None  # still open, waiting
    assert actions(db, draft) == ["draft.create", "draft.close_requested"]
    assert post_form(client, f"{url}/refuse", page=url).status_code == 403  # an editor cannot refuse it either

    auth.logout()
    auth.login(admin)
    assert url in client.get("/admin/").get_data(as_text=True)
    unconfirmed = post_form(client, url, {"reason": REASON})
    assert unconfirmed.status_code == 422 and "Đánh dấu vào ô để xác nhận" in unconfirmed.get_data(as_text=True)
    assert post_form(client, url, {"reason": REASON, "below_minimum_confirmed": "y"}).status_code == 302

    draft = db.session.get(Draft, short_open.id)
    assert draft.status == DraftStatus.CLOSED and draft.close_requested_at is None
    assert actions(db, draft)[-1] == "draft.close"


def test_an_admin_may_refuse_the_request_and_the_consultation_goes_on(
    client, db, auth, agency_editor, admin, short_open
):
    url = f"/agency/drafts/{short_open.id}/close"
    auth.login(agency_editor)
    post_form(client, url, {"reason": REASON})
    auth.logout()
    auth.login(admin)

    assert post_form(client, f"{url}/refuse", page=url).status_code == 302

    draft = db.session.get(Draft, short_open.id)
    assert draft.status == DraftStatus.OPEN and draft.close_requested_at is None and draft.close_reason == ""
    assert actions(db, draft)[-1] == "draft.close_refused"
    assert url not in client.get("/admin/").get_data(as_text=True)


def test_the_closing_service_says_what_each_actor_may_do(db, agency_editor, admin, short_open, long_open):
    from consult.drafts.closing import CLOSED, REQUESTED, UNCONFIRMED, ask_to_close

    assert ask_to_close(agency_editor, short_open, REASON, below_minimum_confirmed=True) == REQUESTED
    assert short_open.status == DraftStatus.OPEN and short_open.close_requested_at is not None
    assert ask_to_close(admin, short_open, REASON, below_minimum_confirmed=False) == UNCONFIRMED
    assert short_open.status == DraftStatus.OPEN
    assert ask_to_close(admin, short_open, REASON, below_minimum_confirmed=True) == CLOSED
    assert ask_to_close(agency_editor, long_open, REASON, below_minimum_confirmed=False) == CLOSED
    db.session.commit()
    assert (short_open.status, long_open.status) == (DraftStatus.CLOSED, DraftStatus.CLOSED)
    assert short_open.close_requested_at is None and long_open.close_reason == REASON
