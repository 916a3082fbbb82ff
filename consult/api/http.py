"""How the API answers over HTTP, whatever the operation: conditional GETs (ETag, 304) that any cache may keep a
minute, no session cookie read or set, and CORS headers on every address under /api/. Lists marked `@public_page`
(agencies, a draft's opinions and answers) are kept by the page cache as pages are, and sent by its front with the
same headers."""

from flask import request
from flask.sessions import SecureCookieSessionInterface

from consult.api import bp
from consult.errors import API_PATHS
from consult.pagecache import add_front_headers

MAX_AGE = 60  # seconds any cache may reuse an answer without asking again (with its ETag afterwards)
PAGES = {"api.reference_page"}  # pages for people under /api/, with the site's session (signed-in menu, language)

# Browsers may read the API from any site: it is public, and takes no cookie.
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, Link, Retry-After",
}
PREFLIGHT_HEADERS = {
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Accept-Language, If-None-Match",
    "Access-Control-Max-Age": "86400",
}


class SessionInterface(SecureCookieSessionInterface):
    """Flask's cookie session, except under /api/ (its pages for people aside): there the session is a null one, so
    no answer reads or sets the cookie, nor says Vary: Cookie (Flask-Login looks at the session after every request);
    a shared cache keeps one copy of an answer for everyone, and a write to the session there fails loudly."""

    def open_session(self, app, request):
        """Return a null session for the API, else the cookie's session."""
        if request.path.startswith(API_PATHS) and request.endpoint not in PAGES:
            return self.make_null_session(app)
        return super().open_session(app, request)


def register_api(app):
    """Mount the API, with its cookieless session and its CORS headers on every address under /api/."""
    from consult.api import scoreboard, summaries, views  # noqa: F401  (their routes are on the blueprint)

    if type(app.session_interface) is not SecureCookieSessionInterface:
        raise RuntimeError("consult.api replaces Flask's default session interface, but another one is set")
    app.session_interface = SessionInterface()
    app.register_blueprint(bp)
    app.after_request(allow_cross_origin)
    add_front_headers(app, front_headers)


@bp.after_request
def conditional(response):
    """Give a JSON answer to a GET its ETag and Cache-Control (unless the page cache gave them), and answer 304 when
    the client holds it already."""
    if request.method in ("GET", "HEAD") and response.status_code == 200 and response.mimetype == "application/json":
        response.add_etag()  # not over the page cache's
        response.headers.setdefault("Cache-Control", f"public, max-age={MAX_AGE}")
        response.make_conditional(request)
    return response


def front_headers(path):
    """What the app's hooks add to an answer under /api/, for the page cache's front to add to a stored one: CORS,
    and Vary without Cookie (the API has no session)."""
    if not path.startswith(API_PATHS):
        return {}
    return {"Vary": "Accept-Encoding", **CORS_HEADERS}


def allow_cross_origin(response):
    """Let pages of any site read the API's answers, errors included (an app-wide hook, so that addresses under /api/
    that match no route get them too)."""
    if request.path.startswith(API_PATHS):
        response.headers.update(CORS_HEADERS)
        if request.method == "OPTIONS":
            response.headers.update(PREFLIGHT_HEADERS)
    return response
