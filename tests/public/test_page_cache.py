"""The page cache: anonymous visitors share rendered public pages, which change as soon as what they show changes."""

import gzip
import os
import re
import secrets
import subprocess
import sys
from datetime import datetime, timedelta

import pytest

from consult.database import utcnow
from consult.extensions import db as _db
from consult.feedback.models import Feedback, FeedbackStatus
from consult.i18n import LOCAL_TZ
from tests import factories
from tests.conftest import hidden_fields, post_form
from tests.feedback.test_views import valid_form

CSRF_IN_PAGE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def anonymous(app, **headers):
    """A new visitor: a client with no cookies."""
    client = app.test_client()
    client.environ_base.update({f"HTTP_{name.upper()}": value for name, value in headers.items()})
    return client


def test_a_page_is_rendered_once_for_all_anonymous_visitors(app, db, open_draft, monkeypatch):
    renders = []
    monkeypatch.setattr("consult.public.views.render_template", _counting(renders))

    first = anonymous(app).get(f"/drafts/{open_draft.slug}")
    second = anonymous(app).get(f"/drafts/{open_draft.slug}")

    assert first.status_code == second.status_code == 200
    assert first.get_data() == second.get_data()
    assert len(renders) == 1
    assert second.headers["Cache-Control"].startswith("public, max-age=")
    assert "stale-while-revalidate" in second.headers["Cache-Control"]


def test_each_language_has_its_own_entry(app, db, open_draft):
    vietnamese = anonymous(app).get(f"/drafts/{open_draft.slug}").get_data(as_text=True)
    english_visitor = anonymous(app)
    english_visitor.get("/lang/en?next=/")
    english = english_visitor.get(f"/drafts/{open_draft.slug}").get_data(as_text=True)

    assert '<html lang="vi">' in vietnamese
    assert '<html lang="en">' in english


def test_an_opinion_approved_by_a_moderator_is_on_the_page_at_the_next_request(client, db, auth, moderator, open_draft):
    opinion = factories.make_feedback(open_draft, content="Đề nghị mở rộng vỉa hè cho người đi bộ")
    db.session.commit()
    visitor = anonymous(client.application)
    assert "Đề nghị mở rộng vỉa hè" not in visitor.get(f"/drafts/{open_draft.slug}").get_data(as_text=True)

    auth.login(moderator)
    post_form(client, f"/moderation/{opinion.id}/decide", {"approve": "1"}, page="/moderation/")

    assert "Đề nghị mở rộng vỉa hè" in visitor.get(f"/drafts/{open_draft.slug}").get_data(as_text=True)


def test_a_rejection_after_approval_takes_the_opinion_off_the_page(client, db, auth, moderator, open_draft):
    opinion = factories.make_feedback(open_draft, FeedbackStatus.APPROVED, content="Ý kiến sẽ bị gỡ xuống")
    db.session.commit()
    visitor = anonymous(client.application)
    assert "Ý kiến sẽ bị gỡ xuống" in visitor.get(f"/drafts/{open_draft.slug}").get_data(as_text=True)

    opinion.status = FeedbackStatus.REJECTED  # any committed change to a public table ends the generation
    db.session.commit()

    assert "Ý kiến sẽ bị gỡ xuống" not in visitor.get(f"/drafts/{open_draft.slug}").get_data(as_text=True)


def test_a_new_opinion_awaiting_moderation_leaves_the_cache_alone(app, db, open_draft, monkeypatch):
    renders = []
    monkeypatch.setattr("consult.public.views.render_template", _counting(renders))
    anonymous(app).get(f"/drafts/{open_draft.slug}")

    sent = post_form(anonymous(app), f"/drafts/{open_draft.slug}/feedback", valid_form(content="Ý kiến mới, chờ duyệt"))
    anonymous(app).get(f"/drafts/{open_draft.slug}")

    assert sent.status_code == 302 and _db.session.query(Feedback).count() == 1
    assert len(renders) == 1


APPROVE_IN_ANOTHER_PROCESS = """
import sys
from config import TestingConfig
from consult import create_app
from consult.extensions import db
from consult.feedback.models import Feedback
app = create_app(TestingConfig)
with app.app_context():
    db.session.get(Feedback, int(sys.argv[1])).status = "approved"
    db.session.commit()
"""
SHARED_CACHE = {
    "PAGE_CACHE_REDIS_URL": "redis://127.0.0.1:6379/15",
    "PAGE_CACHE_PREFIX": f"test-{secrets.token_hex(4)}:",
}


@pytest.mark.parametrize("app_config", [SHARED_CACHE])
def test_an_approval_in_another_app_process_sharing_redis_is_seen(app, database_url, db, open_draft):
    """Two app servers on one database and one Redis: another process approves, this one serves the page."""
    _need_redis(app)
    opinion = factories.make_feedback(open_draft, content="Ý kiến duyệt ở máy chủ bên kia")
    db.session.commit()
    visitor = anonymous(app)
    try:
        assert "Ý kiến duyệt ở máy chủ bên kia" not in visitor.get(f"/drafts/{open_draft.slug}").get_data(as_text=True)
        assert visitor.get(f"/drafts/{open_draft.slug}").status_code == 200  # served from Redis now

        env = dict(os.environ, TEST_DATABASE_URL=database_url, **SHARED_CACHE)
        subprocess.run([sys.executable, "-c", APPROVE_IN_ANOTHER_PROCESS, str(opinion.id)], env=env, check=True)

        assert "Ý kiến duyệt ở máy chủ bên kia" in visitor.get(f"/drafts/{open_draft.slug}").get_data(as_text=True)
    finally:
        _forget_keys(app, SHARED_CACHE["PAGE_CACHE_PREFIX"])


def test_a_cached_page_holds_no_other_visitors_token_flash_or_name(client, db, auth, agency_editor, open_draft):
    # A visitor who opened the form has a CSRF token in their session; one who sent it saw a flash message;
    # a signed-in editor sees their own name. None of it may reach the next visitor.
    writer = anonymous(client.application)
    form = writer.get(f"/drafts/{open_draft.slug}/feedback").get_data(as_text=True)
    token = CSRF_IN_PAGE.search(form).group(1)
    writer.get(f"/drafts/{open_draft.slug}")
    auth.login(agency_editor)
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "Thông báo riêng của người biên tập")]
    staff_page = client.get(f"/drafts/{open_draft.slug}").get_data(as_text=True)
    assert agency_editor.name in staff_page and "Thông báo riêng" in staff_page
    assert client.get(f"/drafts/{open_draft.slug}").headers["Cache-Control"] == "private, no-store"

    page = anonymous(client.application).get(f"/drafts/{open_draft.slug}").get_data(as_text=True)

    assert token not in page
    assert 'name="csrf_token"' not in page
    assert agency_editor.name not in page
    assert "Thông báo riêng" not in page


def test_a_flash_message_is_shown_to_its_visitor_and_not_cached(app, db, open_draft):
    visitor = anonymous(app)
    anonymous(app).get(f"/drafts/{open_draft.slug}")  # the page is in the cache
    with visitor.session_transaction() as session:
        session["_flashes"] = [("success", "Cảm ơn bạn đã gửi ý kiến")]

    assert "Cảm ơn bạn đã gửi ý kiến" in visitor.get(f"/drafts/{open_draft.slug}").get_data(as_text=True)
    assert "Cảm ơn bạn đã gửi ý kiến" not in anonymous(app).get(f"/drafts/{open_draft.slug}").get_data(as_text=True)


def test_an_unchanged_page_is_answered_304_and_a_changed_one_200(app, db, open_draft):
    url = f"/drafts/{open_draft.slug}"
    first = anonymous(app).get(url)
    etag = first.headers["ETag"]

    unchanged = anonymous(app, if_none_match=etag).get(url)
    assert unchanged.status_code == 304 and unchanged.get_data() == b""

    factories.make_feedback(open_draft, FeedbackStatus.APPROVED, content="Một ý kiến mới được đăng")
    _db.session.commit()
    changed = anonymous(app, if_none_match=etag).get(url)
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag
    assert "Một ý kiến mới được đăng" in changed.get_data(as_text=True)


def test_a_visitor_without_cookies_is_sent_the_stored_page_before_the_app(app, db, open_draft, monkeypatch):
    url = f"/drafts/{open_draft.slug}"
    from_app = anonymous(app).get(url)  # rendered and stored by the app
    writer = anonymous(app)
    writer.get(f"{url}/feedback")  # has a session now (the form's token)
    dispatched = []
    monkeypatch.setattr(app, "full_dispatch_request", _counting_calls(app.full_dispatch_request, dispatched))

    stored = anonymous(app).get(url)
    head = anonymous(app).head(url)
    not_modified = anonymous(app, if_none_match=stored.headers["ETag"]).get(url)
    assert dispatched == []
    writer.get(url)
    from_app_304 = writer.get(url, headers={"If-None-Match": stored.headers["ETag"]})
    assert len(dispatched) == 2  # a session may hold a message, a language or a user: the app answers

    assert stored.get_data() == from_app.get_data()
    assert _headers(stored) == _headers(from_app)  # security headers, Cache-Control, ETag, Vary included
    assert stored.headers["X-Request-ID"] != from_app.headers["X-Request-ID"]
    assert head.status_code == 200 and head.get_data() == b""
    assert head.headers["Content-Length"] == from_app.headers["Content-Length"]
    assert not_modified.status_code == from_app_304.status_code == 304 and not_modified.get_data() == b""
    assert _headers(not_modified) == _headers(from_app_304)


@pytest.mark.parametrize("app_config", [{"HSTS_SECONDS": 600, "PROXY_FIX_X_FOR": 1}])
def test_https_pages_say_strict_transport_security_whoever_answers(app, db, open_draft):
    url = f"/drafts/{open_draft.slug}"
    behind_proxy = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    from_app = anonymous(app).get(url, headers=behind_proxy)  # rendered and stored by the app
    stored = anonymous(app).get(url, headers=behind_proxy)  # sent by the front
    plain = anonymous(app).get(url)

    assert from_app.headers["Strict-Transport-Security"] == "max-age=600; includeSubDomains"
    assert _headers(stored) == _headers(from_app)
    assert "Strict-Transport-Security" not in plain.headers  # HSTS is only ever sent over HTTPS
    assert "Strict-Transport-Security" not in anonymous(app).get("/auth/login").headers


def test_pages_are_sent_compressed_once_and_decompress_to_the_same_html(app, db, open_draft):
    url = f"/drafts/{open_draft.slug}"
    plain = anonymous(app, accept_encoding="identity").get(url)
    zipped = anonymous(app, accept_encoding="gzip, deflate").get(url)

    assert "Content-Encoding" not in plain.headers
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped.headers["Vary"]
    assert gzip.decompress(zipped.get_data()) == plain.get_data()
    assert len(zipped.get_data()) < len(plain.get_data()) / 3


def test_days_left_change_at_midnight_in_viet_nam(app, db, agency, frozen_clock):
    # The window ends at 00:00 (Viet Nam) of 21/12/2026, its last day is 20/12: on 10/12 at 23:59 ten whole days
    # are left, at 00:01 on 11/12 nine.
    closes_at = datetime(2026, 12, 21, tzinfo=LOCAL_TZ)
    frozen_clock.set(datetime(2026, 12, 10, 23, 59, tzinfo=LOCAL_TZ))
    factories.make_draft(agency, opens_at=utcnow() - timedelta(days=5), closes_at=closes_at, title="Dự thảo đếm ngày")
    _db.session.commit()
    assert "Còn 10 ngày" in anonymous(app).get("/").get_data(as_text=True)

    frozen_clock.set(datetime(2026, 12, 11, 0, 1, tzinfo=LOCAL_TZ))

    assert "Còn 9 ngày" in anonymous(app).get("/").get_data(as_text=True)


def test_the_window_closes_on_a_cached_page_and_the_form_refuses(app, db, agency, frozen_clock):
    closes_at = datetime(2026, 12, 21, tzinfo=LOCAL_TZ)
    frozen_clock.set(closes_at - timedelta(seconds=30))
    draft = factories.make_draft(agency, opens_at=utcnow() - timedelta(days=30), closes_at=closes_at)
    _db.session.commit()
    visitor = anonymous(app)
    before = visitor.get(f"/drafts/{draft.slug}").get_data(as_text=True)
    assert f"/drafts/{draft.slug}/feedback" in before
    fields = hidden_fields(visitor.get(f"/drafts/{draft.slug}/feedback").get_data(as_text=True))

    frozen_clock.set(closes_at + timedelta(seconds=30))
    after = anonymous(app).get(f"/drafts/{draft.slug}").get_data(as_text=True)
    sent = visitor.post(f"/drafts/{draft.slug}/feedback", data={**fields, **valid_form(content="Gửi sau khi hết hạn")})

    assert f"/drafts/{draft.slug}/feedback" not in after
    assert "Dự thảo đã kết thúc lấy ý kiến; không thể gửi thêm ý kiến." in after
    assert sent.status_code == 403
    assert "Gửi sau khi hết hạn" in sent.get_data(as_text=True)
    assert _db.session.query(Feedback).count() == 0


def test_an_upcoming_draft_opens_on_time_despite_the_cache(app, db, agency, frozen_clock):
    opens_at = datetime(2026, 12, 15, 8, 0, tzinfo=LOCAL_TZ)
    frozen_clock.set(opens_at - timedelta(minutes=1))
    draft = factories.make_draft(agency, opens_at=opens_at, closes_at=opens_at + timedelta(days=30))
    _db.session.commit()
    assert f"/drafts/{draft.slug}/feedback" not in anonymous(app).get(f"/drafts/{draft.slug}").get_data(as_text=True)

    frozen_clock.set(opens_at + timedelta(seconds=1))

    assert f"/drafts/{draft.slug}/feedback" in anonymous(app).get(f"/drafts/{draft.slug}").get_data(as_text=True)


def test_staff_pages_and_forms_are_never_stored(client, db, auth, agency_editor, open_draft):
    form = anonymous(client.application).get(f"/drafts/{open_draft.slug}/feedback")
    auth.login(agency_editor)
    staff = client.get("/agency/")

    assert form.headers["Cache-Control"] == "private, no-store"
    assert staff.headers["Cache-Control"] == "private, no-store"


def test_static_urls_carry_a_content_hash_and_are_kept_a_year(app, db, open_draft):
    page = anonymous(app).get("/").get_data(as_text=True)
    css = re.search(r'href="(/static/css/site\.css\?v=[0-9a-f]+)"', page).group(1)

    with anonymous(app, accept_encoding="gzip, deflate").get(css) as response:
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert response.headers["Content-Encoding"] == "gzip"
        assert b".skip" in gzip.decompress(response.get_data())
    with anonymous(app, accept_encoding="gzip, deflate", if_none_match=response.headers["ETag"]).get(css) as again:
        assert again.status_code == 304


def test_favicon_and_robots_txt_are_served(app, db):
    with anonymous(app).get("/favicon.ico") as icon:
        assert icon.status_code == 200 and icon.mimetype in ("image/vnd.microsoft.icon", "image/x-icon")
    robots = anonymous(app).get("/robots.txt").get_data(as_text=True)

    assert "Disallow: /agency/" in robots and "Disallow: /moderation/" in robots
    assert "Disallow: /drafts/\n" not in robots


@pytest.fixture
def frozen_clock(monkeypatch):
    """Set the time seen by the application (every module's `utcnow`)."""
    from consult import database

    original = database.utcnow

    class Clock:
        def set(self, moment):
            self.now = moment.astimezone(database.UTC)

    clock = Clock()
    clock.now = original()
    for module in [module for name, module in sys.modules.items() if name.startswith("consult")]:
        if getattr(module, "utcnow", None) is original:
            monkeypatch.setattr(module, "utcnow", lambda: clock.now)
    return clock


def _counting(renders):
    """render_template, noting each page rendered (not the partials a page renders inside it, such as its text)."""
    from flask import render_template

    def render(*args, **kwargs):
        if not args[0].rpartition("/")[2].startswith("_"):
            renders.append(args[0])
        return render_template(*args, **kwargs)

    return render


def _counting_calls(function, calls):
    def counted(*args, **kwargs):
        calls.append(args)
        return function(*args, **kwargs)

    return counted


def _headers(response):
    """The response's headers but those that differ by request (its id) or by second (Date)."""
    return {name: value for name, value in response.headers.items() if name not in ("X-Request-ID", "Date")}


def _need_redis(app):
    from redis import Redis
    from redis.exceptions import RedisError

    try:
        Redis.from_url(app.config["PAGE_CACHE_REDIS_URL"]).ping()
    except RedisError as error:
        if os.environ.get("CI"):
            pytest.fail(f"Redis is needed at {app.config['PAGE_CACHE_REDIS_URL']}: {error}")
        pytest.skip(f"no Redis at {app.config['PAGE_CACHE_REDIS_URL']}: {error}")


def _forget_keys(app, prefix):
    from redis import Redis

    connection = Redis.from_url(app.config["PAGE_CACHE_REDIS_URL"])
    for key in connection.scan_iter(f"{prefix}*"):
        connection.delete(key)
