"""Logging, configured once per process: one line per event, each carrying the id of the request it belongs to.

The root logger gets one handler writing to stderr: text for people (development, tests), JSON lines for log
collectors (production; LOG_FORMAT overrides). Whatever logs through the standard library ends there: the app,
SQLAlchemy, Werkzeug, and RQ's workers (RQ adds its own handler only when the root logger has none). Gunicorn keeps
its own handlers for its access and error logs.

The request id is the X-Request-ID header's (set by the proxy in front) when it is a sane token, else a new one;
the response carries it back, so the proxy's log, a client's report and our lines can be matched. A client may send
the header itself: the id only serves to find lines, and a token of at most 64 letters, digits and ._- cannot
forge one.
"""

import logging
import re
import sys
import uuid

from flask import has_request_context, request
from flask.logging import default_handler
from pythonjsonlogger.json import JsonFormatter

HEADER = "X-Request-ID"
_ENVIRON_KEY = "consult.request_id"
_SANE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
TEXT_FORMAT = "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"
JSON_FIELDS = "{levelname}{name}{request_id}{message}"  # with "time", and any `extra=` given to the call


def register_logging(app):
    """Send every log record to one stderr handler in the app's format and level; tag requests with an id."""
    handler = _root_handler()
    handler.setFormatter(json_formatter() if app.config["LOG_FORMAT"] == "json" else logging.Formatter(TEXT_FORMAT))
    logging.getLogger().setLevel(app.config["LOG_LEVEL"])
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)  # a line per plugin at every start
    # Flask gives its logger a handler of its own when no handler was set up yet: records would be written twice.
    app.logger.removeHandler(default_handler)
    app.after_request(_send_request_id)


def json_formatter():
    """Return the formatter of JSON lines: time (UTC, ISO 8601), level, logger, request_id, message."""
    return JsonFormatter(
        JSON_FIELDS,
        style="{",
        timestamp="time",
        json_ensure_ascii=False,
        rename_fields={"levelname": "level", "name": "logger"},
    )


def request_id():
    """Return the current request's id (the client's X-Request-ID when sane, else a new one); None outside one."""
    if not has_request_context():
        return None
    return environ_request_id(request.environ)  # the request's own, where `g` may outlive it (an app context)


def environ_request_id(environ):
    """Return the id of the request of this WSGI environ, chosen on the first call (outside Flask too)."""
    if _ENVIRON_KEY not in environ:
        given = environ.get("HTTP_X_REQUEST_ID", "")
        environ[_ENVIRON_KEY] = given if _SANE_ID.fullmatch(given) else uuid.uuid4().hex
    return environ[_ENVIRON_KEY]


def _send_request_id(response):
    """Tell the client (and the proxy's log) which id this request's log lines carry."""
    response.headers[HEADER] = request_id()
    return response


class _RequestIdFilter(logging.Filter):
    """Give each record the id of the request it was logged in ("-" outside requests)."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = request_id() or "-"
        return True


class _StderrHandler(logging.StreamHandler):
    """Write to whatever sys.stderr is when a record comes (pytest swaps it between tests)."""

    def __init__(self):
        super().__init__(sys.stderr)

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value):
        pass


def _root_handler():
    """Return the root logger's Consult handler, added on the first call only (create_app runs once per test)."""
    root = logging.getLogger()
    for handler in root.handlers:
        if isinstance(handler, _StderrHandler):
            return handler
    handler = _StderrHandler()
    handler.addFilter(_RequestIdFilter())
    root.addHandler(handler)
    return handler
