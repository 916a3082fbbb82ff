"""Benchmark: the JSON API's busiest read, a page of a draft's approved opinions, under gunicorn as in production,
against a bare Flask "hello" measured the same way in the same run (bench/read.py's server settings, client and
database: the demo and the 2013 Constitution).

One line per database, page cache setting and request:

  endpoint=opinions database=sqlite cache=off per_s=X ratio_to_hello=R bytes=B gzip_bytes=G p95_ms=P

`opinions` is `/api/v1/drafts/<demo>/opinions?limit=50`; `opinions_304` the same with the ETag of the answer in
If-None-Match (a client polling for changes); `draft` is `/api/v1/drafts/<demo>`. Each is measured with the page
cache off, then on (in Redis, as bench/read.py does: a list of opinions is then sent by the cache's front). Issue
16's targets: opinions at least 30% of hello with the cache off, 50% with it on. The whole-site dump is measured by
bench/opendata.py.

  .venv/bin/python bench/api.py [--requests 1000] [--clients 16] [--rounds 3] [--database sqlite|postgresql|both]
"""

import os
import tempfile

# bench/read.py first, while this folder is still on sys.path (it imports common, which takes the folder off)
from read import BROWSER, ROOT, fetch, hello_per_s, main, measure, prepare
from submit import GUNICORN, free_port, start_gunicorn, stop

# isort: split
from common import BENCH_REDIS


def run(database, url, requests, clients, rounds):
    """Measure the API's reads on one database; print a line per request."""
    with tempfile.TemporaryDirectory() as folder:
        env = dict(
            os.environ,
            CONSULT_ENV="production",
            SECRET_KEY="r" * 64,
            DATABASE_URL=url or f"sqlite:///{folder}/api.sqlite3",
            CONSULT_ATTACHMENT_DIR=folder,
            CONSULT_REPORTS_DIR=folder,
            CONSULT_OPEN_DATA_DIR=folder,
            SESSION_COOKIE_SECURE="0",
            RATELIMIT_ENABLED="0",
            LOG_LEVEL="WARNING",
        )
        env.pop("REDIS_URL", None)
        demo, _number, _law = prepare(env)
        GUNICORN.update(worker_class="gevent" if database == "postgresql" else "gthread")
        hello = hello_per_s(requests, clients, rounds)
        print(f"database={database} worker_class={GUNICORN['worker_class']} rounds={rounds} hello_per_s={hello:.0f}")
        for cache in ("off", "on"):
            cached = dict(env, PAGE_CACHE_ENABLED="1" if cache == "on" else "0", PAGE_CACHE_REDIS_URL=BENCH_REDIS)
            cached["PAGE_CACHE_PREFIX"] = f"bench-api-{os.getpid()}:"
            port = free_port()
            process = start_gunicorn("consult:create_app()", port, cached, ROOT)
            try:
                opinions = f"/api/v1/drafts/{demo}/opinions?limit=50"
                # With the Host the bench's client sends: the page's `next` address, so its ETag, is built on it.
                _, headers, _ = fetch(port, opinions, dict(BROWSER, Host="127.0.0.1"))
                requests_of = {
                    "opinions": (opinions, BROWSER),
                    "opinions_304": (opinions, dict(BROWSER, **{"If-None-Match": headers["ETag"]})),
                    "draft": (f"/api/v1/drafts/{demo}", BROWSER),
                }
                for name, (path, sent_headers) in requests_of.items():
                    per_s, p95, size, sent = measure(port, path, requests, clients, rounds, sent_headers)
                    print(
                        f"endpoint={name} database={database} cache={cache} per_s={per_s:.0f} "
                        f"ratio_to_hello={per_s / hello:.3f} bytes={size} gzip_bytes={sent} p95_ms={p95:.1f}",
                        flush=True,
                    )
            finally:
                stop(process)


if __name__ == "__main__":
    main(run, __doc__, requests=1000, clients=16)
