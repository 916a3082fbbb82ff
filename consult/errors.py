"""Error pages in the visitor's language, JSON for clients that ask for it, and problem documents (RFC 9457) for
every address of the JSON API."""

import time

from flask import jsonify, render_template, request
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

from consult.extensions import db, limiter
from consult.i18n import header_locale

API_PATHS = "/api/"  # every address under it answers errors as application/problem+json (consult.api)


def _messages():
    """Return the translated explanation of each status code."""
    return {
        400: _("The request could not be understood."),
        403: _("You do not have permission to see this page."),
        404: _("The page you asked for does not exist."),
        405: _("This action is not allowed here."),
        413: _("What you sent is too large."),
        429: _("Too many requests. Please wait a moment and try again."),
        500: _("Something went wrong on our side. Your request was not saved; please try again."),
    }


def wants_json():
    """Return whether the client prefers JSON to HTML."""
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]


def _titles():
    """Return the translated short title of each status code a problem document may have."""
    return {
        400: _("Bad request"),
        401: _("Unauthorized"),
        403: _("Forbidden"),
        404: _("Not found"),
        405: _("Method not allowed"),
        409: _("Conflict"),
        413: _("Request too large"),
        422: _("Unprocessable content"),
        429: _("Too many requests"),
        500: _("Server error"),
    }


class Problem(HTTPException):
    """An error of the JSON API, with what the client is told: `detail` (a message, lazily translated) and extension
    members such as invalid_params."""

    def __init__(self, code, detail, **extensions):
        super().__init__()
        self.code = code
        self.detail = detail
        self.extensions = extensions


def wants_problem():
    """Return whether the request is for the JSON API, whose errors are problem documents."""
    return request.path.startswith(API_PATHS)


def render_problem(code, detail=None, headers=None, **extensions):
    """Answer an error as an RFC 9457 problem document (application/problem+json), in the language of the client's
    Accept-Language: the API never reads the session, so its answers stay the same for every cookie."""
    with force_locale(header_locale()):
        body = {
            "type": "about:blank",
            "title": _titles().get(code) or HTTP_STATUS_CODES.get(code, ""),
            "status": code,
            "detail": str(detail or _messages().get(code, _messages()[500])),
            **extensions,
        }
        response = jsonify(body)
    response.mimetype = "application/problem+json"
    response.vary.add("Accept-Language")
    response.headers.extend(headers or {})
    return response, code


def render_error(code, message=None):
    """Render an error as HTML or JSON with the right status (a problem document under API_PATHS)."""
    if wants_problem():
        return render_problem(code, message)
    message = message or _messages().get(code, _messages()[500])
    if wants_json():
        return jsonify(error=code, message=message), code
    return render_template("errors/error.html", code=code, message=message), code


def retry_after_header():
    """Return {"Retry-After": seconds} for a request refused by a rate limit, or {} if unknown.

    Rate-limit headers are not sent on every response (RATELIMIT_HEADERS_ENABLED: reading the window from the
    storage costs every request a round trip); a refusal says when to come back.
    """
    breached = limiter.current_limit
    if breached is None or not breached.breached:
        return {}
    return {"Retry-After": str(max(1, int(breached.reset_at - time.time()) + 1))}


def register_error_handlers(app):
    """Handle HTTP errors, CSRF failures and unexpected exceptions."""

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(
            400, _("Your form expired or was sent from another site. Go back, reload the page and send it again.")
        )

    @app.errorhandler(429)
    def too_many_requests(error):
        page, status = render_error(429)
        return page, status, retry_after_header()

    @app.errorhandler(HTTPException)
    def http_error(error):
        if wants_problem():
            # A 405 keeps its Allow header; a Problem says what was wrong with this request.
            allow = [(name, value) for name, value in error.get_headers() if name == "Allow"]
            extensions = getattr(error, "extensions", {})
            return render_problem(error.code, getattr(error, "detail", None), headers=allow, **extensions)
        return render_error(error.code)

    @app.errorhandler(Exception)
    def unexpected_error(error):
        db.session.rollback()
        if app.testing and not app.config.get("RENDER_500_IN_TESTS"):
            raise error
        app.logger.exception("Unhandled error")
        return render_error(500)
