"""What the API's public pages show changes: heard from PostgreSQL (LISTEN/NOTIFY) instead of read at each request.

Triggers (migration 0036) send a notification on the channel CHANNEL from every transaction that changes what a
page of approved opinions shows: an approved opinion added, changed or removed, or one approved or unapproved; a
draft, version, article or clause changed; an answer or its text changed. A transaction sends one notification
however many rows it changes, and only when it commits. An opinion sent and waiting for moderation sends none.

Each process listens on its own connection, in a background thread (a cooperative one under gevent), and counts
what it hears: `version()` is that count, a key under which a page may be kept. This buys issue 16's "opinions
list >= 30% of a bare Flask hello's requests/s" on PostgreSQL, where the one aggregate statement per request that
named the state of a draft's opinions (consult.api.queries.opinions_state) held the page to 21% (docs/benchmarks.md,
07/12/2026).

Freshness: a change shows once its notification has reached the process, milliseconds after the commit. While the
listener is not connected (starting, the server restarted), `version()` is None and callers read the state from
the database as before; each (re)connection starts a new version, since anything may have changed meanwhile.
"""

import logging
import os
import threading
import time

import psycopg

from consult.extensions import db

CHANNEL = "consult_public_opinions"
RETRY_SECONDS = 1.0

log = logging.getLogger(__name__)


class ChangeListener:
    """Counts the notifications of CHANNEL heard on a connection of its own (one per process)."""

    def __init__(self, conninfo):
        self.conninfo = conninfo
        self._count = 0
        self._listening = False
        self._owner = None  # the process that started the thread (a forked worker starts its own)
        self._lock = threading.Lock()
        self._stop = threading.Event()

    def version(self):
        """Return the number of changes heard so far, or None when not listening (then read the database)."""
        if self._owner != os.getpid():
            self._start()
        return self._count if self._listening else None

    def _start(self):
        with self._lock:
            if self._owner == os.getpid():
                return
            self._owner = os.getpid()
            self._listening = False
            self._stop.clear()
            threading.Thread(target=self._listen_forever, name="consult-change-listener", daemon=True).start()

    def stop(self):
        """Stop listening (tests; a process that ends stops anyway)."""
        self._stop.set()

    def _listen_forever(self):
        while not self._stop.is_set():
            try:
                self._listen()
            except Exception:  # the server restarted or the network failed: read the database meanwhile, retry
                log.warning("change listener: connection lost; retrying in %.0f s", RETRY_SECONDS, exc_info=True)
            self._listening = False
            self._stop.wait(RETRY_SECONDS)

    def _listen(self):
        with psycopg.connect(self.conninfo, autocommit=True, connect_timeout=5) as connection:
            connection.execute(f"LISTEN {CHANNEL}")
            self._heard()  # whatever changed before this LISTEN: a new version
            self._listening = True
            while not self._stop.is_set():
                for _notification in connection.notifies(timeout=1.0):
                    self._heard()

    def _heard(self):
        self._count += 1  # one writer (this thread); readers see the old or the new number, both valid keys


def listener_for(app):
    """Return the app's ChangeListener (call within its context), or None when the database is not PostgreSQL or
    API_CHANGE_SIGNAL is off."""
    listener = app.extensions.get("consult_change_listener", False)
    if listener is False:
        listener = None
        url = db.engine.url
        if app.config.get("API_CHANGE_SIGNAL") and url.get_backend_name() == "postgresql":
            listener = ChangeListener(url.set(drivername="postgresql").render_as_string(hide_password=False))
        app.extensions["consult_change_listener"] = listener
    return listener


def wait_listening(listener, seconds=5.0):
    """Wait until the listener listens (tests, benchmarks); return whether it does."""
    deadline = time.monotonic() + seconds
    while listener.version() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    return listener.version() is not None
