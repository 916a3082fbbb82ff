"""Error pages in the visitor's language, JSON for clients that ask for it."""

import time

from flask import jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from consult.extensions import db, limiter


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


def render_error(code, message=None):
    """Render an error as HTML or JSON with the right status."""
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
        return render_error(error.code)

    @app.errorhandler(Exception)
    def unexpected_error(error):
        db.session.rollback()
        if app.testing and not app.config.get("RENDER_500_IN_TESTS"):
            raise error
        app.logger.exception("Unhandled error")
        return render_error(500)
