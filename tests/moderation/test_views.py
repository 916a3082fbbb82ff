"""The moderation queue: who may use it, approving, rejecting, and the audit trail."""

from datetime import timedelta

from sqlalchemy import select

from consult.audit import AuditLog
from consult.auth.models import Role
from consult.database import utcnow
from consult.feedback.models import FeedbackStatus
from consult.moderation.models import ModerationDecision
from tests import factories
from tests.conftest import post_form


def test_queue_requires_a_moderator(client, auth, citizen, agency_editor):
    assert client.get("/moderation/").status_code == 302  # to the login page

    auth.login(citizen)
    assert client.get("/moderation/").status_code == 403
    auth.logout()

    auth.login(agency_editor)
    assert client.get("/moderation/").status_code == 403


def test_queue_lists_pending_oldest_first(client, db, auth, moderator, open_draft):
    now = utcnow()
    factories.make_feedback(open_draft, content="Ý kiến mới hơn", created_at=now - timedelta(hours=1))
    factories.make_feedback(open_draft, content="Ý kiến cũ nhất", created_at=now - timedelta(days=1))
    factories.make_feedback(open_draft, FeedbackStatus.APPROVED, content="Ý kiến đã duyệt rồi")
    db.session.commit()
    auth.login(moderator)

    html = client.get("/moderation/").get_data(as_text=True)

    assert html.index("Ý kiến cũ nhất") < html.index("Ý kiến mới hơn")
    assert "Ý kiến đã duyệt rồi" not in html


def test_queue_filters_by_draft_and_pages_by_key(client, db, auth, moderator, agency, app):
    first = factories.make_draft(agency, title="Dự thảo thứ nhất")
    second = factories.make_draft(agency, title="Dự thảo thứ hai")
    now = utcnow()
    size = app.config["QUEUE_PAGE_SIZE"]
    for number in range(size + 2):
        factories.make_feedback(
            first, content=f"Ý kiến A{number:03d}", created_at=now - timedelta(minutes=500 - number)
        )
    factories.make_feedback(second, content="Ý kiến B")
    db.session.commit()
    auth.login(moderator)

    page_one = client.get(f"/moderation/?draft={first.id}").get_data(as_text=True)
    assert "Ý kiến B" not in page_one
    assert page_one.count('class="opinion queue-item"') == size
    next_link = page_one.split('href="/moderation/?draft=')[1].split('"')[0].replace("&amp;", "&")
    page_two = client.get(f"/moderation/?draft={next_link}").get_data(as_text=True)
    assert page_two.count('class="opinion queue-item"') == 2
    assert f"Ý kiến A{size + 1:03d}" in page_two and "Ý kiến A000" not in page_two


def test_approve_publishes_and_is_audited(client, db, auth, moderator, open_draft):
    feedback = factories.make_feedback(open_draft, content="Ý kiến cần duyệt")
    db.session.commit()
    auth.login(moderator)

    response = post_form(client, f"/moderation/{feedback.id}/decide", {"approve": "1"}, page="/moderation/")

    assert response.status_code == 302
    db.session.refresh(feedback)
    assert feedback.status == FeedbackStatus.APPROVED
    assert feedback.decided_at is not None
    assert "Ý kiến cần duyệt" in client.get(f"/drafts/{open_draft.slug}").get_data(as_text=True)
    log = db.session.scalar(select(AuditLog).where(AuditLog.action == "feedback.approved"))
    assert log.actor_id == moderator.id and log.object_id == feedback.id
    assert log.before == {"status": "pending"}


def test_reject_needs_a_reason(client, db, auth, moderator, open_draft):
    feedback = factories.make_feedback(open_draft)
    db.session.commit()
    auth.login(moderator)

    post_form(client, f"/moderation/{feedback.id}/decide", {"reject": "1", "reason": ""}, page="/moderation/")
    db.session.refresh(feedback)
    assert feedback.status == FeedbackStatus.PENDING

    post_form(client, f"/moderation/{feedback.id}/decide", {"reject": "1", "reason": "other"}, page="/moderation/")
    db.session.refresh(feedback)
    assert feedback.status == FeedbackStatus.PENDING  # 'other' needs a note

    post_form(
        client,
        f"/moderation/{feedback.id}/decide",
        {"reject": "1", "reason": "offensive", "note": "Lời lẽ xúc phạm"},
        page="/moderation/",
    )
    db.session.refresh(feedback)
    assert feedback.status == FeedbackStatus.REJECTED
    decision = db.session.scalar(select(ModerationDecision))
    assert (decision.reason_code, decision.note, decision.moderator_id) == (
        "offensive",
        "Lời lẽ xúc phạm",
        moderator.id,
    )


def test_second_decision_on_the_same_opinion_is_refused(client, db, auth, moderator, open_draft):
    feedback = factories.make_feedback(open_draft)
    db.session.commit()
    auth.login(moderator)

    post_form(client, f"/moderation/{feedback.id}/decide", {"approve": "1"}, page="/moderation/")
    response = post_form(
        client,
        f"/moderation/{feedback.id}/decide",
        {"reject": "1", "reason": "spam"},
        page="/moderation/",
        follow_redirects=True,
    )

    db.session.refresh(feedback)
    assert feedback.status == FeedbackStatus.APPROVED
    assert len(db.session.scalars(select(ModerationDecision)).all()) == 1
    assert feedback.receipt_code in response.get_data(as_text=True)


def test_moderator_of_another_agency_cannot_decide(client, db, auth, open_draft, other_agency):
    scoped = factories.make_user(role=Role.MODERATOR, agency=other_agency)
    feedback = factories.make_feedback(open_draft)
    db.session.commit()
    auth.login(scoped)

    assert "Ý kiến thử nghiệm" not in client.get("/moderation/").get_data(as_text=True)
    response = post_form(client, f"/moderation/{feedback.id}/decide", {"approve": "1"}, page="/moderation/")

    assert response.status_code == 403
    db.session.refresh(feedback)
    assert feedback.status == FeedbackStatus.PENDING


def test_moderator_of_another_agency_cannot_open_a_duplicate_group(client, db, auth, open_draft, other_agency):
    scoped = factories.make_user(role=Role.MODERATOR, agency=other_agency)
    representative = factories.make_feedback(open_draft)
    db.session.commit()
    auth.login(scoped)

    response = client.get(f"/moderation/?group={representative.id}")

    assert response.status_code == 404
    assert representative.receipt_code not in response.get_data(as_text=True)


def test_decision_without_csrf_is_refused(client, db, auth, moderator, open_draft):
    feedback = factories.make_feedback(open_draft)
    db.session.commit()
    auth.login(moderator)

    response = client.post(f"/moderation/{feedback.id}/decide", data={"approve": "1"})

    assert response.status_code == 400
    db.session.refresh(feedback)
    assert feedback.status == FeedbackStatus.PENDING
