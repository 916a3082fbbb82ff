"""Benchmark: citizens sending opinions through the real form under gunicorn (2 workers), with a baseline.

For each database (SQLite file, and PostgreSQL when reachable) it starts Consult under gunicorn with 2 workers
(gevent, as the README runs it in production; --worker-class gthread for the other setting) on a fresh migrated
database holding one open draft, lets every simulated citizen open the form (own session, CSRF and form token),
waits the minimum fill time, then sends all forms concurrently, one in ten of them twice at the same moment (a
double click). It prints one line per database:

  database=postgresql worker_class=gevent rate_limits=redis … accepted_per_s=N lost=N duplicated=N
  baseline_hello_per_s=N …

`baseline_hello_per_s` is a bare Flask app returning "hello" under the same gunicorn settings, loaded by the same
client in the same run. Rate limits are kept in Redis as in production (--rate-limit-storage; in-process memory
when no Redis answers). The per-client limit is raised for the run (every simulated citizen comes from 127.0.0.1);
the per-contact limit, CSRF, the honeypot and the fill-time check stay on.

The timed phases use a light client (asyncio on one thread, requests built before the clock starts, responses read
by Content-Length), since client and server share the machine's cores. Accepted opinions are counted in the
database afterwards: distinct submission ids stored (a double click answered with the same receipt counts once;
refused posts are never counted), `lost` the forms without a stored opinion, `duplicated` the extra rows.
Every form sent is a near copy of the others, so `ungrouped_after_1s` counts the opinions left out of every group a
second after the last answer. It also prints the CPU time per POST of gunicorn (master and workers), of the
PostgreSQL server's processes and of this client (Linux /proc), gunicorn's per baseline request, and the 50th, 95th
and 99th percentiles of the time each POST waited for its answer. Dated results: docs/benchmarks.md.
"""

import argparse
import asyncio
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

from common import BENCH_REDIS, rate_limit_storage, storage_name  # first: puts the project on sys.path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HELLO_APP = "from flask import Flask\napp = Flask(__name__)\n\n@app.route('/')\ndef hello():\n    return 'hello'\n"
HIDDEN = re.compile(
    r'<input[^>]*name="(csrf_token|form_token)"[^>]*value="([^"]*)"|<input[^>]*value="([^"]*)"[^>]*name="(csrf_token|form_token)"'
)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


GUNICORN = {"worker_class": "gevent", "threads": "16"}  # --worker-class and --worker-threads change them


def start_gunicorn(app_spec, port, env, cwd):
    """Start gunicorn with 2 workers (gevent by default) and wait until it answers.

    Its errors go to a temporary file (a pipe nobody reads would stop the server once full)."""
    # Open for gunicorn's whole life (closed when the bench ends): BENCH_GUNICORN_LOG keeps it to read afterwards.
    log = os.environ.get("BENCH_GUNICORN_LOG")
    errors = open(log, "w+b") if log else tempfile.TemporaryFile()  # noqa: SIM115
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "--workers",
            "2",
            "--worker-class",
            GUNICORN["worker_class"],
            "--threads",
            GUNICORN["threads"],
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            app_spec,
        ],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=errors,
        start_new_session=True,
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
    errors.seek(0)
    raise RuntimeError(f"gunicorn did not start: {errors.read().decode()[-2000:]}")


def group_cpu_seconds(process):
    """Return the CPU seconds (user + system) used so far by gunicorn's master and workers (Linux /proc).

    On a machine shared with other work, the server's CPU time per opinion moves much less than throughput.
    """
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue  # the process ended meanwhile
        if int(fields[2]) == process.pid:  # the process group gunicorn leads (start_new_session)
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def postgres_cpu_seconds():
    """Return the CPU seconds used so far by the PostgreSQL server's processes on this machine (Linux /proc), or 0.

    The bench's client, gunicorn and the database share the machine's cores: what each takes per opinion shows
    where they go.
    """
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            name, _, rest = stat.read_text().partition(" (")[2].rpartition(")")
        except OSError:
            continue
        if name == "postgres":
            fields = rest.split()
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


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


def raw_request(method, path, body=b"", headers=None):
    """Return the bytes of one HTTP/1.1 keep-alive request, built before the clock starts."""
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", f"Content-Length: {len(body)}"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


async def _send_all(requests, clients, port):
    """Send prebuilt requests on `clients` keep-alive connections; return the status and the seconds from sending
    to the last byte of the answer of each, in order."""
    statuses, waits, index = [None] * len(requests), [None] * len(requests), iter(range(len(requests)))

    async def client():
        reader = writer = None
        for number in index:
            sent = time.perf_counter()
            for attempt in range(2):
                try:
                    if writer is None:
                        reader, writer = await asyncio.open_connection("127.0.0.1", port)
                    writer.write(requests[number])
                    head = await reader.readuntil(b"\r\n\r\n")
                    break
                except (OSError, asyncio.IncompleteReadError):
                    writer, reader = None, None
                    if attempt:
                        raise
            lines = head.decode("latin-1").split("\r\n")
            headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
            await reader.readexactly(int(headers.get("content-length", 0)))
            statuses[number], waits[number] = int(lines[0].split()[1]), time.perf_counter() - sent
            if headers.get("connection", "").lower() == "close":
                writer.close()
                writer = reader = None
        if writer is not None:
            writer.close()

    await asyncio.gather(*(client() for _ in range(clients)))
    return statuses, waits


def send_all(requests, clients, port):
    """Send prebuilt requests concurrently with a light client (one thread, asyncio); return (seconds, statuses,
    seconds each request waited for its answer).

    The client runs on the same two cores as the server: http.client on 16 threads spent a good part of them
    building and parsing requests. Requests are built beforehand and responses are read by Content-Length.
    """
    started = time.perf_counter()
    statuses, waits = asyncio.run(_send_all(requests, clients, port))
    return time.perf_counter() - started, statuses, waits


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


HELLO_CPU = []  # server CPU seconds per request of the baseline


def baseline(threads, count):
    """Requests per second of a bare Flask app under the same gunicorn settings."""
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "hello.py").write_text(HELLO_APP)
        port = free_port()
        process = start_gunicorn("hello:app", port, dict(os.environ), folder)
        try:
            cpu_before = group_cpu_seconds(process)
            seconds, _, _ = send_all([raw_request("GET", "/")] * count, threads, port)
            HELLO_CPU.append((group_cpu_seconds(process) - cpu_before) / count)
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
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    return result.stdout.strip().splitlines()[-1]


def count_rows(env):
    """Return (opinions, distinct submission ids, opinions in no group of two or more) in the database.

    Every form the bench sends is a near copy of the others ("Ý kiến số N: …"), so an opinion left out of every
    group was not grouped.
    """
    script = (
        "from consult import create_app\nfrom consult.extensions import db\nfrom sqlalchemy import text\n"
        "app = create_app()\nwith app.app_context():\n"
        "    print(db.session.execute(text('SELECT count(*), count(DISTINCT submission_id), count(*) FILTER (WHERE '\n"
        "          'duplicate_group_id IS NULL AND id NOT IN (SELECT duplicate_group_id FROM feedback '\n"
        "          'WHERE duplicate_group_id IS NOT NULL)) FROM feedback')).one())\n"
    )
    out = subprocess.run([sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    rows, distinct, ungrouped = re.findall(r"\d+", out.stdout.strip().splitlines()[-1])
    return int(rows), int(distinct), int(ungrouped)


def run(database, url, forms, threads, hello, limits):
    """Benchmark one database and print its line."""
    limits = rate_limit_storage(limits)
    with tempfile.TemporaryDirectory() as folder:
        env = dict(
            os.environ,
            CONSULT_ENV="development",
            SECRET_KEY="b" * 64,
            CONSULT_INSTANCE=folder,
            DATABASE_URL=url or f"sqlite:///{folder}/bench.sqlite3",
            FEEDBACK_MIN_FILL_SECONDS="2",
            FEEDBACK_RATE_LIMIT_CLIENT="1000000 per minute",
            CONSULT_ATTACHMENT_DIR=folder,
            RATELIMIT_STORAGE_URI=limits,
        )
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
            posts = []
            for number, cookie, fields in prepared:
                data = {
                    **fields,
                    "target": "2.1",
                    "stance": "support",
                    "author_kind": "individual",
                    "content": f"Ý kiến số {number}: đề nghị làm rõ trách nhiệm của cơ quan tại khoản 1.",
                    "author_name": f"Người dân {number}",
                    "locality": "ha-noi",
                    "contact": f"nguoidan{number}@example.vn",
                    "consent_terms": "y",
                }
                post = raw_request(
                    "POST",
                    f"/drafts/{slug}/feedback",
                    urlencode(data).encode(),
                    {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
                )
                posts.append(post)
                if number % 10 == 0:
                    posts.append(post)  # a double click: the same form again at once
            cpu_before, client_before, database_before = (
                group_cpu_seconds(process),
                time.process_time(),
                postgres_cpu_seconds(),
            )
            seconds, statuses, waits = send_all(posts, threads, port)
            client_cpu = time.process_time() - client_before
            time.sleep(1)  # any work left after the responses (none expected) is counted too
            server_cpu = group_cpu_seconds(process) - cpu_before
            database_cpu = postgres_cpu_seconds() - database_before if url else 0
            rows, distinct, ungrouped = count_rows(env)
        finally:
            stop(process)
        answered = statuses.count(302)  # a receipt, for first sends and double clicks alike
        # Accepted opinions are the distinct ones stored: a double click answered with the same receipt is not
        # counted twice.
        print(
            f"database={database} worker_class={GUNICORN['worker_class']} rate_limits={storage_name(limits)} "
            f"forms={forms} posts={len(posts)} "
            f"accepted_per_s={distinct / seconds:.0f} "
            f"lost={forms - distinct} duplicated={rows - distinct} baseline_hello_per_s={hello:.0f} "
            f"posts_per_s={len(posts) / seconds:.0f} non_302={len(statuses) - answered} "
            f"ungrouped_after_1s={ungrouped} server_cpu_ms_per_post={server_cpu / len(posts) * 1000:.2f} "
            f"postgres_cpu_ms_per_post={database_cpu / len(posts) * 1000:.2f} "
            f"client_cpu_ms_per_post={client_cpu / len(posts) * 1000:.2f} "
            f"baseline_server_cpu_ms={HELLO_CPU[0] * 1000:.2f} "
            f"post_ms_p50={percentile(waits, 50):.0f} post_ms_p95={percentile(waits, 95):.0f} "
            f"post_ms_p99={percentile(waits, 99):.0f}",
            flush=True,
        )


def percentile(seconds, rank):
    """Return the rank-th percentile of durations in seconds, in milliseconds (nearest rank)."""
    ordered = sorted(seconds)
    return ordered[max(0, -(-len(ordered) * rank // 100) - 1)] * 1000


def postgres_url(url):
    """Return the PostgreSQL URL to use if a server answers, else None."""
    try:
        socket.create_connection(("127.0.0.1", 5432), timeout=1).close()
        return url
    except OSError:
        return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forms", type=int, default=2000)
    parser.add_argument("--threads", type=int, default=64, help="concurrent client connections (citizens sending)")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"),
        help="a database the bench may empty (its schema is dropped and migrated again)",
    )
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument(
        "--worker-class",
        default="gevent",
        help="gunicorn worker class (2 workers always): gevent as in production, or gthread",
    )
    parser.add_argument("--worker-threads", default="16", help="threads per gunicorn worker (gthread only)")
    parser.add_argument(
        "--rate-limit-storage",
        help=f"RATELIMIT_STORAGE_URI for the app (default: {BENCH_REDIS}, "
        "emptied first, as production keeps limits in Redis; memory:// when no Redis answers)",
    )
    args = parser.parse_args()
    GUNICORN.update(worker_class=args.worker_class, threads=args.worker_threads)
    hello = baseline(args.threads, args.forms)
    if args.database in ("sqlite", "both"):
        run("sqlite", None, args.forms, args.threads, hello, args.rate_limit_storage)
    url = postgres_url(args.postgres_url) if args.database in ("postgresql", "both") else None
    if url:
        run("postgresql", url, args.forms, args.threads, hello, args.rate_limit_storage)
    elif args.database != "sqlite":
        print("database=postgresql skipped: no server on 127.0.0.1:5432")


if __name__ == "__main__":
    main()
