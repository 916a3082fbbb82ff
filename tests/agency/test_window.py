"""The consultation window: minimum periods, extensions, Viet Nam midnight, recording clock transitions."""

from datetime import UTC, datetime, timedelta, timezone

from sqlalchemy import select

from consult.audit import AuditLog
from consult.database import utcnow
from consult.drafts.models import Draft
from consult.drafts.window import record_transitions
from tests import factories
from tests.agency.test_views import NEW_DRAFT
from tests.conftest import post_form

VN = timezone(timedelta(hours=7))


def test_window_closes_at_midnight_viet_nam_time(client, db, auth, agency_editor):
    auth.login(agency_editor)
    post_form(
        client, "/agency/drafts/new", dict(NEW_DRAFT, doc_type="plan", opens_on="01/12/2026", closes_on="31/12/2026")
    )
    draft = db.session.scalar(select(Draft))
    draft.status = "open"
    db.session.commit()

    assert not draft.accepts_feedback(datetime(2026, 11, 30, 23, 59, 59, tzinfo=VN))
    assert draft.accepts_feedback(datetime(2026, 12, 1, 0, 0, 0, tzinfo=VN))
    assert draft.accepts_feedback(datetime(2026, 12, 31, 23, 59, 59, tzinfo=VN))
    assert not draft.accepts_feedback(datetime(2027, 1, 1, 0, 0, 0, tzinfo=VN))
    # 31/12 23:30 in Viet Nam is still 31/12 16:30 UTC: the UTC date must not decide.
    assert draft.accepts_feedback(datetime(2026, 12, 31, 16, 30, tzinfo=UTC))
    assert not draft.accepts_feedback(datetime(2026, 12, 31, 17, 0, tzinfo=UTC))


def test_a_window_shorter_than_the_minimum_needs_confirmation(client, db, auth, agency_editor, app):
    auth.login(agency_editor)
    assert app.config["MIN_CONSULTATION_DAYS"]["law"] == 60
    short = dict(NEW_DRAFT, doc_type="law", opens_on="01/12/2026", closes_on="19/12/2026")

    refused = post_form(client, "/agency/drafts/new", short)
    assert refused.status_code == 422
    assert "19 ngày, ngắn hơn mức tối thiểu 60 ngày" in refused.get_data(as_text=True)
    assert db.session.scalar(select(Draft)) is None

    accepted = post_form(client, "/agency/drafts/new", dict(short, confirm_short_window="y"))
    assert accepted.status_code == 302
    assert db.session.scalar(select(Draft)) is not None


def test_minimum_periods_are_a_setting(monkeypatch):
    import config

    monkeypatch.setenv("CONSULT_MIN_DAYS", "decree=30,plan=15")
    settings = config.Config()

    assert settings.MIN_CONSULTATION_DAYS["decree"] == 30 and settings.MIN_CONSULTATION_DAYS["plan"] == 15
    assert settings.MIN_CONSULTATION_DAYS["law"] == 60
    monkeypatch.setenv("CONSULT_MIN_DAYS", "decree=thirty")
    try:
        config.Config()
    except RuntimeError as error:
        assert "CONSULT_MIN_DAYS" in str(error)
    else:
        raise AssertionError("a bad CONSULT_MIN_DAYS must be refused")


def test_extension_with_a_public_reason(client, db, auth, agency_editor, open_draft):
    auth.login(agency_editor)
    old_end = open_draft.closes_at
    page = f"/agency/drafts/{open_draft.id}"
    new_last_day = (old_end + timedelta(days=10)).astimezone(VN).strftime("%d/%m/%Y")

    refused = post_form(
        client, f"/agency/drafts/{open_draft.id}/extend", {"closes_on": new_last_day, "reason": ""}, page=page
    )
    assert refused.status_code == 422
    response = post_form(
        client,
        f"/agency/drafts/{open_draft.id}/extend",
        {"closes_on": new_last_day, "reason": "Nhiều hội nghị lấy ý kiến chưa tổ chức xong"},
        page=page,
    )

    assert response.status_code == 302
    db.session.expire_all()
    draft = db.session.get(Draft, open_draft.id)
    assert draft.closes_at > old_end and len(draft.extensions) == 1
    log = db.session.scalar(select(AuditLog).where(AuditLog.action == "draft.extend"))
    assert log.after["reason"] == "Nhiều hội nghị lấy ý kiến chưa tổ chức xong"
    public = client.get(f"/drafts/{draft.slug}").get_data(as_text=True)
    assert "Nhiều hội nghị lấy ý kiến chưa tổ chức xong" in public and new_last_day in public

    earlier = (old_end - timedelta(days=3)).astimezone(VN).strftime("%d/%m/%Y")
    assert (
        post_form(
            client, f"/agency/drafts/{open_draft.id}/extend", {"closes_on": earlier, "reason": "x"}, page=page
        ).status_code
        == 422
    )


def test_countdown_on_public_pages(client, db, agency):
    now = utcnow()
    factories.make_draft(agency, title="Dự thảo sắp hết hạn", closes_at=now + timedelta(hours=5))
    factories.make_draft(
        agency, title="Dự thảo sắp mở", opens_at=now + timedelta(days=2, hours=1), closes_at=now + timedelta(days=40)
    )
    db.session.commit()

    html = client.get("/").get_data(as_text=True)

    assert "Hôm nay là ngày cuối nhận ý kiến" in html
    assert "bắt đầu sau 3 ngày" in html


def test_record_transitions_audits_clock_changes_once(runner, db, agency):
    now = utcnow()
    draft = factories.make_draft(agency, opens_at=now - timedelta(days=10), closes_at=now - timedelta(minutes=1))
    draft.recorded_phase = "open"
    db.session.commit()

    first = runner.invoke(args=["drafts", "record-transitions"])
    second = runner.invoke(args=["drafts", "record-transitions"])

    assert "open -> closed" in first.output and "1 transition(s)" in first.output
    assert "0 transition(s)" in second.output
    log = db.session.scalar(select(AuditLog).where(AuditLog.action == "draft.phase"))
    assert (log.before, log.after["phase"]) == ({"phase": "open"}, "closed")
    assert record_transitions() == []
