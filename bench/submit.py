"""Benchmark: citizens sending opinions through the real form under gunicorn (2 workers), with a baseline.

For each database (SQLite file, and PostgreSQL when reachable) it starts Consult under gunicorn with 2 gthread
workers on a fresh migrated database holding one open draft, lets every simulated citizen open the form (own
session, CSRF and form token), waits the minimum fill time, then sends all forms concurrently, one in ten of them
twice at the same moment (a double click). It prints one line per database:

  database=sqlite accepted_per_s=N lost=N duplicated=N baseline_hello_per_s=N

`baseline_hello_per_s` is a bare Flask app returning "hello" under the same gunicorn settings, loaded by the same
client in the same run. The per-client rate limit is raised for the run (every simulated citizen comes from
127.0.0.1); the per-contact limit, CSRF, the honeypot and the fill-time check stay on.
"""

import argparse
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HELLO_APP = "from flask import Flask\napp = Flask(__name__)\n\n@app.route('/')\ndef hello():\n    return 'hello'\n"
HIDDEN = re.compile(r'<input[^>]*name="(csrf_token|form_token)"[^>]*value="([^"]*)"|<input[^>]*value="([^"]*)"[^>]*name="(csrf_token|form_token)"')


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(app_spec, port, env, cwd):
    """Start gunicorn with 2 gthread workers and wait until it answers."""
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "--workers", "2", "--worker-class", "gthread", "--threads", "8",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning", app_spec],
        cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )
    for _ in range(200):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/")
            connection.getresponse().read()
            return process
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError(f"gunicorn did not start: {process.stderr.read().decode()[-2000:]}")


def stop(process):
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=20)


def run_threads(jobs, threads, port):
    """Run callables(connection) on `threads` threads with one keep-alive connection each; return seconds."""
    lock, index = threading.Lock(), [0]

    def worker():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while True:
            with lock:
                if index[0] >= len(jobs):
                    return
                job = jobs[index[0]]
                index[0] += 1
            job(connection)

    started = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return time.perf_counter() - started


def request(connection, method, path, body=None, headers=None):
    """Send one request on a keep-alive connection (reconnecting once if the server closed it)."""
    for attempt in range(2):
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response, response.read()
        except (http.client.HTTPException, OSError):
            connection.close()
            if attempt:
                raise
    raise AssertionError("unreachable")


def baseline(threads, count):
    """Requests per second of a bare Flask app under the same gunicorn settings."""
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "hello.py").write_text(HELLO_APP)
        port = free_port()
        process = start_gunicorn("hello:app", port, dict(os.environ), folder)
        try:
            jobs = [lambda c: request(c, "GET", "/")] * count
            seconds = run_threads(jobs, threads, port)
        finally:
            stop(process)
    return count / seconds


def prepare_database(url, env):
    """Migrate a fresh database and create one open draft; return its slug."""
    script = (
        "from flask_migrate import upgrade\n"
        "from consult import create_app\nfrom consult.extensions import db\n"
        "from consult.agency.models import Agency\nfrom consult.drafts.services import create_draft\n"
        "from consult.database import utcnow\nfrom datetime import timedelta\nfrom sqlalchemy import text\n"
        "app = create_app()\n"
        "with app.app_context():\n"
        "    if db.engine.dialect.name == 'postgresql':\n"
        "        with db.engine.begin() as c:\n"
        "            c.execute(text('DROP SCHEMA public CASCADE')); c.execute(text('CREATE SCHEMA public'))\n"
        "    upgrade()\n"
        "    agency = Agency(slug='bench', name='Cơ quan thử nghiệm', kind='other'); db.session.add(agency)\n"
        "    now = utcnow()\n"
        "    draft = create_draft(None, agency, {'title': 'Dự thảo thử nghiệm hiệu năng', 'doc_type': 'plan',\n"
        "        'opens_at': now - timedelta(days=1), 'closes_at': now + timedelta(days=30)},\n"
        "        'Điều 1. Phạm vi\\nNội dung.\\nĐiều 2. Đối tượng\\n1. Cơ quan.\\n2. Người dân.')\n"
        "    draft.status = 'open'; db.session.commit(); print(draft.slug)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    return result.stdout.strip().splitlines()[-1]


def count_rows(env):
    """Return (opinions, distinct submission ids) in the database."""
    script = (
        "from consult import create_app\nfrom consult.extensions import db\nfrom sqlalchemy import text\n"
        "app = create_app()\nwith app.app_context():\n"
        "    print(db.session.execute(text('SELECT count(*), count(DISTINCT submission_id) FROM feedback')).one())\n"
    )
    out = subprocess.run([sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    rows, distinct = re.findall(r"\d+", out.stdout.strip().splitlines()[-1])
    return int(rows), int(distinct)


def run(database, url, forms, threads, hello):
    """Benchmark one database and print its line."""
    with tempfile.TemporaryDirectory() as folder:
        env = dict(os.environ, CONSULT_ENV="development", SECRET_KEY="b" * 64, CONSULT_INSTANCE=folder,
                   DATABASE_URL=url or f"sqlite:///{folder}/bench.sqlite3", FEEDBACK_MIN_FILL_SECONDS="2",
                   FEEDBACK_RATE_LIMIT_CLIENT="1000000 per minute", CONSULT_ATTACHMENT_DIR=folder)
        slug = prepare_database(url, env)
        port = free_port()
        process = start_gunicorn("consult:create_app()", port, env, ROOT)
        try:
            prepared = []

            def open_form(number):
                def job(connection):
                    response, body = request(connection, "GET", f"/drafts/{slug}/feedback")
                    cookie = response.getheader("Set-Cookie", "").split(";")[0]
                    fields = {m[0] or m[3]: m[1] or m[2] for m in HIDDEN.findall(body.decode())}
                    prepared.append((number, cookie, fields))
                return job

            run_threads([open_form(n) for n in range(forms)], threads, port)
            time.sleep(2.1)  # the minimum fill time a person needs
            statuses, lock = [], threading.Lock()

            def send(number, cookie, fields):
                data = {**fields, "target": "2.1", "stance": "support", "author_kind": "individual",
                        "content": f"Ý kiến số {number}: đề nghị làm rõ trách nhiệm của cơ quan tại khoản 1.",
                        "author_name": f"Người dân {number}", "locality": "ha-noi",
                        "contact": f"nguoidan{number}@example.vn", "consent_terms": "y"}
                body = urlencode(data)

                def job(connection):
                    response, _ = request(connection, "POST", f"/drafts/{slug}/feedback", body=body, headers={
                        "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
                    with lock:
                        statuses.append(response.status)
                return job

            jobs = []
            for number, cookie, fields in prepared:
                jobs.append(send(number, cookie, fields))
                if number % 10 == 0:
                    jobs.append(send(number, cookie, fields))  # a double click: the same form again at once
            seconds = run_threads(jobs, threads, port)
        finally:
            stop(process)
        rows, distinct = count_rows(env)
        answered = statuses.count(302)  # a receipt, for first sends and double clicks alike
        # Accepted opinions are the distinct ones stored: a double click answered with the same receipt is not
        # counted twice.
        print(f"database={database} forms={forms} posts={len(jobs)} accepted_per_s={distinct / seconds:.0f} "
              f"lost={forms - distinct} duplicated={rows - distinct} baseline_hello_per_s={hello:.0f} "
              f"posts_per_s={len(jobs) / seconds:.0f} non_302={len(statuses) - answered}", flush=True)


def postgres_url():
    """Return the PostgreSQL URL to use if a server answers, else None."""
    url = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
    try:
        socket.create_connection(("127.0.0.1", 5432), timeout=1).close()
        return url
    except OSError:
        return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forms", type=int, default=2000)
    parser.add_argument("--threads", type=int, default=16)
    args = parser.parse_args()
    hello = baseline(args.threads, args.forms)
    run("sqlite", None, args.forms, args.threads, hello)
    url = postgres_url()
    if url:
        run("postgresql", url, args.forms, args.threads, hello)
    else:
        print("database=postgresql skipped: no server on 127.0.0.1:5432")


if __name__ == "__main__":
    main()
