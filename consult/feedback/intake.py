"""What sending the opinion form needs to know of a draft, read cheaply on the busiest endpoint.

A national consultation sends hundreds of opinions a second to one draft. Checking a sent form needs only the
draft's id, status, window and current version, so each worker keeps that snapshot for a few seconds
(FEEDBACK_DRAFT_CACHE_SECONDS) instead of loading the draft with the ORM on every POST. The window itself is
still decided by the clock on every request; only a change made by the agency (closing early, a new version)
reaches other workers up to that many seconds late. Pages that show the draft load it in full as before.
"""

import fcntl
import os
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import select

from consult.concurrency import blocking
from consult.drafts.models import Draft, DraftStatus, DraftVersion, Phase, window_phase
from consult.extensions import db


@dataclass(frozen=True)
class FormDraft:
    """A read-only snapshot of the draft an opinion is sent to."""

    id: int
    slug: str
    agency_id: int
    status: str
    opens_at: datetime
    closes_at: datetime
    current_version_id: int | None
    version_created_at: datetime | None
    participation: str

    def phase(self, now=None):
        """Return the Phase at `now`, by the same rule as Draft.phase."""
        return window_phase(self.status, self.opens_at, self.closes_at, now)

    def accepts_feedback(self, now=None):
        """Return whether citizens may comment at `now`."""
        return self.phase(now) == Phase.OPEN

    @property
    def is_public(self):
        """Unpublished drafts are seen only by their agency."""
        return self.status != DraftStatus.DRAFT


_lock = threading.Lock()


def form_draft(slug):
    """Return the FormDraft for this slug (from the worker's cache when fresh enough), or None."""
    ttl = current_app.config["FEEDBACK_DRAFT_CACHE_SECONDS"]
    cache = current_app.extensions.setdefault("consult_form_drafts", {})
    now = time.monotonic()
    cached = cache.get(slug)
    if ttl > 0 and cached is not None and cached[0] > now:
        return cached[1]
    row = db.session.execute(
        select(Draft.id, Draft.slug, Draft.agency_id, Draft.status, Draft.opens_at, Draft.closes_at,
               Draft.current_version_id, DraftVersion.created_at, Draft.participation)
        .outerjoin(DraftVersion, DraftVersion.id == Draft.current_version_id)
        .where(Draft.slug == slug)
    ).one_or_none()
    snapshot = FormDraft(*row) if row is not None else None
    if ttl > 0 and snapshot is not None:
        with _lock:
            if len(cache) > 10_000:  # many drafts must not grow the cache without end
                cache.clear()
            cache[slug] = (now + ttl, snapshot)
    return snapshot


_sqlite_writes = threading.RLock()  # re-entered by a job run at commit (JOBS_BACKEND=inline)
_held = {"depth": 0}  # how deep this process's writing thread is in one_writer_per_process (under the lock)
_lock_files = {}  # database file -> (process id, descriptor of its lock file)


@contextmanager
def one_writer_per_process():
    """On SQLite, let one thread of one process of the machine write opinions at a time.

    SQLite has one writer at a time; a connection that finds it busy sleeps 1, 2, 5, 10… ms before retrying,
    so the threads and workers of the server racing for it spend more time asleep than writing. Queued instead
    on a lock in the process, then on an exclusive lock of a file beside the database (flock, which wakes the
    next waiter the moment it is released), each writer starts as soon as the previous one commits.
    PostgreSQL writes concurrently and needs none of this.
    """
    if db.engine.dialect.name != "sqlite":
        yield
        return
    with _sqlite_writes:
        outermost = _held["depth"] == 0
        lock_file = _lock_file(db.engine.url.database) if outermost else None
        if lock_file is not None:
            try:
                fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:  # another process writes: wait (on gevent, the other requests go on meanwhile)
                blocking(fcntl.flock, lock_file, fcntl.LOCK_EX)
        _held["depth"] += 1
        try:
            yield
        finally:
            _held["depth"] -= 1
            if lock_file is not None:
                fcntl.flock(lock_file, fcntl.LOCK_UN)


def _lock_file(database):
    """Return this process's descriptor of the lock file of a SQLite database file (None for one in memory)."""
    if not database or database == ":memory:":
        return None
    opened = _lock_files.get(database)
    if opened is None or opened[0] != os.getpid():  # a forked process opens its own: flock locks follow the file
        opened = (os.getpid(), os.open(f"{database}.writer-lock", os.O_RDWR | os.O_CREAT, 0o600))  # open for life
        _lock_files[database] = opened
    return opened[1]


@contextmanager
def one_writer():
    """Take the write lock before the first read, so that what is read stays true until the commit: on SQLite
    BEGIN IMMEDIATE (other processes then wait, as for any write), and this process's other writers queue behind
    it (one_writer_per_process). PostgreSQL needs none of this: its readers lock the rows they will write."""
    with one_writer_per_process():
        connection = db.session.connection()
        if connection.dialect.name == "sqlite" and not connection.connection.dbapi_connection.in_transaction:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        yield
