"""Deciding several opinions at once: a selection, a whole duplicate group; each decided once, audited, notified."""

from sqlalchemy import func, select

from consult.audit import AuditLog
from consult.auth.models import Role
from consult.feedback.models import Feedback, FeedbackStatus
from consult.moderation.models import ModerationDecision
from consult.moderation.services import decide_group, decide_many
from tests import factories
from tests.conftest import post_form

HOLD = ("profanity", "links")


def statuses(db, *opinions):
    for opinion in opinions:
        db.session.refresh(opinion)
    return [opinion.status for opinion in opinions]


def test_bulk_approve_decides_each_opinion_once_with_its_own_records(app, db, moderator, open_draft):
    first = factories.make_feedback(open_draft, notify=True)
    second = factories.make_feedback(open_draft, notify=True)
    already = factories.make_feedback(open_draft, FeedbackStatus.REJECTED)

    result = decide_many(moderator, [first.id, second.id, already.id], FeedbackStatus.APPROVED)
    db.session.commit()

    assert statuses(db, first, second, already) == ["approved", "approved", "rejected"]
    assert len(result.decided) == 2 and result.already_decided == 1
    for opinion in (first, second):
        assert [decision.decision for decision in opinion.decisions] == ["approved"]
        assert (
            db.session.scalar(
                select(func.count())
                .select_from(AuditLog)
                .where(AuditLog.action == "feedback.approved", AuditLog.object_id == opinion.id)
            )
            == 1
        )
    assert already.decisions == []
    recipients = [message["To"] for message in app.extensions["mail_outbox"]]
    assert sorted(recipients) == sorted([first.contact, second.contact])


def test_a_second_bulk_decision_on_the_same_opinions_changes_nothing(db, moderator, admin, open_draft):
    opinions = [factories.make_feedback(open_draft) for _ in range(3)]
    ids = [opinion.id for opinion in opinions]
    decide_many(moderator, ids, FeedbackStatus.APPROVED)
    db.session.commit()

    late = decide_many(admin, ids, FeedbackStatus.REJECTED, "spam")
    db.session.commit()

    assert late.decided == [] and late.already_decided == 3
    assert db.session.scalar(select(func.count()).select_from(ModerationDecision)) == 3
    assert statuses(db, *opinions) == ["approved"] * 3


def test_bulk_approval_leaves_held_opinions_pending_but_rejection_takes_them(db, moderator, open_draft):
    clean = factories.make_feedback(open_draft)
    rude = factories.make_feedback(open_draft, flags=[{"code": "profanity", "detail": "đm"}])
    copy = factories.make_feedback(open_draft, flags=[{"code": "duplicate", "detail": "X"}])

    result = decide_many(moderator, [clean.id, rude.id, copy.id], FeedbackStatus.APPROVED, hold_flags=HOLD)
    assert statuses(db, clean, rude, copy) == ["approved", "pending", "approved"]
    assert result.held == [rude.receipt_code]

    result = decide_many(moderator, [rude.id], FeedbackStatus.REJECTED, "offensive", hold_flags=HOLD)
    assert statuses(db, rude) == ["rejected"] and result.held == []


def test_the_hold_rule_can_be_switched_off(db, moderator, open_draft):
    rude = factories.make_feedback(open_draft, flags=[{"code": "profanity", "detail": "đm"}])

    result = decide_many(moderator, [rude.id], FeedbackStatus.APPROVED, hold_flags=())

    assert statuses(db, rude) == ["approved"] and result.held == []


def test_deciding_a_group_decides_the_representative_and_every_pending_member(db, moderator, open_draft):
    representative = factories.make_feedback(open_draft)
    members = [factories.make_feedback(open_draft, duplicate_group_id=representative.id) for _ in range(3)]
    decided_before = factories.make_feedback(open_draft, FeedbackStatus.APPROVED, duplicate_group_id=representative.id)
    held = factories.make_feedback(
        open_draft, duplicate_group_id=representative.id, flags=[{"code": "links", "detail": "vay.vn"}]
    )
    stranger = factories.make_feedback(open_draft)

    result = decide_group(moderator, representative.id, FeedbackStatus.REJECTED, "duplicate", hold_flags=HOLD)

    assert len(result.decided) == 5  # rejection takes the held one too
    assert statuses(db, representative, *members, held) == ["rejected"] * 5
    assert statuses(db, decided_before, stranger) == ["approved", "pending"]
    assert (
        db.session.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.action == "feedback.rejected")) == 5
    )


def test_group_approval_through_the_page_reports_held_opinions(client, db, auth, moderator, open_draft):
    representative = factories.make_feedback(open_draft, content="Thư mẫu")
    member = factories.make_feedback(open_draft, content="Thư mẫu.", duplicate_group_id=representative.id)
    held = factories.make_feedback(
        open_draft,
        content="Thư mẫu vay.vn",
        duplicate_group_id=representative.id,
        flags=[{"code": "links", "detail": "vay.vn"}],
    )
    db.session.commit()
    auth.login(moderator)

    page = f"/moderation/?group={representative.id}"
    html = client.get(page).get_data(as_text=True)
    assert html.count('class="opinion queue-item"') == 3
    response = post_form(
        client,
        f"/moderation/group/{representative.id}/decide?group={representative.id}",
        {"approve": "1"},
        page=page,
        follow_redirects=True,
    )

    html = response.get_data(as_text=True)
    assert statuses(db, representative, member, held) == ["approved", "approved", "pending"]
    assert held.receipt_code in html
    assert html.count('class="opinion queue-item"') == 1  # the held one, still to review


def test_ticked_opinions_are_decided_from_the_page(client, db, auth, moderator, open_draft):
    first, second, untouched = (factories.make_feedback(open_draft) for _ in range(3))
    db.session.commit()
    auth.login(moderator)

    post_form(
        client,
        "/moderation/bulk",
        {"selected": [first.id, second.id], "reject": "1", "reason": "spam"},
        page="/moderation/",
    )

    assert statuses(db, first, second, untouched) == ["rejected", "rejected", "pending"]
    assert [decision.reason_code for decision in first.decisions] == ["spam"]


def test_bulk_form_errors_are_explained(client, db, auth, moderator, open_draft):
    opinion = factories.make_feedback(open_draft)
    db.session.commit()
    auth.login(moderator)

    response = post_form(
        client,
        "/moderation/bulk",
        {"selected": [opinion.id], "reject": "1"},
        page="/moderation/",
        follow_redirects=True,
    )
    assert statuses(db, opinion) == ["pending"]
    assert response.status_code == 422  # the queue again, with what was typed
    response = post_form(client, "/moderation/bulk", {"approve": "1"}, page="/moderation/", follow_redirects=True)
    assert statuses(db, opinion) == ["pending"]
    assert "Vui lòng chọn ít nhất một ý kiến." in response.get_data(as_text=True)


def test_a_moderator_of_another_agency_is_refused(client, db, auth, open_draft, other_agency):
    scoped = factories.make_user(role=Role.MODERATOR, agency=other_agency)
    representative = factories.make_feedback(open_draft)
    member = factories.make_feedback(open_draft, duplicate_group_id=representative.id)
    db.session.commit()
    auth.login(scoped)

    assert client.get(f"/moderation/?group={representative.id}").get_data(as_text=True).count("queue-item") == 0
    bulk = post_form(client, "/moderation/bulk", {"selected": [member.id], "approve": "1"}, page="/moderation/")
    group = post_form(client, f"/moderation/group/{representative.id}/decide", {"approve": "1"}, page="/moderation/")

    assert bulk.status_code == 403 and group.status_code == 403
    assert statuses(db, representative, member) == ["pending", "pending"]
    assert db.session.scalar(select(func.count()).select_from(Feedback).where(Feedback.status == "pending")) == 2


def test_bulk_approved_opinions_are_searchable_and_rejected_ones_are_not(db, moderator, open_draft):
    from consult.search.models import Kind, SearchEntry

    approved = [factories.make_feedback(open_draft, content=f"Ý kiến vỉa hè số {number}") for number in range(3)]
    rejected = factories.make_feedback(open_draft, content="Quảng cáo vay tiền")

    decide_many(moderator, [opinion.id for opinion in approved], FeedbackStatus.APPROVED)
    decide_many(moderator, [rejected.id], FeedbackStatus.REJECTED, "spam")

    indexed = set(db.session.scalars(select(SearchEntry.object_id).where(SearchEntry.kind == Kind.OPINION)))
    assert indexed == {opinion.id for opinion in approved}
