"""Readers report published opinions; past the threshold the opinion leaves the public and returns to review."""

import pytest
from sqlalchemy import select

from consult.audit import AuditLog
from consult.feedback.models import FeedbackStatus
from consult.moderation.citizen_flags import AlreadyReported, report_feedback
from consult.moderation.services import approve_feedback
from tests import factories
from tests.conftest import post_form
from tests.search.helpers import approved_opinion, published_draft

TEXT = "Đề nghị xem lại mức phạt tại Điều 3, quá cao so với thu nhập của người dân."


@pytest.fixture
def published(db, agency, moderator):
    """An approved opinion on a published draft, in the search index."""
    draft = published_draft(agency)
    feedback = approved_opinion(draft, moderator, TEXT)
    db.session.commit()
    return feedback


def report_from(client, feedback, address, reason="offensive", note=""):
    """Send the report form from one client address."""
    url = f"/opinions/{feedback.id}/report"
    environ = {"REMOTE_ADDR": address}
    client.get(url, environ_base=environ)
    return post_form(client, url, {"reason": reason, "note": note}, environ_base=environ)


def test_each_public_opinion_has_a_report_link_that_works_without_javascript(client, published):
    html = client.get(f"/drafts/{published.draft.slug}").get_data(as_text=True)
    assert f'href="/opinions/{published.id}/report"' in html

    form = client.get(f"/opinions/{published.id}/report").get_data(as_text=True)
    assert 'type="radio"' in form and 'name="reason"' in form


def test_a_reason_is_required_and_the_note_is_kept(client, db, published):
    response = post_form(client, f"/opinions/{published.id}/report", {"note": "Lời lẽ xúc phạm cán bộ"})

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Lời lẽ xúc phạm cán bộ" in html and 'id="reason-error"' in html


def test_three_reporters_send_the_opinion_back_to_review(app, client, db, published):
    assert app.config["CITIZEN_FLAG_THRESHOLD"] == 3
    for number, reason in enumerate(["offensive", "offensive"]):
        assert report_from(client, published, f"10.0.0.{number}", reason).status_code == 302
    db.session.expire_all()
    assert published.status == FeedbackStatus.APPROVED

    report_from(client, published, "10.0.0.9", "personal_data")

    db.session.expire_all()
    assert published.status == FeedbackStatus.PENDING
    flag = next(flag for flag in published.flags if flag["code"] == "reported")
    assert "(2)" in flag["detail"] and "(1)" in flag["detail"]
    assert TEXT not in client.get(f"/drafts/{published.draft.slug}").get_data(as_text=True)
    hits = client.get("/search", query_string={"q": "muc phat"}).get_data(as_text=True).split("</form>")[-1]
    assert "<mark>mức</mark>" not in hits
    audit = db.session.scalars(select(AuditLog).where(AuditLog.action == "feedback.reported")).one()
    assert audit.actor_id is None and audit.after["reports"] == {"offensive": 2, "personal_data": 1}


def test_one_report_per_reporter(client, db, published):
    report_from(client, published, "10.0.0.1")
    report_from(client, published, "10.0.0.1")
    report_from(client, published, "10.0.0.1")

    db.session.expire_all()
    assert published.status == FeedbackStatus.APPROVED
    with pytest.raises(AlreadyReported):
        report_feedback(published, "user:1", "spam")
        report_feedback(published, "user:1", "spam")


def test_reports_before_a_new_approval_do_not_count(db, published, moderator):
    for reporter in ("ip:a", "ip:b", "ip:c"):
        report_feedback(published, reporter, "spam")
    db.session.commit()
    assert published.status == FeedbackStatus.PENDING
    approve_feedback(moderator, published)  # a moderator looked again and keeps it public
    db.session.commit()

    report_feedback(published, "ip:d", "spam")
    report_feedback(published, "ip:e", "spam")
    db.session.commit()

    assert published.status == FeedbackStatus.APPROVED


def test_moderators_see_the_reports_with_the_opinion(client, db, auth, moderator, published):
    report_feedback(published, "ip:a", "personal_data", "Có số điện thoại của hàng xóm")
    db.session.commit()
    auth.login(moderator)

    html = client.get(f"/moderation/{published.id}/redact").get_data(as_text=True)

    assert "Có số điện thoại của hàng xóm" in html


def test_pending_or_unknown_opinions_cannot_be_reported(client, db, open_draft):
    pending = factories.make_feedback(open_draft)
    db.session.commit()
    assert client.get(f"/opinions/{pending.id}/report").status_code == 404
    assert client.get("/opinions/999999/report").status_code == 404


@pytest.mark.parametrize("app_config", [{"RATELIMIT_ENABLED": True, "CITIZEN_FLAG_RATE_LIMIT": "2 per hour"}])
def test_reports_are_rate_limited_per_client(client, db, published, app_config):
    others = [factories.make_feedback(published.draft, FeedbackStatus.APPROVED) for _ in range(3)]
    db.session.commit()
    codes = [report_from(client, feedback, "10.0.0.7").status_code for feedback in others]
    assert codes == [302, 302, 429]
