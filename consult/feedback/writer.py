"""The opinion form's writer: the opinions sent to one web process at the same moment are stored in one transaction.

Each web process has one writer thread. A request checks its form, hands the row to the writer and waits; the
writer takes every row waiting (up to MAX_BATCH), stores them with store_opinions (the function every other way
of storing an opinion uses) and commits once, then gives each request its receipt. Nothing is acknowledged early:
a request answers with a receipt only after the commit that holds its opinion. At a quiet moment a batch is one
opinion, written at once; the more opinions arrive together, the more one commit carries.

This is the one faster path of storing an opinion, kept for its figure: bench/submit.py on PostgreSQL (gunicorn,
2 gevent workers, 64 clients; docs/benchmarks.md, 04/12/2026) stored 1.5 to 1.8 times as many opinions a second
through the writer as with each request storing and committing its own.

If a batch fails on what it holds (an opinion the database refuses, two writers storing the same forms at the
same moment), its opinions are stored again one at a time, so one bad opinion never fails another; if the
database cannot be reached, every request of the batch is told at once.
"""

import queue
import threading

from flask import current_app

from consult.database import sqlite_writer_lock
from consult.extensions import db
from consult.feedback.store import store_opinions

MAX_BATCH = 200  # opinions in one transaction
IDLE_SECONDS = 30  # the writer thread ends after this long without an opinion; the next one starts it again
ANSWER_SECONDS = 120  # a request gives up waiting after this long (the writer answers every row, error or not)


class _Sent:
    """One opinion waiting for the writer: its row, then its receipt or the error that kept it out."""

    __slots__ = ("done", "error", "receipt", "row")

    def __init__(self, row):
        self.row, self.done, self.receipt, self.error = row, threading.Event(), None, None

    def answer(self, receipt=None, error=None):
        self.receipt, self.error = receipt, error
        self.done.set()


class OpinionWriter:
    """The writer of one app in this process (see the module's docstring)."""

    def __init__(self, app):
        self.app = app
        self.waiting = queue.SimpleQueue()
        self.lock = threading.Lock()
        self.thread = None
        self.batches = 0  # transactions committed or tried (tests read it)

    def store(self, row):
        """Store an opinion row (from opinion_row) with the others sent meanwhile; return its Receipt once
        committed, or raise what kept it out."""
        sent = _Sent(row)
        self.waiting.put(sent)
        with self.lock:
            if self.thread is None:
                self.thread = threading.Thread(target=self._run, name="consult-opinion-writer", daemon=True)
                self.thread.start()
        if not sent.done.wait(ANSWER_SECONDS):
            raise RuntimeError("the opinion writer did not answer")
        if sent.error is not None:
            raise sent.error
        return sent.receipt

    def _run(self):
        """Write batches until the queue has stayed empty for IDLE_SECONDS."""
        while True:
            try:
                batch = [self.waiting.get(timeout=IDLE_SECONDS)]
            except queue.Empty:
                with self.lock:  # a row put after this check finds no thread and starts one
                    if self.waiting.empty():
                        self.thread = None
                        return
                continue
            while len(batch) < MAX_BATCH:
                try:
                    batch.append(self.waiting.get_nowait())
                except queue.Empty:
                    break
            with self.app.app_context():
                try:
                    self._write(batch)
                finally:
                    db.session.remove()

    def _write(self, batch):
        """Store a batch in one transaction, or its opinions one at a time if the batch fails on what it holds."""
        # In submission id order: two processes storing the same forms (a double click reaching both) take the
        # unique index's locks in the same order, and one waits for the other instead of deadlocking.
        batch = sorted(batch, key=lambda sent: sent.row["submission_id"] or "")
        self.batches += 1
        try:
            with sqlite_writer_lock():
                receipts = store_opinions([sent.row for sent in batch])
                db.session.commit()
        except BaseException as error:  # noqa: BLE001 - every request must get an answer
            db.session.rollback()
            if len(batch) == 1 or getattr(error, "connection_invalidated", False):
                for sent in batch:
                    sent.answer(error=error)
                return
            current_app.logger.warning(
                "A batch of %d opinions failed (%s); storing them one at a time", len(batch), type(error).__name__
            )
            for sent in batch:
                self._write([sent])
            return
        for sent, receipt in zip(batch, receipts, strict=True):
            sent.answer(receipt)


def opinion_writer():
    """Return this process's writer for the current app (made on first use)."""
    extensions = current_app.extensions
    writer = extensions.get("consult_opinion_writer")
    if writer is None:
        with _made:
            writer = extensions.setdefault("consult_opinion_writer", OpinionWriter(current_app._get_current_object()))
    return writer


_made = threading.Lock()
