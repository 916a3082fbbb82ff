"""PostgreSQL tells each process what changes the API's pages of approved opinions (consult.api.changes): a kept
page is then served with no statement, and every change that shows on it reaches the page."""

import time

import pytest
from sqlalchemy import select, text, update

from consult.api.changes import listener_for, wait_listening
from consult.database import utcnow
from consult.drafts.models import Article
from consult.feedback.models import Feedback, FeedbackStatus
from tests import factories
from tests.conftest import TEST_DATABASE_URL

pytestmark = pytest.mark.skipif(not TEST_DATABASE_URL, reason="LISTEN/NOTIFY: run on PostgreSQL")


@pytest.fixture
def listener(app):
    app.config["API_CHANGE_SIGNAL"] = True
    app.extensions.pop("consult_change_listener", None)
    with app.app_context():
        found = listener_for(app)
    assert found is not None and wait_listening(found)
    yield found
    found.stop()
    app.extensions.pop("consult_change_listener", None)


def opinions_url(draft):
    return f"/api/v1/drafts/{draft.slug}/opinions?limit=50"


def heard_after(listener, before, seconds=5.0):
    """Wait until the listener has heard more than `before` changes; return its count."""
    deadline = time.monotonic() + seconds
    while (listener.version() or 0) <= before and time.monotonic() < deadline:
        time.sleep(0.01)
    return listener.version()


def notify_marker(db):
    """Send a notification of our own: those of earlier commits arrive before it."""
    db.session.execute(text("SELECT pg_notify('consult_public_opinions', 'marker')"))
    db.session.commit()


def texts(client, draft):
    return [item["text"] for item in client.get(opinions_url(draft)).get_json()["items"]]


def test_a_kept_page_is_served_without_a_statement(client, db, open_draft, opinions, listener, count_queries):
    first = client.get(opinions_url(open_draft))
    with count_queries() as statements:
        again = client.get(opinions_url(open_draft))

    assert again.status_code == 200 and again.get_data() == first.get_data()
    assert [s for s in statements if "feedback" in s or "draft" in s] == []


def test_an_approval_and_an_edit_show_on_the_next_pages(client, db, open_draft, opinions, listener):
    assert "Ý kiến còn chờ kiểm duyệt, chưa được công bố." not in texts(client, open_draft)
    heard = listener.version()

    db.session.execute(
        update(Feedback).where(Feedback.id == opinions["pending"].id).values(status=FeedbackStatus.APPROVED)
    )
    db.session.commit()
    heard = heard_after(listener, heard)
    assert "Ý kiến còn chờ kiểm duyệt, chưa được công bố." in texts(client, open_draft)

    db.session.execute(
        update(Feedback).where(Feedback.id == opinions["approved"].id).values(content="Nội dung đã được che bớt.")
    )
    db.session.commit()
    heard_after(listener, heard)
    assert "Nội dung đã được che bớt." in texts(client, open_draft)


def test_an_article_renumbered_and_an_answer_published_show(client, db, open_draft, opinions, listener):
    client.get(opinions_url(open_draft))
    heard = listener.version()
    article_id = opinions["approved"].article_id
    db.session.execute(update(Article).where(Article.id == article_id).values(number=42))
    db.session.commit()
    heard = heard_after(listener, heard)
    items = client.get(opinions_url(open_draft)).get_json()["items"]
    assert "42" in [str(item["article"]) for item in items]

    factories.make_answer(opinions["approved"], explanation="Tiếp thu, sửa khoản 1.", published=True)
    open_draft.answers_published_at = utcnow()
    db.session.commit()
    heard_after(listener, heard)
    assert "Tiếp thu, sửa khoản 1." in client.get(opinions_url(open_draft)).get_data(as_text=True)


def test_an_opinion_waiting_for_moderation_sends_nothing(db, open_draft, listener):
    heard = listener.version()
    factories.make_feedback(open_draft, content="Một ý kiến mới, chờ kiểm duyệt.")  # what citizens send all day
    db.session.commit()
    notify_marker(db)

    assert heard_after(listener, heard) == heard + 1  # the marker alone


def test_without_its_connection_the_page_reads_the_database_and_the_listener_comes_back(
    client, db, open_draft, opinions, listener, count_queries
):
    before = listener.version()
    killed = db.session.scalar(
        text("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE query LIKE 'LISTEN %'")
    )
    db.session.commit()
    assert killed >= 1
    deadline = time.monotonic() + 5
    while listener.version() is not None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert listener.version() is None
    with count_queries() as statements:
        assert client.get(opinions_url(open_draft)).status_code == 200
    assert any("feedback" in statement for statement in statements)  # the state read at this request

    assert wait_listening(listener)
    assert listener.version() > before  # a new version: what changed while deaf is not missed
    db.session.execute(select(1))
