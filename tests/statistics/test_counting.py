"""Page views: counted in memory whether the page cache's front or the app sends the page, robots left out, written
in batches added to the day's row (Asia/Ho_Chi_Minh days), and nothing about the visitor kept."""

import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from flask import request
from sqlalchemy import inspect, select

from consult.extensions import db as _db
from consult.i18n import LOCAL_TZ
from consult.statistics.counting import HOME, flush_page_views
from consult.statistics.models import PageViewDay

ROOT = Path(__file__).resolve().parents[2]
BROWSER = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36"


def visitor(app, agent=BROWSER, **environ):
    """A new visitor without cookies, with this User-Agent."""
    client = app.test_client()
    client.environ_base.update({"HTTP_USER_AGENT": agent, **environ})
    return client


def stored_views():
    """{(draft id or None, day): views} as stored."""
    _db.session.rollback()  # read what other connections wrote
    return {(row.draft_id, row.day): row.views for row in _db.session.scalars(select(PageViewDay))}


def local_today():
    """Today in Viet Nam."""
    return datetime.now(UTC).astimezone(LOCAL_TZ).date()


@pytest.fixture
def entered(app):
    """The paths of the requests that reached Flask (the others were answered by the page cache's front)."""
    paths = []
    app.before_request(lambda: paths.append(request.path))
    return paths


def test_pages_sent_by_the_app_and_by_the_front_are_both_counted(app, db, open_draft, entered):
    db.session.commit()
    for path in (f"/drafts/{open_draft.slug}", f"/drafts/{open_draft.slug}/articles/2", "/"):
        assert visitor(app).get(path).status_code == 200  # rendered by the app, and stored
        assert visitor(app).get(path).status_code == 200  # sent by the front
    assert len(entered) == 3  # the second of each never entered Flask
    visitor(app).get(f"/drafts/{open_draft.slug}/versions")  # a page that does not count

    assert flush_page_views(app) == 6
    assert stored_views() == {(open_draft.id, local_today()): 4, (None, local_today()): 2}


def test_a_page_rendered_for_a_signed_in_reader_counts_too(client, db, auth, citizen, open_draft):
    auth.login(citizen)
    client.environ_base["HTTP_USER_AGENT"] = BROWSER
    client.get(f"/drafts/{open_draft.slug}")
    flush_page_views(client.application)
    assert stored_views() == {(open_draft.id, local_today()): 1}


@pytest.mark.parametrize(
    "agent",
    ["", "   ", "Googlebot/2.1 (+http://www.google.com/bot.html)", "Mozilla/5.0 (compatible; bingbot/2.0)",
     "FeedCrawler 1.0", "Baiduspider"],
)  # fmt: skip
def test_robots_are_not_counted(app, db, open_draft, agent):
    db.session.commit()
    for _ in range(2):  # app-served, then front-served
        assert visitor(app, agent).get(f"/drafts/{open_draft.slug}").status_code == 200
    assert flush_page_views(app) == 0
    assert stored_views() == {}


def test_a_head_request_is_not_a_view(app, db, open_draft):
    db.session.commit()
    visitor(app).head(f"/drafts/{open_draft.slug}")
    visitor(app).head(f"/drafts/{open_draft.slug}")
    assert flush_page_views(app) == 0


def test_an_unknown_draft_or_part_is_not_counted(app, db, open_draft):
    db.session.commit()
    assert visitor(app).get("/drafts/no-such-draft").status_code == 404
    assert visitor(app).get(f"/drafts/{open_draft.slug}/articles/99").status_code == 404
    assert flush_page_views(app) == 0


@pytest.mark.parametrize("app_config", [{"PAGE_VIEWS_FLUSH_VIEWS": 3}])
def test_views_are_written_in_batches_added_to_the_days_row(app, db, open_draft):
    db.session.commit()
    url = f"/drafts/{open_draft.slug}"
    visitor(app).get(url)
    visitor(app).get("/")
    assert stored_views() == {}  # two views: still in memory
    visitor(app).get(url)  # the third writes the batch
    assert stored_views() == {(open_draft.id, local_today()): 2, (None, local_today()): 1}
    for _ in range(3):
        visitor(app).get(url)
    visitor(app).get("/")
    flush_page_views(app)
    assert stored_views() == {(open_draft.id, local_today()): 5, (None, local_today()): 2}  # added, one row each


@pytest.mark.parametrize("app_config", [{"PAGE_VIEWS_FLUSH_SECONDS": 1}])
def test_views_are_written_when_the_seconds_are_up(app, db, open_draft, monkeypatch):
    db.session.commit()
    counter = app.extensions["page_views"]
    visitor(app).get(f"/drafts/{open_draft.slug}")
    assert stored_views() == {}
    monkeypatch.setattr(counter, "next_flush", 0)  # the second is up
    visitor(app).get(f"/drafts/{open_draft.slug}")
    assert stored_views() == {(open_draft.id, local_today()): 2}


def test_the_day_is_the_day_in_viet_nam(app, db, open_draft):
    db.session.commit()
    counter = app.extensions["page_views"]
    url = f"/drafts/{open_draft.slug}"
    counter.clock = datetime(2026, 3, 1, 16, 59, 59, tzinfo=UTC).timestamp  # 23:59:59 on 01/03 in Hà Nội
    visitor(app).get(url)
    counter.clock = datetime(2026, 3, 1, 17, 0, 0, tzinfo=UTC).timestamp  # 00:00 on 02/03 in Hà Nội
    visitor(app).get(url)  # sent by the front
    visitor(app).get(url)
    flush_page_views(app)
    assert stored_views() == {(open_draft.id, date(2026, 3, 1)): 1, (open_draft.id, date(2026, 3, 2)): 2}


def test_a_failed_write_keeps_the_counts_for_the_next(app, db, open_draft):
    db.session.commit()
    counter = app.extensions["page_views"]
    visitor(app).get(f"/drafts/{open_draft.slug}")
    counter.counts[(HOME, 10**9)] = 1  # a day past year 9999, which no date holds: the whole batch fails
    assert counter.flush() == 0
    assert stored_views() == {}
    del counter.counts[(HOME, 10**9)]
    assert counter.flush() == 1
    assert stored_views() == {(open_draft.id, local_today()): 1}


def test_nothing_about_the_visitor_is_stored(app, db, open_draft):
    db.session.commit()
    columns = {column["name"] for column in inspect(db.engine).get_columns("page_view_day")}
    assert columns == {"id", "draft_id", "day", "views"}
    response = visitor(app, BROWSER + " Tester/9.9", REMOTE_ADDR="203.0.113.77").get(f"/drafts/{open_draft.slug}")
    assert "Set-Cookie" not in response.headers
    flush_page_views(app)
    rows = db.session.execute(select(PageViewDay.__table__)).all()
    assert [tuple(row)[1:] for row in rows] == [(open_draft.id, local_today(), 1)]
    assert not any("203.0.113.77" in str(value) or "Tester" in str(value) for row in rows for value in row)


def test_the_counts_are_written_when_the_process_exits(app, db, open_draft, database_url):
    db.session.commit()
    script = (
        "from consult import create_app\n"
        "from tests.conftest import _testing_config\n"
        f"app = create_app(_testing_config({database_url!r}, PAGE_VIEWS_FLUSH_AT_EXIT=True))\n"
        f"response = app.test_client().get('/drafts/{open_draft.slug}', headers={{'User-Agent': {BROWSER!r}}})\n"
        "assert response.status_code == 200\n"
    )  # and the process ends without writing anything itself
    subprocess.run([sys.executable, "-c", script], check=True, cwd=ROOT, timeout=120, capture_output=True)
    assert stored_views() == {(open_draft.id, local_today()): 1}
