"""One decision for every opinion on the page or matching the filter: the same rules as any bulk decision (each
opinion decided once, audited, its author told, flagged ones held, others' claims respected), the filter's in the
background with progress, in batches that a crashed run takes up again."""

from datetime import timedelta

from sqlalchemy import func, select

from consult.audit import AuditLog
from consult.database import utcnow
from consult.feedback.models import Feedback, FeedbackStatus
from consult.moderation import bulk_runs
from consult.moderation.claims import claim_next
from consult.moderation.models import BulkRun, ModerationDecision
from consult.moderation.queue import QueueFilter
from consult.moderation.services import decide_many
from consult.runs import RunStatus
from tests import factories
from tests.conftest import post_form
from tests.feedback.helpers import page_text, sent_mails

PROFANITY = [{"code": "profanity", "detail": "đm"}]


def status_of(db, *ids):
    db.session.expire_all()
    return [db.session.get(Feedback, feedback_id).status for feedback_id in ids]


def decisions(db, feedback_id):
    return db.session.scalar(
        select(func.count()).select_from(ModerationDecision).where(ModerationDecision.feedback_id == feedback_id)
    )


def test_every_opinion_of_the_filter_is_decided_in_the_background_by_the_same_rules(
    app, client, db, auth, agency, open_draft, moderator
):
    other_draft = factories.make_draft(agency, title="Dự thảo khác")
    plain = [factories.make_feedback(open_draft, notify=True).id for _ in range(4)]
    flagged = factories.make_feedback(open_draft, flags=PROFANITY).id
    taken = factories.make_feedback(open_draft).id
    elsewhere = factories.make_feedback(other_draft).id
    colleague = factories.make_user(role="moderator")
    db.session.commit()
    claim_next(colleague, None, QueueFilter(), 1, 15)  # the oldest of the draft's opinions: plain[0]
    db.session.commit()
    auth.login(moderator)
    queue = f"/moderation/?draft={open_draft.id}"
    html = client.get(queue).get_data(as_text=True)
    assert "5 ý kiến chờ duyệt khớp bộ lọc." in html  # the colleague's is not counted, nor shown
    assert "Tất cả 5 ý kiến khớp bộ lọc (xử lý ở chế độ nền)" in html

    response = post_form(
        client, f"/moderation/bulk?draft={open_draft.id}", {"scope": "filter", "approve": "1"}, page=queue
    )
    assert response.status_code == 302 and "/moderation/bulk-runs/" in response.headers["Location"]
    run = db.session.scalars(select(BulkRun)).one()
    assert run.status == RunStatus.DONE  # jobs run at commit in the tests
    page = page_text(client.get(response.headers["Location"]))
    assert "Đã xong." in page and "Refresh" not in client.get(response.headers["Location"]).headers

    assert status_of(db, *plain[1:], taken, flagged, plain[0], elsewhere) == [
        "approved", "approved", "approved", "approved", "pending", "pending", "pending"
    ]  # fmt: skip
    assert (run.decided, run.held, run.held_codes) == (4, 1, [db.session.get(Feedback, flagged).receipt_code])
    for feedback_id in [*plain[1:], taken]:
        assert decisions(db, feedback_id) == 1
    assert (
        db.session.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.action == "feedback.approved")) == 4
    )
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "moderation.bulk_run")).after == {
        "decision": "approved",
        "opinions": 5,
    }
    assert len(sent_mails(app)) == 3  # the three plain opinions whose authors asked
    assert run.queue_args == {"draft": str(open_draft.id)}


def test_every_opinion_on_the_page_without_ticking_any(client, db, auth, open_draft, moderator):
    ids = [factories.make_feedback(open_draft).id for _ in range(3)]
    db.session.commit()
    auth.login(moderator)

    form = {"scope": "page", "page_ids": ids[:2], "reason": "spam", "reject": "1"}
    assert post_form(client, "/moderation/bulk", form, page="/moderation/").status_code == 302
    assert status_of(db, *ids) == ["rejected", "rejected", "pending"]
    refused = post_form(client, "/moderation/bulk", {"scope": "ticked", "approve": "1"}, page="/moderation/")
    assert refused.status_code == 422 and status_of(db, ids[2]) == ["pending"]


def test_too_many_matching_opinions_are_refused(client, db, auth, open_draft, moderator, monkeypatch):
    ids = [factories.make_feedback(open_draft).id for _ in range(3)]
    db.session.commit()
    monkeypatch.setattr(bulk_runs, "FILTER_DECISION_CAP", 2)
    auth.login(moderator)

    response = post_form(client, "/moderation/bulk", {"scope": "filter", "approve": "1"}, page="/moderation/")
    assert "thu hẹp bộ lọc" in page_text(client.get(response.headers["Location"]))
    assert db.session.scalars(select(BulkRun)).all() == [] and status_of(db, *ids) == ["pending"] * 3


def test_a_run_shows_its_progress_and_reloads_itself(client, db, auth, moderator, open_draft):
    run = BulkRun(
        decision="rejected", reason_code="spam", feedback_ids=[1, 2, 3, 4], total=4, done=2,
        status=RunStatus.RUNNING, requested_by_id=moderator.id,
    )  # fmt: skip
    db.session.add(run)
    db.session.commit()
    auth.login(moderator)

    response = client.get(f"/moderation/bulk-runs/{run.id}")
    assert response.headers["Refresh"] == "3"
    assert "đã xong 2/4 ý kiến" in page_text(response)
    auth.logout()
    auth.login(factories.make_user(role="moderator"))
    assert client.get(f"/moderation/bulk-runs/{run.id}").status_code == 404  # someone else's run


def test_a_run_whose_worker_died_goes_on_where_it_stopped(app, db, open_draft, moderator, monkeypatch):
    ids = [factories.make_feedback(open_draft).id for _ in range(5)]
    db.session.commit()
    monkeypatch.setattr(bulk_runs, "BATCH", 2)
    # The first attempt decided one batch and committed it, then its worker died.
    decide_many(moderator, ids[:2], FeedbackStatus.REJECTED, "spam")
    long_ago = utcnow() - timedelta(seconds=app.config["REPORT_STALE_SECONDS"] + 60)
    run = BulkRun(
        decision="rejected", reason_code="spam", feedback_ids=ids, total=5, position=2, done=2, decided=2,
        status=RunStatus.RUNNING, requested_by_id=moderator.id, updated_at=long_ago,
    )  # fmt: skip
    db.session.add(run)
    db.session.commit()

    bulk_runs.run_filter_decision(run.id)  # a late delivery of the job takes the silent run up again

    db.session.expire_all()
    run = db.session.get(BulkRun, run.id)
    assert (run.status, run.position, run.decided, run.already_decided) == (RunStatus.DONE, 5, 5, 0)
    assert status_of(db, *ids) == ["rejected"] * 5
    assert all(decisions(db, feedback_id) == 1 for feedback_id in ids)
    bulk_runs.run_filter_decision(run.id)  # and a finished run is never run again
    assert all(decisions(db, feedback_id) == 1 for feedback_id in ids)
