"""The form's writer: opinions sent at the same moment are stored in one transaction, each answered after its
commit; one bad opinion never fails the others."""

import subprocess
import sys
import threading
import time
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.exc import IntegrityError, OperationalError

from consult.database import sqlite_writer_lock
from consult.feedback import store as store_module
from consult.feedback import writer as writer_module
from consult.feedback.models import Feedback
from consult.feedback.store import opinion_row
from consult.feedback.writer import OpinionWriter, opinion_writer
from consult.grouping.models import FeedbackLshBand
from tests.conftest import post_form
from tests.feedback.opinion_set import FORM_LETTERS
from tests.feedback.test_views import valid_form

LETTER = FORM_LETTERS[0]
NEAR = LETTER.replace("quá cao", "rất cao") + " Xin cảm ơn."

VALUES = {
    "stance": "support",
    "content": "Đề nghị làm rõ trách nhiệm của Ủy ban nhân dân xã.",
    "author_name": "Nguyễn Văn Bình",
    "author_kind": "individual",
    "locality": "ha-noi",
    "contact": "binh@example.vn",
}


def row(draft, number, **changes):
    """Return the row of an opinion sent from form number `number`."""
    values = dict(VALUES, content=f"Ý kiến số {number}: đề nghị làm rõ trách nhiệm của xã.")
    return dict(opinion_row(draft, values, submission_id=f"form-{number}", consent_text="Đồng ý"), **changes)


@contextmanager
def database_write_locked(app):
    """Hold the database's write lock from another connection (as another process's long write would)."""
    engine = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            connection.execute(text("LOCK TABLE feedback IN EXCLUSIVE MODE"))
        try:
            yield
        finally:
            connection.rollback()
    engine.dispose()


def send_together(app, rows):
    """Send rows from one thread each: the first alone, taken by the writer, which then waits on the database's
    write lock held elsewhere; the others meanwhile, so that they make the next batch together. Return
    {index: Receipt or the error raised}."""
    writer = opinion_writer()
    answers = {}

    def send(index, values):
        try:
            answers[index] = writer.store(values)
        except Exception as error:  # noqa: BLE001 - the test looks at it
            answers[index] = error

    threads = [threading.Thread(target=send, args=(index, values)) for index, values in enumerate(rows)]
    batches = writer.batches
    with database_write_locked(app):
        threads[0].start()
        wait_until(lambda: writer.batches == batches + 1)  # the writer took the first row, and waits for the lock
        for thread in threads[1:]:
            thread.start()
        wait_until(lambda: writer.waiting.qsize() == len(rows) - 1)
    for thread in threads:
        thread.join(timeout=30)
    return answers


def wait_until(condition, seconds=3):  # below SQLite's busy timeout (5 s), which would fail the first batch
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def stored(db):
    db.session.rollback()  # see what the writer committed
    return db.session.execute(
        select(Feedback.id, Feedback.receipt_code, Feedback.submission_id).order_by(Feedback.id)
    ).all()


def test_opinions_sent_together_are_written_in_one_commit_and_each_gets_its_receipt(app, db, open_draft):
    rows = [row(open_draft, number) for number in range(12)]
    batches_before = opinion_writer().batches

    answers = send_together(app, rows)

    assert opinion_writer().batches - batches_before == 2
    saved = {item.submission_id: item for item in stored(db)}
    assert len(saved) == 12
    for index, values in enumerate(rows):
        receipt = answers[index]
        assert receipt.receipt_code == saved[values["submission_id"]].receipt_code
        assert receipt.status == "pending" and receipt.new
        assert receipt.id == saved[values["submission_id"]].id


def test_copies_sent_together_are_grouped_with_each_other_and_with_earlier_opinions(app, db, open_draft):
    letter = opinion_writer().store(row(open_draft, 0, content=LETTER))
    other = "Đề nghị bổ sung quy định về thời hạn trả lời ý kiến của người dân trong vòng mười lăm ngày làm việc."

    answers = send_together(
        app,
        [
            row(open_draft, 1, content="Một ý kiến khác hẳn về lệ phí."),
            row(open_draft, 2, content=LETTER),
            row(open_draft, 3, content=NEAR),
            row(open_draft, 4, content=other),
            row(open_draft, 5, content=other),
        ],
    )

    db.session.rollback()
    grouped = {item.receipt_code: item for item in db.session.scalars(select(Feedback))}
    first_other = grouped[answers[3].receipt_code]
    assert [
        (grouped[answer.receipt_code].duplicate_group_id, codes(grouped[answer.receipt_code]))
        for answer in (letter, *(answers[index] for index in range(5)))
    ] == [
        (None, []),
        (None, []),
        (letter.id, ["duplicate"]),
        (letter.id, ["near_duplicate"]),
        (None, []),
        (first_other.id, ["duplicate"]),
    ]
    assert grouped[answers[2].receipt_code].flags[0]["detail"].startswith(f"{letter.receipt_code} (")
    banded = set(db.session.scalars(select(FeedbackLshBand.representative_id).distinct()))
    assert banded == {letter.id, answers[0].id, first_other.id}  # each new group's bands, for later copies


def codes(feedback):
    return [flag["code"] for flag in feedback.flags]


def test_a_form_sent_twice_in_one_batch_is_written_once(app, db, open_draft):
    first, copy = row(open_draft, 1), row(open_draft, 1)  # a double click: the same form, its own receipt drawn

    answers = send_together(app, [row(open_draft, 0), first, copy])

    assert opinion_writer().batches == 2 and answers[1] == answers[2]
    assert [item.submission_id for item in stored(db)] == ["form-0", "form-1"]


def test_a_form_saved_by_an_earlier_batch_gets_the_receipt_it_was_given(db, open_draft):
    earlier = opinion_writer().store(row(open_draft, 1))

    resent = opinion_writer().store(row(open_draft, 1))
    other = opinion_writer().store(row(open_draft, 2))

    assert resent == earlier._replace(new=False) and other.receipt_code != earlier.receipt_code
    assert [item.submission_id for item in stored(db)] == ["form-1", "form-2"]


def test_a_form_stored_meanwhile_is_skipped_by_the_insert_and_found(app, db, open_draft, count_queries):
    """A double click reaching both workers, or a resend: the unique index skips the row; its receipt is read."""
    earlier = opinion_writer().store(row(open_draft, 1))

    answers = send_together(app, [row(open_draft, 2), row(open_draft, 1), row(open_draft, 3)])

    assert answers[1] == earlier._replace(new=False) and answers[0].new and answers[2].new
    assert [item.submission_id for item in stored(db)] == ["form-1", "form-2", "form-3"]


def test_a_receipt_code_drawn_twice_is_drawn_again(app, db, open_draft, monkeypatch):
    earlier = opinion_writer().store(row(open_draft, 1))
    draws = iter([earlier.receipt_code])
    new_code = store_module.new_receipt_code
    monkeypatch.setattr(store_module, "new_receipt_code", lambda: next(draws, None) or new_code())

    receipt = opinion_writer().store(row(open_draft, 2))

    codes = [item.receipt_code for item in stored(db)]
    assert len(codes) == 2 and len(set(codes)) == 2
    assert receipt.receipt_code != earlier.receipt_code and receipt.new


def test_an_opinion_the_database_refuses_fails_alone(app, db, open_draft):
    answers = send_together(app, [row(open_draft, 1), row(open_draft, 2, stance=None), row(open_draft, 3)])

    assert isinstance(answers[1], IntegrityError)
    assert answers[0].new and answers[2].new
    assert [item.submission_id for item in stored(db)] == ["form-1", "form-3"]


def test_when_the_database_is_gone_every_request_of_the_batch_is_told_at_once(app, db, open_draft, monkeypatch):
    writer, tries, answers = opinion_writer(), [], {}

    def database_gone(rows):
        tries.append(len(rows))
        if len(tries) == 1:  # the first batch fails once the two other forms wait: they make the next batch
            wait_until(lambda: writer.waiting.qsize() == 2)
        error = OperationalError("INSERT INTO feedback ...", {}, ConnectionError("server closed the connection"))
        error.connection_invalidated = True
        raise error

    rows = [row(open_draft, index) for index in range(3)]

    def send(index):
        try:
            answers[index] = writer.store(rows[index])
        except OperationalError as error:
            answers[index] = error

    monkeypatch.setattr(writer_module, "store_opinions", database_gone)
    threads = [threading.Thread(target=send, args=(index,)) for index in range(3)]
    threads[0].start()
    wait_until(lambda: tries)
    for thread in threads[1:]:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(answers) == [0, 1, 2] and all(isinstance(answer, OperationalError) for answer in answers.values())
    assert tries == [1, 2]  # no opinion tried again alone: the database is not there for any of them
    assert stored(db) == []


class TestOneConnection:
    """An app with one database connection in all: a request must give its own back before waiting."""

    @pytest.fixture
    def app_config(self):
        return {"SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": 1, "max_overflow": 0, "pool_timeout": 3}}

    def test_a_request_lends_its_connection_to_the_writer_while_it_waits(self, client, db, open_draft):
        response = post_form(client, f"/drafts/{open_draft.slug}/feedback", valid_form())

        assert response.status_code == 302, response.get_data(as_text=True)
        assert db.session.scalar(select(func.count(Feedback.id))) == 1


def test_two_workers_writing_the_same_forms_at_once_store_each_once(app, db, open_draft):
    """A double click can reach both workers: their writers then insert the same forms at the same moment."""
    workers = [OpinionWriter(app), OpinionWriter(app)]
    forms = [row(open_draft, number) for number in range(6)]
    answers = {}

    def send(worker, index, values):
        try:
            answers[(worker, index)] = workers[worker].store(dict(values))
        except Exception as error:  # noqa: BLE001 - the test looks at it
            answers[(worker, index)] = error

    # Each worker gets every form, in opposite orders, while another connection holds the write lock.
    threads = [
        threading.Thread(target=send, args=(worker, index, values))
        for worker, order in ((0, forms), (1, forms[::-1]))
        for index, values in enumerate(order)
    ]
    with database_write_locked(app):
        for thread in threads:
            thread.start()
        # Both writers hold a batch and wait for the lock, the rest of their forms queued behind it.
        wait_until(lambda: all(worker.batches >= 1 for worker in workers))
    for thread in threads:
        thread.join(timeout=60)

    assert not [answer for answer in answers.values() if isinstance(answer, Exception)]
    assert sorted(item.submission_id for item in stored(db)) == [f"form-{number}" for number in range(6)]
    codes = {answer.receipt_code for answer in answers.values()}
    assert codes == {item.receipt_code for item in stored(db)}  # both workers answered with the stored receipts


def test_sqlite_writers_of_every_process_take_turns_on_one_file_lock(app, db):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL writes concurrently: the file lock is SQLite's")
    lock_path = f"{db.engine.url.database}.writer-lock"
    try_lock = (
        "import fcntl, sys\nfile = open(sys.argv[1], 'a')\ntry:\n"
        "    fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)\nexcept BlockingIOError:\n    sys.exit(3)\n"
    )

    with sqlite_writer_lock():
        while_held = subprocess.run([sys.executable, "-c", try_lock, lock_path]).returncode
    after = subprocess.run([sys.executable, "-c", try_lock, lock_path]).returncode

    assert (while_held, after) == (3, 0)
