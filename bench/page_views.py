"""Benchmark: what counting a page view costs the page cache's front, in process (no server, no client: the machine
is shared, and a gunicorn run's noise is larger than a few microseconds).

A demo draft page is stored in the in-process cache (SimpleCache, SQLite), then its stored form is asked N times
through the app's whole WSGI stack as a browser asks (gzip, a phone's User-Agent), once with the page view counter
and once without it (app.extensions["page_views"] removed), alternating R times; the best of each is kept. A bare
Flask "hello" called the same way is the scale. Then the writes: how long one batch upsert of a day's counts takes.

  per_request_us_without=A per_request_us_with=B counting_us=B-A counter_call_us=C hello_us=H
  flush_ms=F views_per_flush=V

  .venv/bin/python bench/page_views.py [--requests 20000] [--rounds 5] [--database-url URL]
"""

import argparse
import tempfile
import time

import common

from flask import Flask
from werkzeug.test import EnvironBuilder

BROWSER = {"Accept-Encoding": "gzip, deflate", "User-Agent": "Mozilla/5.0 (Linux; Android 14) Mobile Safari/537.36"}


def per_request_us(wsgi_app, environ, requests):
    """Microseconds per call of `wsgi_app` on copies of `environ`, its body read."""

    def start_response(_status, _headers):
        return None

    started = time.perf_counter()
    for _ in range(requests):
        for _chunk in wsgi_app(dict(environ), start_response):
            pass
    return (time.perf_counter() - started) / requests * 1e6


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--database-url")
    args = parser.parse_args()

    from consult import create_app
    from consult.demo import load_demo
    from consult.extensions import db
    from consult.statistics.counting import flush_page_views
    from tests.conftest import _testing_config

    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{folder}/views.sqlite3"
        settings = {"PAGE_CACHE_REDIS_URL": None, "PAGE_VIEWS_FLUSH_VIEWS": 10**9, "PAGE_VIEWS_FLUSH_SECONDS": 10**6}
        app = create_app(_testing_config(url, **settings))  # the in-process cache; counts kept until the end
        with app.app_context():
            common.empty_and_migrate()
            load_demo()
            db.session.commit()
            slug = db.session.execute(db.text("SELECT slug FROM draft WHERE status = 'open'")).scalar()
            db.session.remove()
        environ = EnvironBuilder(path=f"/drafts/{slug}", headers=BROWSER).get_environ()
        counter = app.extensions.pop("page_views")
        app.test_client().get(f"/drafts/{slug}", headers=BROWSER)  # rendered and stored (not counted)
        hello = Flask("hello")
        hello.route("/")(lambda: "hello")
        hello_environ = EnvironBuilder(path="/", headers=BROWSER).get_environ()

        without, with_, bare = [], [], []
        for _ in range(args.rounds):
            app.extensions.pop("page_views", None)
            without.append(per_request_us(app.wsgi_app, environ, args.requests))
            app.extensions["page_views"] = counter
            with_.append(per_request_us(app.wsgi_app, environ, args.requests))
            bare.append(per_request_us(hello.wsgi_app, hello_environ, args.requests))
        views = sum(counter.counts.values())
        assert views == args.requests * args.rounds, "every front-served page counted"
        calls = []  # the counter's own cost, steadier on a busy machine than the difference of two loops
        for _ in range(args.rounds):
            started = time.perf_counter()
            for _ in range(args.requests):
                counter(1, environ)
            calls.append((time.perf_counter() - started) / args.requests * 1e6)
        views += args.requests * args.rounds
        started = time.perf_counter()
        flush_page_views(app)
        flush_ms = (time.perf_counter() - started) * 1000
        print(
            f"per_request_us_without={min(without):.1f} per_request_us_with={min(with_):.1f} "
            f"counting_us={min(with_) - min(without):.2f} counter_call_us={min(calls):.2f} hello_us={min(bare):.1f}",
            flush=True,
        )
        print(f"flush_ms={flush_ms:.1f} views_per_flush={views}", flush=True)
        with app.app_context():
            db.engine.dispose()


if __name__ == "__main__":
    main()
