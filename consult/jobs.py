"""Background jobs: work that must neither slow nor fail the page that asks for it (emails, report files, summaries).

`enqueue(func, *args)` holds a job until the database transaction in progress commits, so an email never
announces a change that was rolled back; then JOBS_BACKEND decides where it runs:

- "after_response" (default): in this process, once the response has gone to the browser
  (`response.call_on_close`); outside a request (CLI), at once. Errors are logged, never raised.
- "inline": at once, errors logged. For tests: the test client never closes its responses.
- "rq": on the Redis queue JOBS_QUEUE (REDIS_URL), run by `flask --app consult jobs worker`
  (or `rq worker`, which builds the app itself); failed jobs are retried three times.
  When Redis cannot be reached the job runs in-process instead, so it is not lost.

Jobs are given as a dotted path or a module-level function, with plain arguments (they may travel
through Redis); they must not use the caller's database session.
"""

from functools import partial

import click
from flask import current_app, g, has_app_context, has_request_context
from sqlalchemy import event
from werkzeug.utils import import_string

from consult.concurrency import cooperative
from consult.extensions import db

BACKENDS = ("after_response", "inline", "rq")
RETRY_INTERVALS = [60, 300, 900]  # seconds before the 1st, 2nd and 3rd retry of a failed job
_HELD = "consult_jobs"  # key in session.info: jobs waiting for the transaction to commit


def init_jobs(app):
    """Check the settings and hook job release into the session's commits and the app's responses."""
    backend = app.config["JOBS_BACKEND"]
    if backend not in BACKENDS:
        raise RuntimeError(f"JOBS_BACKEND must be one of {', '.join(BACKENDS)}, not {backend!r}")
    if backend == "rq" and not app.config.get("REDIS_URL"):
        raise RuntimeError("JOBS_BACKEND=rq needs REDIS_URL (e.g. redis://127.0.0.1:6379/0)")
    if backend == "after_response" and cooperative():
        app.logger.warning(
            "gunicorn's gevent workers run jobs after the response in the web process (JOBS_BACKEND=after_response):"
            " a report file or a summary then holds its whole worker until it is done. Set REDIS_URL to run jobs"
            " on RQ workers, or serve with --worker-class gthread."
        )
    if not event.contains(db.session, "after_commit", _release_held):
        event.listen(db.session, "after_commit", _release_held)
        event.listen(db.session, "after_transaction_end", _drop_held)
    app.after_request(_run_after_response)


def job_path(func):
    """Return the dotted path of a job function."""
    return func if isinstance(func, str) else f"{func.__module__}.{func.__qualname__}"


def enqueue(func, *args):
    """Run `func(*args)` in the background once the current transaction commits (at once if none is open)."""
    job = (job_path(func), args)
    session = db.session()
    if session.in_transaction():
        session.info.setdefault(_HELD, []).append(job)
    else:
        dispatch([job])


def _release_held(session):
    """After a commit, send the jobs that waited for it."""
    jobs = session.info.pop(_HELD, None)
    if jobs:
        dispatch(jobs)


def _drop_held(session, transaction):
    """A transaction that ends without commit (rollback, close) takes its jobs with it."""
    if transaction.parent is None and session.info.get(_HELD):
        dropped = session.info.pop(_HELD)
        if has_app_context():
            current_app.logger.info("%d background job(s) dropped: their transaction was not committed", len(dropped))


def dispatch(jobs):
    """Send (path, args) jobs to the configured backend."""
    backend = current_app.config["JOBS_BACKEND"]
    if backend == "rq":
        jobs = _to_redis(jobs)
    if not jobs:
        return
    if backend != "inline" and has_request_context():
        g.setdefault("consult_after_response", []).extend(jobs)
    else:
        run_all(current_app._get_current_object(), jobs)


def _run_after_response(response):
    """Run the request's jobs once the response is sent (the server closes it after the last byte)."""
    jobs = g.pop("consult_after_response", None)
    if jobs:
        response.call_on_close(partial(run_all, current_app._get_current_object(), jobs))
    return response


def run_all(app, jobs):
    """Run jobs in this process, one after the other; a failure is logged and the next one still runs."""
    with app.app_context():
        for path, args in jobs:
            try:
                run_job(path, *args)
            except Exception:
                app.logger.exception("Background job %s failed", path)


def run_job(path, *args):
    """Run one job in the current app context (the web process, `flask --app consult jobs worker`)."""
    return import_string(path)(*args)


def get_queue(app=None):
    """Return the app's RQ queue (one Redis connection per app)."""
    from redis import Redis
    from rq import Queue

    app = app or current_app
    if "rq_queue" not in app.extensions:
        connection = Redis.from_url(app.config["REDIS_URL"], socket_connect_timeout=2, socket_timeout=5)
        app.extensions["rq_queue"] = Queue(app.config["JOBS_QUEUE"], connection=connection)
    return app.extensions["rq_queue"]


def _to_redis(jobs):
    """Put jobs on the RQ queue; return those that could not be queued (Redis down), to run here instead."""
    from redis.exceptions import RedisError
    from rq import Retry

    queue = get_queue()
    for index, (path, args) in enumerate(jobs):
        try:
            # By name: a plain `rq worker` imports consult.worker, which builds the app it runs jobs in.
            queue.enqueue(
                "consult.worker.run_job",
                path,
                *args,
                retry=Retry(max=len(RETRY_INTERVALS), interval=RETRY_INTERVALS),
                job_timeout=current_app.config["JOBS_TIMEOUT"],
                description=path,
            )
        except RedisError:
            current_app.logger.exception(
                "Redis unreachable: %d job(s) run in the web process instead", len(jobs) - index
            )
            return jobs[index:]
    return []


@click.group("jobs")
def jobs_cli():
    """Background jobs (email) on Redis with RQ."""


@jobs_cli.command("worker")
@click.option("--burst", is_flag=True, help="Stop once the queue is empty.")
def worker_command(burst):
    """Run the jobs of JOBS_QUEUE, inside this app (needs JOBS_BACKEND=rq and REDIS_URL)."""
    from rq import Worker

    if current_app.config["JOBS_BACKEND"] != "rq":
        raise click.ClickException("JOBS_BACKEND is not 'rq': jobs already run in the web process.")
    queue = get_queue()
    click.echo(f"Working on queue {queue.name!r} at {current_app.config['REDIS_URL']}")
    Worker([queue], connection=queue.connection).work(burst=burst, with_scheduler=not burst)
