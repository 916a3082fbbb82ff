"""What every benchmark script shares: the project on sys.path, and a freshly migrated database.

Import it first, as `import common` (a script's own folder is on sys.path): it takes this folder off the path again,
since bench/queue.py would shadow the standard library's `queue` module (which psycopg imports), and puts the
project's root first.
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:] = [str(ROOT)] + [entry for entry in sys.path if Path(entry or ".").resolve() != HERE]


def empty_and_migrate():
    """In an app context: empty the database (PostgreSQL: the whole public schema) and migrate it to the head."""
    from flask_migrate import upgrade
    from sqlalchemy import text

    from consult.extensions import db

    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    upgrade()


def migrated_app(url, fresh=True):
    """Return an app with the test settings on `url`; emptied and migrated first when `fresh`."""
    from consult import create_app
    from tests.conftest import _testing_config

    app = create_app(_testing_config(url))
    if fresh:
        with app.app_context():
            empty_and_migrate()
    return app


BENCH_REDIS = "redis://127.0.0.1:6379/15"  # a Redis database the benchmarks may empty


def rate_limit_storage(wanted=None):
    """Return the rate-limit storage a benchmark runs with: `wanted`, else Redis as in production (the README's
    setting; with several workers, counters in each worker's memory would not be shared) when a server answers,
    else in-process memory. A Redis database is emptied first, so every run starts with no counts."""
    import redis

    uri = wanted or BENCH_REDIS
    if uri.startswith("redis://"):
        try:
            redis.Redis.from_url(uri, socket_connect_timeout=1).flushdb()
        except redis.RedisError:
            if wanted:
                raise
            return "memory://"
    return uri


def storage_name(uri):
    """Return "redis" or "memory" for a storage URI, as the benchmarks print it."""
    return uri.split(":", 1)[0]
