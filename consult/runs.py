"""What report runs and summary runs share: their states and columns, the claim, progress writes, the outcome.

A run is a row asked for on a page and worked on by a background job (consult.jobs). The job claims it (only
once: a second delivery of the job, an RQ retry or a second worker, leaves it alone), writes its progress to the
row on a connection of its own so the page can follow it, and records how it ended: done, or failed with the
error kept for staff. A run that makes no progress for REPORT_STALE_SECONDS is taken as dead (its worker was
killed): the page shows it as failed, it may be asked for again, and a late delivery of its job may claim it.
"""

import time
from datetime import datetime, timedelta

from flask import current_app, make_response
from sqlalchemy import ForeignKey, Integer, String, Text, and_, or_, update
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from consult.database import UTCDateTime, utcnow
from consult.extensions import db

PROGRESS_INTERVAL = 0.5  # seconds between two progress writes
REFRESH_SECONDS = 3  # how often a page reloads itself while a run it shows is in progress


class RunStatus:
    """Where a run stands."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    ACTIVE = (QUEUED, RUNNING)


class RunMixin:
    """The columns every run has: state, progress, who asked, when, and the error of a failed run."""

    status: Mapped[str] = mapped_column(String(10), default=RunStatus.QUEUED)
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str] = mapped_column(Text, default="")  # for staff and logs; the page shows a fixed message
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @declared_attr
    def requested_by(cls):
        return relationship("User")

    @property
    def in_progress(self):
        """Return whether the run is queued or running and still alive (see stale_seconds)."""
        return self.status in RunStatus.ACTIVE and not self.is_stale(stale_seconds())

    def is_stale(self, stale_seconds, now=None):
        """Return whether an active run has made no progress for `stale_seconds` (its worker died)."""
        if self.status not in RunStatus.ACTIVE:
            return False
        return (now or utcnow()) - self.updated_at > timedelta(seconds=stale_seconds)

    @property
    def percent(self):
        """Return how far the run is, 0 to 100."""
        if self.status == RunStatus.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0


def stale_seconds():
    """Return the seconds without progress after which an active run is taken as dead."""
    return current_app.config["REPORT_STALE_SECONDS"]


def with_refresh(page, runs):
    """Ask the browser to reload `page` while one of `runs` is in progress (a Refresh header: no JavaScript)."""
    response = make_response(page)
    if any(run is not None and run.in_progress for run in runs):
        response.headers["Refresh"] = str(REFRESH_SECONDS)
    return response


def claim_run(model, run_id):
    """Mark a queued run (or a running one gone silent) as running and commit; return whether this job got it."""
    now = utcnow()
    silent = now - timedelta(seconds=stale_seconds())
    claimable = or_(
        model.status == RunStatus.QUEUED, and_(model.status == RunStatus.RUNNING, model.updated_at < silent)
    )
    started = db.session.execute(
        update(model)
        .where(model.id == run_id, claimable)
        .values(status=RunStatus.RUNNING, started_at=now, updated_at=now, done=0, total=0)
    ).rowcount
    db.session.commit()
    return bool(started)


def execute_run(model, run_id, work):
    """The body of a run's job: claim it, call `work(run)`, record it as done with the values `work` returns
    (set in the job's own transaction, so they commit together with what `work` wrote), or as failed."""
    with current_app.app_context():  # a fresh session: the job must not touch the caller's
        try:
            if not claim_run(model, run_id):
                return
            try:
                values = work(db.session.get(model, run_id)) or {}
            except Exception as error:
                db.session.rollback()
                current_app.logger.exception("%s %s failed", model.__name__, run_id)
                _set(
                    model,
                    run_id,
                    status=RunStatus.FAILED,
                    error=f"{type(error).__name__}: {error}"[:2000],
                    finished_at=utcnow(),
                )
                db.session.commit()
                return
            _set(model, run_id, status=RunStatus.DONE, finished_at=utcnow(), **values)
            db.session.commit()
        finally:
            db.session.remove()


def _set(model, run_id, **values):
    """Update one run's row in the current session."""
    db.session.execute(update(model).where(model.id == run_id).values(updated_at=utcnow(), **values))


def progress_writer(model, run_id, **fixed):
    """Return progress(done, total) writing to the run's row on its own connection, at most twice a second
    (the first call and the last, done == total, always); `fixed` values (e.g. the step) are written each time.

    Its own connection and transaction: the job's session goes on undisturbed, and the page sees each write at
    once. Not to be used while the job's session holds a write on SQLite, which allows one writer at a time.
    """
    last = [None]
    table = model.__table__

    def progress(done, total):
        now = time.monotonic()
        if last[0] is not None and now - last[0] < PROGRESS_INTERVAL and done < total:
            return
        last[0] = now
        with db.engine.begin() as connection:
            connection.execute(
                update(table).where(table.c.id == run_id).values(done=done, total=total, updated_at=utcnow(), **fixed)
            )

    return progress
