"""CPU cost of one sent opinion, measured in-process at the WSGI level (repeatable on a loaded machine).

Wall-clock throughput (bench/submit.py) depends on what else the machine runs; the CPU time the application
spends per POST does not, much. This driver builds the WSGI environs of N sent forms beforehand (each with its
own form token and contact, all in one session holding the CSRF token), then calls the application with each and
reads the whole response, timing the loop with time.process_time (every thread: the form's writer, which stores
and groups the opinions, included). The same loop over a bare Flask "hello" app gives the floor of any Flask
request. It prints, per database:

  hello_cpu_ms=Y
  database=sqlite rate_limits=redis posts=N cpu_ms_per_post=X wall_ms_per_post=W stored=N refused=N

Wall time (one client, no concurrency) adds what the CPU clock does not see, such as a commit's fsync. Rate limits
are kept in Redis as in production (--rate-limit-storage), and the app is set up as a gunicorn worker would set it
up (the project's post_worker_init hook). `--profile FILE` writes a cProfile of the POST loop. The database
server's own CPU (PostgreSQL) is not counted. Dated results: docs/benchmarks.md.
"""

import argparse
import cProfile
import io
import os
import pstats
import re
import runpy
import tempfile
import time
from pathlib import Path

from common import BENCH_REDIS, empty_and_migrate, rate_limit_storage, storage_name  # first: project on sys.path

from flask import Flask
from werkzeug.test import EnvironBuilder

ROOT = Path(__file__).resolve().parent.parent
HIDDEN = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]*)"')


def run_loop(app, environs):
    """Call the WSGI app with every environ, reading every response; return (CPU seconds, wall seconds, statuses)."""
    statuses = []

    def start_response(status, headers, exc_info=None):
        statuses.append(int(status[:3]))

    started, wall = time.process_time(), time.perf_counter()
    for environ in environs:
        body = app(environ, start_response)
        for _chunk in body:
            pass
        if hasattr(body, "close"):
            body.close()
    return time.process_time() - started, time.perf_counter() - wall, statuses


def hello_cost(count):
    """CPU seconds per request of a bare Flask app through the same loop."""
    hello = Flask("hello")
    hello.add_url_rule("/", "hello", lambda: "hello")
    environs = [EnvironBuilder(path="/").get_environ() for _ in range(count)]
    run_loop(hello, environs[:50])
    seconds, _, _ = run_loop(hello, environs)
    return seconds / count


def prepare(url):
    """Return the app on a fresh migrated database holding one open draft, and the draft's slug."""
    from datetime import timedelta

    from consult import create_app
    from consult.agency.models import Agency
    from consult.database import utcnow
    from consult.drafts.services import create_draft
    from consult.extensions import db

    app = create_app()
    with app.app_context():
        empty_and_migrate()
        agency = Agency(slug="bench", name="Cơ quan thử nghiệm", kind="other")
        db.session.add(agency)
        now = utcnow()
        draft = create_draft(
            None,
            agency,
            {
                "title": "Dự thảo thử nghiệm hiệu năng",
                "doc_type": "plan",
                "opens_at": now - timedelta(days=1),
                "closes_at": now + timedelta(days=30),
            },
            "Điều 1. Phạm vi\nNội dung.\nĐiều 2. Đối tượng\n1. Cơ quan.\n2. Người dân.",
        )
        draft.status = "open"
        db.session.commit()
        slug = draft.slug
        db.session.remove()
    return app, slug


def post_environs(app, slug, count, start):
    """Build the environs of `count` sent forms in one session (CSRF token from a real GET)."""
    from consult.feedback.guards import issue_form_token

    client = app.test_client()
    page = client.get(f"/drafts/{slug}/feedback").get_data(as_text=True)
    csrf = HIDDEN.search(page).group(1)
    cookie = client.get_cookie("session")
    environs = []
    with app.test_request_context():
        for number in range(start, start + count):
            data = {
                "csrf_token": csrf,
                "form_token": issue_form_token(time.time() - 60),
                "target": "2.1",
                "stance": "support",
                "author_kind": "individual",
                "locality": "ha-noi",
                "content": f"Ý kiến số {number}: đề nghị làm rõ trách nhiệm của cơ quan tại khoản 1.",
                "author_name": f"Người dân {number}",
                "contact": f"nguoidan{number}@example.vn",
                "consent_terms": "y",
            }
            environ = EnvironBuilder(
                path=f"/drafts/{slug}/feedback", method="POST", data=data, headers={"Cookie": f"session={cookie.value}"}
            ).get_environ()
            environ["wsgi.input"] = io.BytesIO(environ["wsgi.input"].read())
            environs.append(environ)
    return environs


def worker_ready():
    """Do what gunicorn does once a worker has loaded the app: the project's post_worker_init hook, if any."""
    conf = ROOT / "gunicorn.conf.py"
    if conf.exists():
        namespace = runpy.run_path(str(conf))
        if "post_worker_init" in namespace:
            namespace["post_worker_init"](None)


def measure(database, url, count, profile, limits):
    """Print the CPU cost per POST on one database."""
    limits = rate_limit_storage(limits)
    with tempfile.TemporaryDirectory() as folder:
        os.environ.update(
            CONSULT_ENV="development",
            SECRET_KEY="b" * 64,
            CONSULT_INSTANCE=folder,
            DATABASE_URL=url or f"sqlite:///{folder}/bench.sqlite3",
            FEEDBACK_MIN_FILL_SECONDS="2",
            FEEDBACK_RATE_LIMIT_CLIENT="1000000 per minute",
            CONSULT_ATTACHMENT_DIR=folder,
            RATELIMIT_STORAGE_URI=limits,
        )
        app, slug = prepare(url)
        warm = post_environs(app, slug, 50, 0)
        environs = post_environs(app, slug, count, 50)
        run_loop(app, warm)
        worker_ready()
        profiler = cProfile.Profile(time.process_time) if profile else None
        if profiler:
            profiler.enable()
        seconds, wall, statuses = run_loop(app, environs)
        if profiler:
            profiler.disable()
            profiler.dump_stats(f"{profile}.{database}")
            calls = pstats.Stats(profiler).total_calls
            print(f"database={database} python_calls_per_post={calls / count:.0f} (cProfile; repeatable under load)")
        from sqlalchemy import text

        from consult.extensions import db

        with app.app_context():
            stored = db.session.execute(text("SELECT count(*) FROM feedback")).scalar()
            db.engine.dispose()
        refused = len([status for status in statuses if status != 302])
        print(
            f"database={database} rate_limits={storage_name(limits)} posts={count} "
            f"cpu_ms_per_post={seconds / count * 1000:.3f} "
            f"wall_ms_per_post={wall / count * 1000:.3f} stored={stored - 50} refused={refused}",
            flush=True,
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument(
        "--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
    )
    parser.add_argument("--profile", help="write a cProfile of the POST loop to FILE.<database>")
    parser.add_argument(
        "--rate-limit-storage",
        help=f"RATELIMIT_STORAGE_URI (default: {BENCH_REDIS}, emptied "
        "first, as in production; memory:// when no Redis answers)",
    )
    args = parser.parse_args()
    print(f"hello_cpu_ms={hello_cost(args.posts * 2) * 1000:.3f}", flush=True)
    if args.database in ("sqlite", "both"):
        measure("sqlite", None, args.posts, args.profile, args.rate_limit_storage)
    if args.database in ("postgresql", "both"):
        measure("postgresql", args.postgres_url, args.posts, args.profile, args.rate_limit_storage)


if __name__ == "__main__":
    main()
