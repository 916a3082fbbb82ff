"""The opinion form under gunicorn, with the worker classes the README runs it with (gthread, and gevent: its
group commit's writer and the database drivers then run on cooperative threads)."""

import fcntl
import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest
from sqlalchemy import select

from consult.feedback.models import Feedback
from tests.conftest import hidden_fields
from tests.feedback.test_views import valid_form

GUNICORN = Path(sys.executable).parent / "gunicorn"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def served(request, database_url, tmp_path):
    """Start gunicorn (2 workers of the class given by the test's parameter) on the test database; yield its port."""
    port = free_port()
    env = dict(
        os.environ,
        CONSULT_ENV="development",
        SECRET_KEY="s" * 64,
        DATABASE_URL=database_url,
        CONSULT_INSTANCE=str(tmp_path),
        FEEDBACK_MIN_FILL_SECONDS="0",
        FEEDBACK_DRAFT_CACHE_SECONDS="0",
    )
    env.pop("REDIS_URL", None)
    log = tmp_path / "gunicorn.log"
    with log.open("wb") as errors:
        process = subprocess.Popen(
            [
                str(GUNICORN),
                "--workers",
                "2",
                "--worker-class",
                request.param,
                "--threads",
                "4",
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
                "consult:create_app()",
            ],
            cwd=Path(__file__).resolve().parent.parent,
            env=env,
            stderr=errors,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert process.poll() is None, log.read_text()[-3000:]
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.1)
        yield port
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def call(port, method, path, body=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response, response.read().decode()
    finally:
        connection.close()


@pytest.mark.server
@pytest.mark.parametrize("served", ["gthread", "gevent"], indirect=True)
def test_an_opinion_sent_twice_at_once_under_gunicorn_is_stored_once_grouped(served, db, open_draft):
    page, html = call(served, "GET", f"/drafts/{open_draft.slug}/feedback")
    assert page.status == 200
    cookie = page.getheader("Set-Cookie").split(";")[0]
    body = urlencode({**hidden_fields(html), **valid_form()}).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
    answers = []

    def send():
        response, _ = call(served, "POST", f"/drafts/{open_draft.slug}/feedback", body, headers)
        answers.append((response.status, response.getheader("Location")))

    clicks = [threading.Thread(target=send) for _ in range(2)]  # a double click: the same form twice at once
    for click in clicks:
        click.start()
    for click in clicks:
        click.join(timeout=60)

    db.session.rollback()
    stored = db.session.scalars(select(Feedback)).all()
    assert len(stored) == 1 and stored[0].flags == []  # written once, grouped (never "grouping pending")
    assert answers == [(302, f"/receipts/{stored[0].receipt_code}")] * 2
    receipt, text = call(served, "GET", answers[0][1])
    assert receipt.status == 200 and stored[0].receipt_code in text and "Chờ kiểm duyệt" in text


@pytest.mark.parametrize(("redis", "warned"), [(None, True), ("redis://127.0.0.1:6379/13", False)])
def test_gevent_workers_running_jobs_in_the_web_process_are_warned_at_start(database_url, tmp_path, redis, warned):
    env = dict(
        os.environ,
        CONSULT_ENV="development",
        SECRET_KEY="s" * 64,
        DATABASE_URL=database_url,
        CONSULT_INSTANCE=str(tmp_path),
    )
    env.pop("REDIS_URL", None)
    if redis:
        env["REDIS_URL"] = redis  # jobs then go to RQ workers
    script = "from gevent import monkey\nmonkey.patch_all()\nfrom consult import create_app\ncreate_app()\n"

    started = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert started.returncode == 0, started.stderr[-3000:]
    assert ("a report file or a summary then holds its whole worker" in started.stderr) is warned


def test_on_gevent_a_writer_waiting_for_the_sqlite_file_lock_leaves_the_other_requests_running(tmp_path):
    """The writers of opinions queue on a file lock (consult.database.sqlite_writer_lock); waiting for it must not stop a
    gevent worker's event loop, which serves every other request of that worker."""
    lock_path = tmp_path / "bench.sqlite3.writer-lock"
    lock_path.touch()
    script = (
        "from gevent import monkey\nmonkey.patch_all()\nimport fcntl, os, sys, gevent\n"
        "from consult.concurrency import blocking\n"
        "fd = os.open(sys.argv[1], os.O_RDWR)\n"
        "waiter = gevent.spawn(blocking, fcntl.flock, fd, fcntl.LOCK_EX)\n"
        "ticks = []\n"
        "def tick():\n    for _ in range(20):\n        ticks.append(1)\n        gevent.sleep(0.01)\n"
        "gevent.spawn(tick).join()\n"
        "print(len(ticks), waiter.ready(), flush=True)\n"
        "os._exit(0)\n"  # the waiting thread of gevent's pool still holds the lock request
    )
    with lock_path.open("a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # another process writing
        try:
            waited = subprocess.run(
                [sys.executable, "-c", script, str(lock_path)],
                capture_output=True,
                text=True,
                timeout=20,
                cwd=Path(__file__).resolve().parent.parent,
            )
        finally:
            fcntl.flock(held, fcntl.LOCK_UN)

    assert waited.stdout.split() == ["20", "False"], waited.stderr[-2000:]


@pytest.mark.parametrize(
    ("database_address", "worker_class"),
    [("postgresql://consult@db/consult", "gevent"), ("sqlite:///instance/consult.sqlite3", "gthread")],
)
def test_make_serve_runs_postgresql_on_gevent_and_sqlite_on_gthread(database_address, worker_class):
    """gthread workers on PostgreSQL were seen to crash when fresh and busy (README: Production)."""
    command = subprocess.run(
        ["make", "--dry-run", "serve", f"DATABASE_URL={database_address}"],
        cwd=Path(__file__).resolve().parent.parent,
        env={key: value for key, value in os.environ.items() if key not in ("WORKER_CLASS", "REDIS_URL")},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert f"--worker-class {worker_class} " in command
