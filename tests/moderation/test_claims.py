"""Claims: a moderator takes the next opinions for a while; the others' queues skip them, their decisions on them are
refused, and two moderators claiming at once get different opinions."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from consult.auth.models import User
from consult.database import utcnow
from consult.extensions import db as _db
from consult.feedback.models import Feedback, FeedbackStatus
from consult.moderation.claims import claim_next, claims_summary, release_claims
from consult.moderation.models import FeedbackClaim
from consult.moderation.queue import QueueFilter, pending_queue
from consult.moderation.services import ClaimedByOther, approve_feedback, decide_many
from tests import factories
from tests.conftest import TEST_DATABASE_URL, post_form


@pytest.fixture
def queue(db, open_draft):
    """Six pending opinions, oldest first; their ids."""
    now = utcnow()
    ids = [
        factories.make_feedback(open_draft, content=f"Ý kiến {n}", created_at=now - timedelta(hours=10 - n)).id
        for n in range(6)
    ]
    db.session.commit()
    return ids


@pytest.fixture
def second_moderator(db):
    return factories.make_user(role="moderator", email="kiemduyet2@example.vn")


def shown(moderator, **filters):
    return [item.id for item in pending_queue(filters=QueueFilter(**filters), moderator_id=moderator.id)]


def test_claims_are_disjoint_and_the_others_queue_skips_them(db, queue, moderator, second_moderator):
    first = claim_next(moderator, None, QueueFilter(), 2, 15)
    second = claim_next(second_moderator, None, QueueFilter(), 2, 15)
    db.session.commit()

    assert first == queue[:2] and second == queue[2:4]  # oldest first, never the same
    assert shown(moderator) == queue[:2] + queue[4:]
    assert shown(second_moderator) == queue[2:]
    assert shown(moderator, mine=True) == queue[:2]
    held, until, others = claims_summary(moderator, None)
    assert (held, others) == (2, 2) and until > utcnow() + timedelta(minutes=14)
    assert claim_next(moderator, None, QueueFilter(), 5, 15) == queue[4:]  # what is left
    assert claim_next(second_moderator, None, QueueFilter(), 5, 15) == []


def test_a_decision_on_someone_elses_claim_is_refused_until_it_ends(db, queue, moderator, second_moderator):
    claim_next(moderator, None, QueueFilter(), 3, 15)
    db.session.commit()
    taken = db.session.get(Feedback, queue[0])

    with pytest.raises(ClaimedByOther) as refused:
        approve_feedback(second_moderator, taken)
    assert refused.value.claim.user_id == moderator.id
    db.session.rollback()
    result = decide_many(second_moderator, queue[:4], FeedbackStatus.REJECTED, "spam")
    db.session.commit()
    assert result.claimed == 3 and [decision.feedback_id for decision in result.decided] == [queue[3]]

    approve_feedback(moderator, db.session.get(Feedback, queue[0]))  # the holder decides; the claim ends with it
    release_claims(moderator)
    db.session.commit()
    assert db.session.scalars(select(FeedbackClaim)).all() == []
    approve_feedback(second_moderator, db.session.get(Feedback, queue[1]))
    db.session.commit()
    assert db.session.get(Feedback, queue[1]).status == FeedbackStatus.APPROVED


def test_claims_expire(db, queue, moderator, second_moderator):
    long_ago = utcnow() - timedelta(hours=1)
    assert claim_next(moderator, None, QueueFilter(), 2, 15, now=long_ago) == queue[:2]
    db.session.commit()

    assert shown(second_moderator) == queue
    assert claim_next(second_moderator, None, QueueFilter(), 1, 15) == [queue[0]]  # the expired claim is gone
    approve_feedback(second_moderator, db.session.get(Feedback, queue[1]))
    db.session.commit()


def test_claiming_through_the_page_keeps_the_filter_and_shows_the_claimed(
    client, db, auth, agency, queue, moderator, second_moderator
):
    other_draft = factories.make_draft(agency, title="Dự thảo khác")
    elsewhere = factories.make_feedback(other_draft, content="Ý kiến của dự thảo khác").id
    db.session.commit()
    draft_id = db.session.get(Feedback, queue[0]).draft_id
    auth.login(moderator)

    response = post_form(client, f"/moderation/claim?draft={other_draft.id}", {"count": "3"}, page="/moderation/")
    assert response.status_code == 302
    assert f"draft={other_draft.id}" in response.headers["Location"] and "mine=1" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Bạn đang giữ 1 ý kiến đến" in page and "Ý kiến của dự thảo khác" in page and "Ý kiến 0" not in page
    assert [claim.feedback_id for claim in db.session.scalars(select(FeedbackClaim))] == [elsewhere]

    auth.logout()
    auth.login(second_moderator)
    page = client.get(f"/moderation/?draft={draft_id}").get_data(as_text=True)
    assert "Ý kiến 0" in page
    page = client.get("/moderation/").get_data(as_text=True)
    assert "Ý kiến của dự thảo khác" not in page and "1 ý kiến khác đang do người kiểm duyệt khác nhận" in page
    opinion = client.get(f"/moderation/opinions/{elsewhere}").get_data(as_text=True)
    assert "Đã có người nhận" in opinion and moderator.name in opinion
    refused = post_form(client, f"/moderation/{elsewhere}/decide", {"approve": "1"}, page="/moderation/")
    assert refused.status_code == 302
    assert db.session.get(Feedback, elsewhere).status == FeedbackStatus.PENDING
    assert f"đang do {moderator.name} nhận đến" in client.get(refused.headers["Location"]).get_data(as_text=True)

    auth.logout()
    auth.login(moderator)
    assert post_form(client, "/moderation/claims/release", {}, page="/moderation/").status_code == 302
    assert db.session.scalars(select(FeedbackClaim)).all() == []


def test_a_moderator_of_another_agency_takes_none_of_these(client, db, auth, queue, other_agency):
    outsider = factories.make_user(role="moderator", agency=other_agency)
    db.session.commit()
    auth.login(outsider)

    post_form(client, "/moderation/claim", {"count": "5"}, page="/moderation/")
    assert db.session.scalars(select(FeedbackClaim)).all() == []


needs_postgres = pytest.mark.skipif(
    not TEST_DATABASE_URL, reason="SQLite takes one writer at a time: claims never truly overlap (run on PostgreSQL)"
)
CLAIMERS = 8


@needs_postgres
@pytest.mark.parametrize("app_config", [{"SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": CLAIMERS + 2}}])
def test_moderators_claiming_at_the_same_moment_get_disjoint_sets(app, db, open_draft):
    moderator_ids = [factories.make_user(role="moderator").id for _ in range(CLAIMERS)]
    ids = [factories.make_feedback(open_draft).id for _ in range(CLAIMERS * 5)]
    db.session.commit()
    barrier = threading.Barrier(CLAIMERS, timeout=60)
    taken, errors = {}, []

    def work(index):
        with app.app_context():
            try:
                moderator = _db.session.get(User, moderator_ids[index])
                barrier.wait()
                taken[index] = claim_next(moderator, None, QueueFilter(), 5, 15)
                _db.session.commit()
            except Exception as error:  # noqa: BLE001 - reported by the assertion
                errors.append(repr(error))
            finally:
                _db.session.remove()

    threads = [threading.Thread(target=work, args=(index,)) for index in range(CLAIMERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    claimed = [feedback_id for got in taken.values() for feedback_id in got]
    assert sorted(claimed) == sorted(ids)  # everyone got five, none twice (SKIP LOCKED: the next ones, not none)
    assert all(len(got) == 5 for got in taken.values())
    rows = db.session.execute(select(FeedbackClaim.feedback_id, FeedbackClaim.user_id)).all()
    assert sorted(rows) == sorted(
        (feedback_id, moderator_ids[index]) for index, got in taken.items() for feedback_id in got
    )
