"""Benchmark: reading public pages under gunicorn as in production, cache off and on, against bare Flask.

For each database (SQLite file, and PostgreSQL when reachable) it loads the demo data and the 2013 Constitution
(tests/fixtures/legal, 120 articles, published as a draft), starts Consult under gunicorn with 2 workers (gevent
on PostgreSQL with Redis, as in production; gthread × 16 on SQLite, as `make serve` chooses), once with the page
cache off and once on (in Redis), and sends each page N times from C keep-alive connections of a light client
(bench/submit.py's: asyncio, requests built beforehand) that asks for gzip as browsers do, in R rounds after a
warm-up, keeping the best round. A bare Flask "hello" app under the same gunicorn settings, measured the same way in
the same run, is the baseline. One line per page:

  page=draft database=sqlite cache=on per_s=X ratio_to_hello=R bytes=B gzip_bytes=G p95_ms=P

`bytes` is the HTML, `gzip_bytes` what was sent. A last line per database checks conditional requests: the demo
draft page asked again with its ETag must be answered 304. Dated results: docs/benchmarks.md.

  .venv/bin/python bench/read.py [--requests 2000] [--clients 32] [--rounds 3] [--database sqlite|postgresql|both]
"""

import argparse
import gzip
import http.client
import os
import subprocess
import sys
import tempfile
from pathlib import Path

# bench/submit.py first, while this folder is still on sys.path (it imports common, which takes the folder off)
from submit import GUNICORN, HELLO_APP, free_port, percentile, postgres_url, raw_request, send_all, start_gunicorn, stop

# isort: split
from common import BENCH_REDIS

ROOT = Path(__file__).resolve().parent.parent
CONSTITUTION = ROOT / "tests" / "fixtures" / "legal" / "hien-phap-2013.txt"
BROWSER = {"Accept-Encoding": "gzip, deflate", "Accept-Language": "vi"}

PREPARE = """
import sys
from datetime import timedelta
from pathlib import Path
from flask_migrate import upgrade
from sqlalchemy import select, text
from consult import create_app
from consult.agency.models import Agency
from consult.database import utcnow
from consult.demo import load_demo
from consult.drafts.models import Draft
from consult.drafts.services import create_draft
from consult.extensions import db

app = create_app()
with app.app_context():
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    upgrade()
    load_demo()
    demo = db.session.scalars(select(Draft).where(Draft.status == "open").order_by(Draft.id)).first()
    agency = db.session.scalars(select(Agency).order_by(Agency.id)).first()
    now = utcnow()
    values = {"title": "Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam (bản thử nghiệm)", "doc_type": "law",
              "opens_at": now - timedelta(days=1), "closes_at": now + timedelta(days=60)}
    law = create_draft(None, agency, values, Path(sys.argv[1]).read_text(encoding="utf-8"))
    law.status = "open"
    db.session.commit()
    number = demo.articles[len(demo.articles) // 2].number
    print(demo.slug, number, law.slug)
    if db.engine.dialect.name == "postgresql":  # statistics, as a database in service has them (not autovacuum
        db.session.close()                      # running beside the first pages measured)
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
"""


def prepare(env):
    """Migrate a fresh database, load the demo and the Constitution; return (demo slug, an article, law slug)."""
    result = subprocess.run(
        [sys.executable, "-c", PREPARE, str(CONSTITUTION)], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if result.returncode:
        raise RuntimeError(result.stderr[-3000:])
    demo, number, law = result.stdout.split()[-3:]
    return demo, int(number), law


def fetch(port, path, headers):
    """GET a page once; return (status, headers, body)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def measure(port, path, requests, clients, rounds, headers=BROWSER):
    """Return (per second, p95 ms, body bytes, bytes sent) of `requests` GETs of `path` as a browser asks (or with
    these `headers`): the best of `rounds` rounds, after a warm-up (one round on a shared 2-core machine can stall
    for a moment). Every answer must have the status of the first."""
    # With the Host of the client's prebuilt requests (submit.raw_request): a page may hold addresses built on it.
    expected, answer_headers, sent = fetch(port, path, dict(headers, Host="127.0.0.1"))
    if expected not in (200, 304):
        raise RuntimeError(f"{path} answered {expected}")
    html = gzip.decompress(sent) if answer_headers.get("Content-Encoding") == "gzip" else sent
    send_all([raw_request("GET", path, headers=headers)] * min(requests, 50), clients, port)  # warm
    best = None
    for _round in range(rounds):
        seconds, statuses, waits = send_all([raw_request("GET", path, headers=headers)] * requests, clients, port)
        if set(statuses) != {expected}:
            raise RuntimeError(f"{path}: statuses {sorted(set(statuses))}")
        if best is None or seconds < best[0]:
            best = (seconds, percentile(waits, 95))
    return requests / best[0], best[1], len(html), len(sent)


def hello_per_s(requests, clients, rounds):
    """Requests per second of a bare Flask "hello" under the same gunicorn settings: the best of `rounds` rounds,
    after a warm-up, as for the pages."""
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "hello.py").write_text(HELLO_APP)
        port = free_port()
        process = start_gunicorn("hello:app", port, dict(os.environ), folder)
        try:
            send_all([raw_request("GET", "/")] * min(requests, 50), clients, port)
            return max(
                requests / send_all([raw_request("GET", "/")] * requests, clients, port)[0] for _ in range(rounds)
            )
        finally:
            stop(process)


def run(database, url, requests, clients, rounds):
    """Benchmark every page of one database with the cache off, then on; print a line per page."""
    with tempfile.TemporaryDirectory() as folder:
        env = dict(
            os.environ,
            CONSULT_ENV="production",
            SECRET_KEY="r" * 64,
            DATABASE_URL=url or f"sqlite:///{folder}/read.sqlite3",
            CONSULT_ATTACHMENT_DIR=folder,
            CONSULT_REPORTS_DIR=folder,
            CONSULT_OPEN_DATA_DIR=folder,
            SESSION_COOKIE_SECURE="0",
            RATELIMIT_ENABLED="0",
            LOG_LEVEL="WARNING",
        )
        env.pop("REDIS_URL", None)
        demo, number, law = prepare(env)
        GUNICORN.update(worker_class="gevent" if database == "postgresql" else "gthread")
        hello = hello_per_s(requests, clients, rounds)
        print(
            f"database={database} worker_class={GUNICORN['worker_class']} rounds={rounds} hello_per_s={hello:.0f}",
            flush=True,
        )
        pages = {
            "home": "/",
            "draft": f"/drafts/{demo}",
            "article": f"/drafts/{demo}/articles/{number}",
            "constitution": f"/drafts/{law}",  # its contents: 120 articles are read part by part
            "constitution_part": f"/drafts/{law}/parts/2",  # chapter II's first 18 articles
            "search": "/search?q=v%E1%BB%89a+h%C3%A8",  # "vỉa hè"
        }
        for cache in ("off", "on"):
            cached = dict(env, PAGE_CACHE_ENABLED="1" if cache == "on" else "0", PAGE_CACHE_REDIS_URL=BENCH_REDIS)
            cached["PAGE_CACHE_PREFIX"] = f"bench-read-{os.getpid()}:"
            port = free_port()
            process = start_gunicorn("consult:create_app()", port, cached, ROOT)
            try:
                for page, path in pages.items():
                    per_s, p95, size, sent = measure(port, path, requests, clients, rounds)
                    print(
                        f"page={page} database={database} cache={cache} per_s={per_s:.0f} "
                        f"ratio_to_hello={per_s / hello:.3f} bytes={size} gzip_bytes={sent} p95_ms={p95:.1f}",
                        flush=True,
                    )
                if cache == "on":
                    _, headers, _ = fetch(port, pages["draft"], BROWSER)
                    status, _, _ = fetch(port, pages["draft"], dict(BROWSER, **{"If-None-Match": headers["ETag"]}))
                    print(f"page=draft database={database} cache=on conditional_status={status}", flush=True)
            finally:
                stop(process)


def main(run=run, doc=None, requests=2000, clients=32):
    """Parse the options shared by bench/read.py and bench/api.py and run `run` (this script's by default) on each
    database asked for."""
    parser = argparse.ArgumentParser(description=(doc or __doc__).splitlines()[0])
    parser.add_argument("--requests", type=int, default=requests)
    parser.add_argument("--clients", type=int, default=clients)
    parser.add_argument("--rounds", type=int, default=3, help="rounds per request (and for hello); the best is kept")
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/bench")
    args = parser.parse_args()
    if args.database in ("sqlite", "both"):
        run("sqlite", None, args.requests, args.clients, args.rounds)
    if args.database in ("postgresql", "both"):
        url = postgres_url(args.postgres)
        if url is None:
            print("database=postgresql skipped: not reachable")
        else:
            run("postgresql", url, args.requests, args.clients, args.rounds)


if __name__ == "__main__":
    main()
