"""The page cache: public pages rendered once for every anonymous visitor, kept fresh by the changes they show.

A page marked with `@public_page` is served from the cache (Flask-Caching: Redis when REDIS_URL is set, so every
app server shares it; in-process otherwise) to a visitor who is not signed in and has no message waiting. An entry
is keyed by path, query and language; it holds the HTML, its gzip and brotli forms (compressed once, when stored)
and its ETag, so an unchanged page is answered `304 Not Modified`.

Freshness: every entry carries the *generation* it was rendered in, a token kept in the same cache. A committed
transaction that wrote to a table public pages show (an opinion approved, rejected, redacted or sent back; answers
published; a draft or its window, versions, articles or files changed) draws a new generation after its commit, so
the next request renders again. What depends on the clock ("Còn N ngày", open or closed) is handled by expiry: an
entry lives until the next midnight in Viet Nam or the next window boundary the page declared
(`expire_page_at`), whichever comes first, and never longer than PAGE_CACHE_SECONDS.

Page views: a view that declares what it counts as (`count_view_as`, a draft's id) has that kept with the stored
page, and every sending of the page, by the front or by the app, is handed to the app's counter
(app.extensions["page_views"], consult.statistics.counting): an in-memory increment, no query.

Nothing personal is stored: a response that set a cookie, changed the session, consumed a flash message or
carries a CSRF token is sent but not kept, and signed-in staff never read from the cache.
"""

import functools
import gzip
import hashlib
import logging
import math
import secrets
import threading
from datetime import datetime, timedelta

import brotli
from blinker import Namespace
from flask import current_app, g, make_response, request, session
from flask_caching import Cache
from sqlalchemy import event
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import Insert, UpdateBase
from werkzeug.http import parse_etags, quote_etag
from werkzeug.wrappers import Request as BaseRequest

from consult.database import utcnow
from consult.headers import security_headers
from consult.i18n import LOCAL_TZ, select_locale
from consult.logs import HEADER as REQUEST_ID_HEADER
from consult.logs import environ_request_id
from consult.metrics import count_page_cache

log = logging.getLogger(__name__)

cache = Cache()
# Sent (with the session) after the commit of a transaction that changed what public pages show: the open data
# files are rebuilt then (consult.opendata).
public_content_changed = Namespace().signal("public-content-changed")

GENERATION_KEY = "page:generation"
# Tables whose rows public pages show. A write to any of them (an INSERT of a new, unmoderated opinion excepted:
# nothing public changes until it is approved) ends the current generation.
PUBLIC_TABLES = frozenset(
    {
        "agency",
        "answer",
        "answer_text",
        "article",
        "attachment",
        "clause",
        "draft",
        "draft_version",
        "feedback",
        "feedback_redaction",
        "search_entry",
        "section",
        "window_extension",
    }
)
# A new row changes public pages unless its model says otherwise (`public_when_new`: a new opinion is public only
# once approved). Core INSERTs into these tables are left alone: store_opinions marks the pages itself when it stores
# approved rows.
QUIET_INSERTS = frozenset({"feedback"})
_CHANGED = "public_pages_changed"
ENCODINGS = ("br", "gzip")  # the server's order of preference
STORED_TYPES = frozenset({"text/html", "application/atom+xml", "application/json"})  # pages, feeds, API answers
STORED_HEADERS = ("Link",)  # headers of a view's response kept with the page (an API page's next page)


def init_page_cache(app):
    """Bind the cache (Redis when REDIS_URL is set, else in-process) and the Cache-Control of other responses."""
    settings = {
        "CACHE_DEFAULT_TIMEOUT": app.config["PAGE_CACHE_SECONDS"],
        "CACHE_KEY_PREFIX": app.config["PAGE_CACHE_PREFIX"],
    }
    if not app.config["PAGE_CACHE_ENABLED"]:
        settings.update(CACHE_TYPE="NullCache", CACHE_NO_NULL_WARNING=True)
    elif app.config.get("PAGE_CACHE_REDIS_URL"):
        settings.update(CACHE_TYPE="RedisCache", CACHE_REDIS_URL=app.config["PAGE_CACHE_REDIS_URL"])
    else:
        settings.update(CACHE_TYPE="SimpleCache", CACHE_THRESHOLD=app.config["PAGE_CACHE_ENTRIES"])
    cache.init_app(app, config=settings)
    if app.config["PAGE_CACHE_ENABLED"]:
        app.wsgi_app = StoredPages(app, app.wsgi_app)

    @app.after_request
    def default_cache_control(response):
        # Anything not marked public (staff pages, forms holding a token, receipts) stays out of every cache.
        if "Cache-Control" not in response.headers and request.endpoint != "static":
            response.headers["Cache-Control"] = "private, no-store"
        return response


def public_page(view):
    """Serve this view from the page cache to anonymous visitors, and store what it renders for them."""

    @functools.wraps(view)
    def cached_view(*args, **kwargs):
        if not _anonymous_request():
            response = view(*args, **kwargs)
            _count_view(g.get("page_view"))
            return response
        encoding = preferred_encoding(request)
        if not current_app.config["PAGE_CACHE_ENABLED"]:
            response = make_response(view(*args, **kwargs))
            _count_view(g.get("page_view"))
            if not _storable(response):
                return response
            return _respond(_forms(response, None, (encoding,))[encoding])  # its ETag and compressed form
        key = _page_key(request, select_locale())
        generation, hit = _lookup(f"{key}#{encoding}")
        count_page_cache(hit is not None)
        if hit is not None:
            _count_view(hit.get("view"))
            return _respond(hit)
        response = make_response(view(*args, **kwargs))
        _count_view(g.get("page_view"))
        if not _storable(response):
            return response
        forms = _forms(response, generation, ("identity", *ENCODINGS))
        _store(key, forms)
        return _respond(forms[encoding])

    return cached_view


def add_front_headers(app, headers_of):
    """Have the front add `headers_of(path)` ({name: value}, maybe empty; a Vary given replaces the front's) to the
    stored pages it sends: what the app's own hooks add to those addresses (the API's CORS headers)."""
    app.extensions.setdefault("page_front_headers", []).append(headers_of)


def expire_page_at(*moments):
    """Let the page being rendered expire at the earliest of these future moments (UTC), e.g. a window's end."""
    now = utcnow()
    future = [moment for moment in moments if moment is not None and moment > now]
    if future:
        g.page_expires_at = min([*future, g.get("page_expires_at", future[0])])


def count_view_as(view):
    """Count each sending of the page being rendered as a view of `view` (a draft's id, or the home page's key),
    whether the app or the front sends it: kept with the stored page, so the front needs no query to know."""
    g.page_view = view


def _count_view(view):
    """Hand a view of a page the app sends to the app's counter, if the page counts and the app has one."""
    counter = current_app.extensions.get("page_views") if view is not None else None
    if counter is not None:
        counter(view, request.environ)


def mark_pages_changed(session_):
    """Note that this transaction changes what public pages show: a new generation is drawn after its commit."""
    session_.info[_CHANGED] = True


def new_generation():
    """End the current generation: every cached page is rendered again at its next request."""
    try:
        cache.set(GENERATION_KEY, secrets.token_hex(8), timeout=0)
    except Exception:  # the change is committed; pages stay as they were until they expire
        log.exception("page cache: could not draw a new generation")


def _anonymous_request():
    """A GET of someone not signed in (no session user, no remember-me cookie) with no message waiting."""
    if request.method not in ("GET", "HEAD") or len(request.query_string) > 256:
        return False
    remember = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
    return "_user_id" not in session and "_flashes" not in session and remember not in request.cookies


def _page_key(request_, language):
    """Path, query (in order of names) and language."""
    query = "&".join(f"{name}={value}" for name, value in sorted(request_.args.items(multi=True)))
    return f"page:{language}:{request_.path}?{query}"


def _lookup(key):
    """Return (current generation, the stored form under `key` if it belongs to it, else None); a cache that fails
    is a miss."""
    try:
        generation, form = cache.get_many(GENERATION_KEY, key)
        if generation is None:
            cache.add(GENERATION_KEY, secrets.token_hex(8), timeout=0)
            generation = cache.get(GENERATION_KEY)
    except Exception:
        log.exception("page cache: lookup failed")
        return None, None
    if form is not None and form["generation"] == generation and form["expires"] > utcnow().timestamp():
        return generation, form
    return generation, None


def _storable(response):
    """A complete 200 HTML page (or feed) holding nothing of this visitor's: no cookie, session change or form token."""
    return (
        response.status_code == 200
        and response.mimetype in STORED_TYPES
        and not response.direct_passthrough
        and "Set-Cookie" not in response.headers
        and not session.modified
        and current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token") not in g
    )


COMPRESSORS = {
    "br": lambda body: brotli.compress(body, quality=5),
    "gzip": lambda body: gzip.compress(body, compresslevel=6, mtime=0),
}
# Compressed forms of the latest pages sent, per process, by ETag and encoding: with the cache off (or a page sent
# before it is stored) a page is rendered at every request, but the same HTML is compressed once. This buys a part of
# issue 15's "uncached demo draft page >= 10% of a bare Flask hello" (and issue 16's 30% for the API's opinions):
# compressing the demo draft page took 0.68 ms (gzip) of its ~3 ms in process (docs/benchmarks.md, 07/12/2026).
COMPRESSED_KEPT = 256
_compressed = {}
_compressed_lock = threading.Lock()


def _compressed_form(etag, encoding, body):
    """`body` (whose ETag is `etag`) in `encoding`, compressed once while among the COMPRESSED_KEPT latest."""
    key = (etag, encoding)
    form = _compressed.get(key)
    if form is None:
        form = COMPRESSORS[encoding](body)
        with _compressed_lock:
            _compressed[key] = form
            while len(_compressed) > COMPRESSED_KEPT:
                del _compressed[next(iter(_compressed))]
    return form


def _forms(response, generation, encodings):
    """The page in each of these encodings, {encoding: form}; a form holds its body, the page's ETag and expiry."""
    body = response.get_data()
    etag = hashlib.blake2b(body, digest_size=12).hexdigest()
    page = {
        "generation": generation,
        "etag": etag,
        "content_type": response.headers["Content-Type"],
        "headers": {name: response.headers[name] for name in STORED_HEADERS if name in response.headers},
        "expires": _expiry().timestamp(),
        "view": g.get("page_view"),  # what a sending of this page counts as (count_view_as), for the front
    }
    return {
        encoding: {
            **page,
            "encoding": encoding,
            "body": _compressed_form(etag, encoding, body) if encoding in COMPRESSORS else body,
        }
        for encoding in encodings
    }


def preferred_encoding(request_):
    """The best encoding the visitor accepts: brotli, gzip, else none."""
    accepted = request_.accept_encodings
    return next((name for name in ENCODINGS if accepted[name]), "identity")


def _store(key, forms):
    """Keep each form of the page under its own key (a visit reads only the one it is sent: a long draft's HTML is
    ten times its gzip), until the page expires."""
    some = next(iter(forms.values()))
    timeout = math.ceil(some["expires"] - utcnow().timestamp())
    if some["generation"] is None or timeout <= 0:
        return
    try:
        cache.set_many({f"{key}#{encoding}": form for encoding, form in forms.items()}, timeout=timeout)
    except Exception:
        log.exception("page cache: store failed")


def _expiry():
    """The earliest of: PAGE_CACHE_SECONDS from now, the next midnight in Viet Nam, what the page declared."""
    now = utcnow()
    local = now.astimezone(LOCAL_TZ)
    midnight = datetime.combine(local.date() + timedelta(days=1), datetime.min.time(), LOCAL_TZ)
    moments = [now + timedelta(seconds=current_app.config["PAGE_CACHE_SECONDS"]), midnight]
    if g.get("page_expires_at") is not None:
        moments.append(g.page_expires_at)
    return min(moments)


def _respond(form):
    """Answer with a stored form of a page: 304 when the visitor holds it already."""
    response = current_app.response_class(form["body"], content_type=form["content_type"])
    response.headers.update(_cache_headers(form, current_app.config["PAGE_MAX_AGE"])[1])
    response.headers.update(form.get("headers", {}))
    response.vary.add("Accept-Encoding")
    return response.make_conditional(request)


def _cache_headers(form, max_age_limit):
    """Return (ETag, {header: value}) of a stored form of a page: its ETag (one per encoding), Cache-Control and
    Content-Encoding."""
    etag = form["etag"] if form["encoding"] == "identity" else f"{form['etag']}:{form['encoding']}"
    max_age = min(max(0, int(form["expires"] - utcnow().timestamp())), max_age_limit)
    headers = {
        "ETag": quote_etag(etag),
        "Cache-Control": f"public, max-age={max_age}, stale-while-revalidate={max_age * 2}",
    }
    if form["encoding"] != "identity":
        headers["Content-Encoding"] = form["encoding"]
    return etag, headers


class StoredPages:
    """WSGI front of the app: a visitor who carries no cookie of ours (no session, so not signed in, no message
    waiting, no language chosen) is sent a stored page without entering Flask at all: no request context, session,
    routing, hooks, extensions or response object, only the cache look-up and the headers the app would send.
    Everyone else, and every miss, goes on to the app, whose `@public_page` views store what they render.

    This exists for issue 15's figure "cached public pages >= 50% of a bare Flask hello's requests/s": through
    the whole Flask request a page from Redis reached 30-46% on PostgreSQL under gevent (docs/benchmarks.md,
    05/12/2026 13:28)."""

    def __init__(self, app, wsgi_app):
        self.app = app
        self.wsgi_app = wsgi_app
        self.backend = app.extensions["cache"][cache]
        self.cookies = (app.config["SESSION_COOKIE_NAME"], app.config.get("REMEMBER_COOKIE_NAME", "remember_token"))
        self.language = app.config["BABEL_DEFAULT_LOCALE"]
        self.max_age = app.config["PAGE_MAX_AGE"]
        self.hsts_seconds = app.config["HSTS_SECONDS"]

    def __call__(self, environ, start_response):
        form = self.stored(environ) if environ.get("REQUEST_METHOD") in ("GET", "HEAD") else None
        if form is None:
            return self.wsgi_app(environ, start_response)
        count_page_cache(True, self.app.config)
        if form.get("view") is not None:
            # One in-memory increment (consult.statistics.counting), no query: about 1 µs of the ~30 µs the front
            # spends on a stored page in process (bench/page_views.py), so cached pages keep issue 15's 61-92% of
            # a bare Flask hello (docs/benchmarks.md, 07/12/2026).
            counter = self.app.extensions.get("page_views")
            if counter is not None:
                counter(form["view"], environ)
        etag, cache_headers = _cache_headers(form, self.max_age)
        added = {"Vary": "Accept-Encoding, Cookie"}  # as Flask says of every page that looked at the session
        for headers_of in self.app.extensions.get("page_front_headers", ()):
            added.update(headers_of(environ.get("PATH_INFO", "")))
        headers = [
            *cache_headers.items(),
            *added.items(),
            *form.get("headers", {}).items(),
            *security_headers(self.hsts_seconds, environ.get("wsgi.url_scheme") == "https").items(),
            (REQUEST_ID_HEADER, environ_request_id(environ)),
        ]
        if parse_etags(environ.get("HTTP_IF_NONE_MATCH")).contains_weak(etag):
            start_response("304 NOT MODIFIED", [header for header in headers if header[0] != "Content-Encoding"])
            return []
        headers += [("Content-Type", form["content_type"]), ("Content-Length", str(len(form["body"])))]
        start_response("200 OK", headers)
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [form["body"]]

    def stored(self, environ):
        """The stored form of the page this request may be sent; None to let the app answer."""
        request_ = BaseRequest(environ)
        if len(request_.query_string) > 256 or any(name in request_.cookies for name in self.cookies):
            return None
        key = f"{_page_key(request_, self.language)}#{preferred_encoding(request_)}"
        try:
            generation, form = self.backend.get_many(GENERATION_KEY, key)
        except Exception:
            log.exception("page cache: lookup failed")
            return None
        if form is None or form["generation"] != generation or form["expires"] <= utcnow().timestamp():
            return None
        return form


@event.listens_for(Session, "before_flush")
def _note_flushed_changes(session_, _context, _instances):
    for obj in (*session_.dirty, *session_.deleted, *session_.new):
        table = getattr(obj, "__tablename__", None)
        if table in PUBLIC_TABLES and (obj not in session_.new or getattr(obj, "public_when_new", True)):
            mark_pages_changed(session_)
            return


@event.listens_for(Session, "do_orm_execute")
def _note_executed_changes(state):
    statement = state.statement
    if not isinstance(statement, UpdateBase):
        return
    table = getattr(statement.table, "name", None)
    if table in PUBLIC_TABLES and not (table in QUIET_INSERTS and isinstance(statement, Insert)):
        mark_pages_changed(state.session)


@event.listens_for(Session, "after_commit")
def _new_generation_after_commit(session_):
    if session_.info.pop(_CHANGED, False):
        new_generation()
        public_content_changed.send(session_)


@event.listens_for(Session, "after_rollback")
def _forget_rolled_back_changes(session_):
    session_.info.pop(_CHANGED, None)
