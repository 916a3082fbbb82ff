"""The snapshot of a draft that checks sent opinions: cached per worker for a bounded time, window from the clock."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from consult.database import utcnow
from consult.drafts.models import DraftStatus
from consult.feedback.intake import form_draft
from consult.feedback.models import Feedback
from tests.conftest import csrf_token, post_form
from tests.feedback.test_views import valid_form


@pytest.fixture
def app_config():
    """Cache snapshots for a minute, as a busy production worker would (tests run with no cache)."""
    return {"FEEDBACK_DRAFT_CACHE_SECONDS": 60}


def test_snapshot_is_read_once_then_reused(app, db, open_draft, count_queries):
    first = form_draft(open_draft.slug)
    with count_queries() as queries:
        again = form_draft(open_draft.slug)
    assert again == first and len(queries) == 0
    assert (first.id, first.current_version_id) == (open_draft.id, open_draft.current_version_id)
    assert first.accepts_feedback()
    assert form_draft("no-such-draft") is None


def test_the_clock_still_closes_the_window_of_a_cached_snapshot(app, db, open_draft):
    snapshot = form_draft(open_draft.slug)
    assert snapshot.accepts_feedback(open_draft.closes_at - timedelta(seconds=1))
    assert not snapshot.accepts_feedback(open_draft.closes_at)


def test_a_stale_snapshot_is_bounded_by_its_lifetime(app, db, open_draft, client):
    form_draft(open_draft.slug)
    open_draft.status = DraftStatus.CLOSED  # closed early by the agency, seen by this worker only after the TTL
    db.session.commit()
    assert form_draft(open_draft.slug).accepts_feedback()

    app.config["FEEDBACK_DRAFT_CACHE_SECONDS"] = 0
    assert not form_draft(open_draft.slug).accepts_feedback()
    response = client.post(
        f"/drafts/{open_draft.slug}/feedback", data={**valid_form(), "csrf_token": csrf_token(client)}
    )
    assert response.status_code == 403
    assert db.session.scalar(select(func.count(Feedback.id))) == 0


def test_sending_an_opinion_with_a_cached_snapshot(app, db, open_draft, client):
    for number in range(3):
        response = post_form(
            client, f"/drafts/{open_draft.slug}/feedback", valid_form(content=f"Ý kiến thứ {number} về vỉa hè.")
        )
        assert response.status_code == 302
    stored = db.session.scalars(select(Feedback).order_by(Feedback.id)).all()
    assert [feedback.version_id for feedback in stored] == [open_draft.current_version_id] * 3
    assert all(feedback.created_at <= utcnow() for feedback in stored)
