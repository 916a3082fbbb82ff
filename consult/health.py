"""Health and readiness, for a load balancer, a container orchestrator or a monitor to poll every second.

- `/healthz`: the process answers (nothing else is touched: no database, no session, no Redis).
- `/readyz`: it can serve: the database answers and is at the migrations' head, and every Redis the app uses (job
  queue, rate limits, page cache: REDIS_URL and the settings that follow it) answers, all within READYZ_TIMEOUT.
  200 "ready" or 503 "not ready"; which check failed, and why, goes to the log, never to the caller.

Neither is cached nor counted by the rate limits.
"""

import logging
import threading

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Blueprint, current_app
from redis import Redis

from consult.extensions import db, limiter

log = logging.getLogger(__name__)
bp = Blueprint("health", __name__)
HEADERS = {"Cache-Control": "no-store", "Content-Type": "text/plain; charset=utf-8"}
REDIS_SCHEMES = ("redis://", "rediss://", "unix://")


@bp.route("/healthz")
@limiter.exempt
def healthz():
    """The process is alive."""
    return "ok\n", 200, HEADERS


@bp.route("/readyz")
@limiter.exempt
def readyz():
    """The process can serve requests: database at the migrations' head, Redis reachable where configured."""
    app = current_app._get_current_object()
    checks = app.extensions.get("consult_readiness")
    if checks is None:
        checks = app.extensions.setdefault("consult_readiness", Readiness(app))
    ready = checks.ready(app.config["READYZ_TIMEOUT"])
    return ("ready\n", 200, HEADERS) if ready else ("not ready\n", 503, HEADERS)


class Readiness:
    """The checks of /readyz, run on a thread of their own so that a dependency that does not answer cannot hold the
    probe: a database host gone from the network keeps a new connection waiting for DATABASE_CONNECT_TIMEOUT (whole
    seconds, 2 at least), while a load balancer polling every second wants its answer within one.

    One run at a time per process: probes that arrive while a run is still waiting wait on that run (each up to its
    own budget) instead of starting more, so a dead database costs one waiting connection, not one per probe."""

    def __init__(self, app):
        self.app = app
        self.lock = threading.Lock()
        self.running = None

    def ready(self, budget):
        """Return whether every check passed within `budget` seconds."""
        with self.lock:
            run = self.running
            if run is None:
                run = self.running = _Run()
                threading.Thread(target=self._check, args=(run,), name="readiness", daemon=True).start()
        if run.done.wait(budget):
            return run.passed
        log.warning("readiness: the checks did not answer within %g s", budget)
        return False

    def _check(self, run):
        try:
            with self.app.app_context():
                run.passed = all([_passes("database", _database_problem), _passes("redis", _redis_problem)])
        finally:
            with self.lock:
                self.running = None  # the next probe starts a fresh run
            run.done.set()


class _Run:
    """One run of the checks: set `done` once `passed` holds its verdict."""

    def __init__(self):
        self.done = threading.Event()
        self.passed = False


def _passes(name, check):
    """Run one check; log what fails (its exception, or the problem it names)."""
    try:
        problem = check()
    except Exception:  # a dependency that fails in any way means "not ready"; the log says how
        log.exception("readiness: %s failed", name)
        return False
    if problem:
        log.warning("readiness: %s: %s", name, problem)
    return not problem


def _database_problem():
    """None if the database answers and holds the head revision of the migrations, else what is wrong."""
    with db.engine.connect() as connection:
        current = set(MigrationContext.configure(connection).get_current_heads())
    heads = _migration_heads()
    return None if current == heads else f"at revision {sorted(current)}, the code's head is {sorted(heads)}"


def _migration_heads():
    """The head revisions of the migrations this code ships (read once per app)."""
    heads = current_app.extensions.get("consult_migration_heads")
    if heads is None:
        migrate = current_app.extensions["migrate"]
        config = migrate.migrate.get_config(migrate.directory)
        heads = current_app.extensions["consult_migration_heads"] = set(ScriptDirectory.from_config(config).get_heads())
    return heads


def _redis_problem():
    """None once every Redis the app is set to use answered a PING (or none is set); an error propagates."""
    config = current_app.config
    urls = {config.get("REDIS_URL"), config.get("RATELIMIT_STORAGE_URI")}
    if config.get("PAGE_CACHE_ENABLED"):
        urls.add(config.get("PAGE_CACHE_REDIS_URL"))
    for url in sorted(url for url in urls if url and url.startswith(REDIS_SCHEMES)):
        client = Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        try:
            client.ping()
        finally:
            client.close()
    return None


def register_health(app):
    """Serve /healthz and /readyz."""
    app.register_blueprint(bp)
