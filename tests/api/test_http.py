"""The API over HTTP: ETag and 304, shared caching, CORS, no cookie, problem documents for every error under /api/,
and its rate limit."""

import pytest
from flask import g

from consult.api import queries
from consult.moderation.models import REDACTION_REASONS
from consult.moderation.redaction import redact_feedback
from consult.moderation.services import approve_feedback
from tests.api.conftest import PENDING_TEXT, problem
from tests.public.test_page_cache import _counting_calls, _headers, anonymous

LIMITED = {"RATELIMIT_ENABLED": True, "API_RATE_LIMIT": "3 per minute"}


def test_every_json_answer_has_an_etag_and_a_matching_one_gets_304(client, open_draft, opinions):
    for url in ("/api/v1/drafts", f"/api/v1/drafts/{open_draft.slug}/opinions", "/api/v1/openapi.json"):
        first = client.get(url)
        again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
        other = client.get(url, headers={"If-None-Match": '"something-else"'})

        assert first.status_code == 200 and first.headers["ETag"]
        # A minute; lists the page cache keeps say how long it keeps them (PAGE_MAX_AGE), and may be reused stale
        assert first.headers["Cache-Control"] in ("public, max-age=60", "public, max-age=30, stale-while-revalidate=60")
        assert again.status_code == 304 and again.get_data() == b""
        assert again.headers["ETag"] == first.headers["ETag"]
        assert other.status_code == 200


def test_the_etag_changes_with_the_content(client, db, open_draft, opinions, moderator):
    url = f"/api/v1/drafts/{open_draft.slug}/opinions"
    before = client.get(url).headers["ETag"]
    shown = opinions["approved"]  # an approved opinion's text changes only by redaction
    redact_feedback(
        moderator, shown, "Đề nghị [đã ẩn].", shown.proposed_wording, shown.revision, next(iter(REDACTION_REASONS))
    )
    db.session.commit()

    after = client.get(url, headers={"If-None-Match": before})

    assert after.status_code == 200 and after.headers["ETag"] != before


def test_compressed_answers_keep_their_etag_and_304(client, open_draft, opinions):
    url = f"/api/v1/drafts/{open_draft.slug}"
    first = client.get(url, headers={"Accept-Encoding": "gzip"})
    again = client.get(url, headers={"Accept-Encoding": "gzip", "If-None-Match": first.headers["ETag"]})

    assert first.headers["Content-Encoding"] == "gzip"
    assert again.status_code == 304


def test_the_api_sets_and_reads_no_cookie(client, open_draft, opinions):
    client.get("/lang/en")  # a visitor who chose a language on the site has a session cookie
    for url in ("/api/v1/drafts", f"/api/v1/drafts/{open_draft.slug}", "/api/v1/drafts/khong-co", "/api/v1/nowhere"):
        response = client.get(url)

        assert "Set-Cookie" not in response.headers, url
        assert "Cookie" not in response.headers.get("Vary", ""), url


def test_cors_lets_any_site_read_the_api_errors_included(client, open_draft):
    for url, status in (("/api/v1/drafts", 200), ("/api/v1/drafts/khong-co", 404), ("/api/khong-co", 404)):
        response = client.get(url, headers={"Origin": "https://bao.example.vn"})

        assert response.status_code == status
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert "ETag" in response.headers["Access-Control-Expose-Headers"]
    preflight = client.options("/api/v1/drafts", headers={"Origin": "https://bao.example.vn"})
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "If-None-Match" in preflight.headers["Access-Control-Allow-Headers"]
    assert "Access-Control-Allow-Origin" not in client.get("/").headers  # the site's pages are not concerned


def test_errors_under_api_are_problem_documents_and_pages_elsewhere_stay_html(client, open_draft):
    body = problem(client.get("/api/v1/drafts/khong-co"), 404)
    assert body["detail"] == "Không có dự thảo công khai nào có địa chỉ này." or body["detail"]
    problem(client.get("/api/v2/anything"), 404)
    not_allowed = client.post("/api/v1/drafts")
    problem(not_allowed, 405)
    assert "GET" in not_allowed.headers["Allow"]

    page = client.get("/drafts/khong-co")
    assert page.status_code == 404 and page.mimetype == "text/html"


def test_problem_documents_speak_the_language_of_accept_language(client):
    english = problem(client.get("/api/v1/drafts?limit=0", headers={"Accept-Language": "en"}), 400)
    default = problem(client.get("/api/v1/drafts?limit=0"), 400)

    assert english["title"] == "Bad request"
    assert english["invalid_params"] == [{"name": "limit", "reason": "A whole number from 1 to 200."}]
    assert default["status"] == 400  # Vietnamese once translated (the default language)


@pytest.mark.parametrize("app_config", [{"RENDER_500_IN_TESTS": True}])
def test_a_server_error_is_a_problem_document(client, open_draft, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(queries, "opinions_page", broken)

    body = problem(client.get(f"/api/v1/drafts/{open_draft.slug}/opinions"), 500)

    assert "database gone" not in body["detail"]


@pytest.mark.parametrize("app_config", [LIMITED])
def test_each_client_has_its_rate_limit_for_the_whole_api(app, open_draft):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = "10.1.0.1"
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "10.1.0.2"

    statuses = [client.get(url).status_code for url in ("/api/v1/drafts", "/api/v1/agencies", "/api/v1/drafts")]
    refused = client.get(f"/api/v1/drafts/{open_draft.slug}")

    assert statuses == [200, 200, 200]
    problem(refused, 429)
    assert int(refused.headers["Retry-After"]) > 0
    assert refused.headers["Access-Control-Allow-Origin"] == "*"
    # The test's requests share one app context, and the limiter reads the client's key before the app fixture
    # empties `g`: forget the first client's (in production each request has its own context).
    g.pop("client_key", None)
    assert other.get("/api/v1/drafts").status_code == 200


def test_a_stored_list_is_sent_by_the_front_with_the_apps_headers(app, db, open_draft, opinions, monkeypatch):
    url = f"/api/v1/drafts/{open_draft.slug}/opinions?limit=1"  # two opinions: a next page, so a Link header
    from_app = anonymous(app).get(url, headers={"Origin": "https://bao.example.vn"})
    dispatched = []
    monkeypatch.setattr(app, "full_dispatch_request", _counting_calls(app.full_dispatch_request, dispatched))

    stored = anonymous(app).get(url, headers={"Origin": "https://bao.example.vn"})
    not_modified = anonymous(app, if_none_match=stored.headers["ETag"]).get(url)

    assert dispatched == []
    assert stored.get_data() == from_app.get_data() and stored.json["next"]
    assert _headers(stored) == _headers(from_app)  # CORS, Link, ETag, Cache-Control and Vary (no Cookie) included
    assert stored.headers["Link"].endswith('>; rel="next"')
    assert stored.headers["Access-Control-Allow-Origin"] == "*" and stored.headers["Vary"] == "Accept-Encoding"
    assert not_modified.status_code == 304


@pytest.mark.parametrize("app_config", [{}, {"PAGE_CACHE_ENABLED": False}])
def test_an_approval_or_a_redaction_is_in_the_list_at_the_next_request(app, db, open_draft, opinions, moderator):
    url = f"/api/v1/drafts/{open_draft.slug}/opinions"
    before = anonymous(app).get(url)
    approve_feedback(moderator, opinions["pending"])
    db.session.commit()
    approved = anonymous(app).get(url, headers={"If-None-Match": before.headers["ETag"]})
    shown = opinions["approved"]
    reason = next(iter(REDACTION_REASONS))
    redact_feedback(moderator, shown, "Đề nghị làm rõ [đã ẩn].", shown.proposed_wording, shown.revision, reason)
    db.session.commit()
    redacted = anonymous(app).get(url)

    assert PENDING_TEXT not in before.get_data(as_text=True)
    assert approved.status_code == 200 and PENDING_TEXT in approved.get_data(as_text=True)
    assert "Đề nghị làm rõ [đã ẩn]." in redacted.get_data(as_text=True)
    assert "Đề nghị làm rõ đối tượng áp dụng." not in redacted.get_data(as_text=True)


@pytest.mark.parametrize("app_config", [{"PAGE_CACHE_ENABLED": False}])
def test_a_list_of_opinions_is_built_once_while_nothing_it_shows_changes(app, db, open_draft, opinions, monkeypatch):
    built = []
    monkeypatch.setattr(queries, "opinions_page", _counting_calls(queries.opinions_page, built))
    url = f"/api/v1/drafts/{open_draft.slug}/opinions"

    first, second = anonymous(app).get(url), anonymous(app).get(url)
    other = anonymous(app).get(f"{url}?limit=1")

    assert first.get_data() == second.get_data() and len(built) == 2  # once per address
    assert len(other.json["items"]) == 1
