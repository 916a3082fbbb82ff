"""Group commit: the opinions sent at the same moment are written in one transaction.

Under a flood of opinions each request would otherwise take a connection, run its own INSERT and wait for its own
commit: on SQLite the threads and processes of the web server queue for the one write lock (a connection that
finds it taken sleeps before trying again), and on PostgreSQL every commit flushes the log alone. Instead each
web process has one writer thread. A request checks and cleans its opinion, hands the row to the writer and
waits; the writer takes every row waiting (up to MAX_BATCH), checks them against submitter blocks and earlier
sends of the same forms in one query each, groups them with their earlier copies and near copies (a few queries
for the batch: consult.feedback.grouping.group_new), inserts them with one executemany, commits once and gives
each request its receipt. An opinion is thus written once, grouped: it is never "grouping pending".

Nothing is acknowledged early: a request answers with a receipt only after the commit that holds its opinion, so
a crash loses no opinion whose author was shown a receipt. At a quiet moment a batch is one opinion, written at
once; the more opinions arrive together, the more each commit carries.

The same form sent twice (a double click, a reload) is written once: in one batch, both requests get the receipt
of the one written; a form saved by an earlier batch is found by its submission id before the INSERT. A form
saved by another process at the same moment (a double click whose two requests reached both workers) fails the
batch's INSERT; the batch is then written again, finding that form saved. If that fails too (a receipt code
drawn twice), the batch is written one opinion at a time, as a lone request would be.
"""

import queue
import threading

from flask import current_app
from sqlalchemy.exc import IntegrityError, OperationalError

from consult.extensions import db
from consult.feedback.intake import one_writer
from consult.feedback.services import insert_grouped, is_conflict, new_receipt_code, saved_receipts, store_once

MAX_BATCH = 200  # opinions in one executemany and one commit
IDLE_SECONDS = 30  # the writer thread ends after this long without an opinion; the next one starts it again
ANSWER_SECONDS = 120  # a request gives up waiting after this long (the writer answers every row, error or not)


class _Sent:
    """One opinion waiting for the writer: its row, then its receipt or the error that kept it out."""

    __slots__ = ("row", "done", "receipt", "error")

    def __init__(self, row):
        self.row, self.done, self.receipt, self.error = row, threading.Event(), None, None

    def answer(self, receipt=None, error=None):
        self.receipt, self.error = receipt, error
        self.done.set()


class GroupCommit:
    """The writer of one app in this process (see the module's docstring)."""

    def __init__(self, app):
        self.app = app
        self.waiting = queue.SimpleQueue()
        self.lock = threading.Lock()
        self.thread = None
        self.batches = 0  # batches written since the writer was made (the tests read it)

    def store(self, row):
        """Write an opinion row (from opinion_row) with the others sent meanwhile; return its Receipt once
        committed, or raise what kept it out (the database down, for instance)."""
        sent = _Sent(row)
        self.waiting.put(sent)
        with self.lock:
            if self.thread is None:
                self.thread = threading.Thread(target=self._run, name="consult-group-commit", daemon=True)
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
                except BaseException as error:  # noqa: BLE001 - every request must get an answer
                    db.session.rollback()
                    for sent in batch:
                        if not sent.done.is_set():
                            sent.answer(error=error)
                finally:
                    db.session.remove()
            self.batches += 1

    def _write(self, batch):
        """Write one batch: one INSERT and one commit, or one opinion at a time if that INSERT is refused."""
        first = {}  # submission id -> the sent form written for it; its copies in the batch get its receipt
        for sent in batch:
            first.setdefault(sent.row["submission_id"] or id(sent), sent)
        written = list(dict.fromkeys(first.values()))
        receipts = None
        for _attempt in range(2):  # again once: a form saved by another process meanwhile is then found first
            try:
                receipts = self._write_together(written)
                break
            except (IntegrityError, OperationalError) as error:
                # That form (a double click reaching both workers), a code drawn twice, or PostgreSQL breaking a
                # deadlock between the two workers' batches; anything else is an answer for the requests.
                if not is_conflict(error):
                    raise
                db.session.rollback()
        if receipts is None:
            receipts = {id(sent): self._write_alone(sent.row) for sent in written}
        for sent in batch:
            form = first[sent.row["submission_id"] or id(sent)]
            receipt = receipts.get(form.row["submission_id"]) or receipts[id(form)]
            if isinstance(receipt, Exception):
                sent.answer(error=receipt)
            else:
                sent.answer(receipt)

    @staticmethod
    def _write_together(written):
        """Write the batch's forms in one transaction; return {submission id or id(sent): Receipt}."""
        with one_writer():
            receipts = saved_receipts([sent.row["submission_id"] for sent in written])  # resent forms
            # In submission id order: two workers inserting the same forms (a double click reaching both) then
            # take the unique index's locks in the same order, and one waits for the other instead of deadlocking.
            new = sorted((sent for sent in written if sent.row["submission_id"] not in receipts),
                         key=lambda sent: sent.row["submission_id"] or "")
            stored = insert_grouped(db.session.connection(), [sent.row for sent in new]) if new else []
            db.session.commit()
        receipts.update((id(sent), receipt) for sent, receipt in zip(new, stored))
        return receipts

    @staticmethod
    def _write_alone(row):
        """Write one opinion in its own transaction; return its Receipt (the earlier one for a form saved already),
        or the error that kept it out."""

        def write():
            with one_writer():
                receipt = insert_grouped(db.session.connection(), [row])[0]
                db.session.commit()
            return receipt

        def redraw():
            row["receipt_code"] = new_receipt_code()

        try:
            return store_once(write, row["submission_id"], redraw)
        except Exception as error:  # noqa: BLE001 - given to this row's request, the others go on
            db.session.rollback()
            return error


def group_commit():
    """Return this process's writer for the current app (made on first use)."""
    extensions = current_app.extensions
    writer = extensions.get("consult_group_commit")
    if writer is None:
        with _made:
            writer = extensions.setdefault("consult_group_commit", GroupCommit(current_app._get_current_object()))
    return writer


_made = threading.Lock()
