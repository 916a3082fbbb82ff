"""A throwaway RQ queue on the local Redis for tests of background jobs; every key it made is removed afterwards."""

import os
from contextlib import contextmanager

import pytest


@contextmanager
def throwaway_queue(app):
    """Yield (the app's RQ queue, a set the test may add job ids to); skip the test when Redis is unreachable
    (fail it in CI). The queue's name must be the test module's own (JOBS_QUEUE), its database not 0."""
    from redis.exceptions import RedisError

    from consult.jobs import get_queue

    queue = get_queue(app)
    try:
        queue.connection.ping()
    except RedisError as error:
        if os.environ.get("CI"):
            pytest.fail(f"Redis is needed at {app.config['REDIS_URL']}: {error}")
        pytest.skip(f"no Redis at {app.config['REDIS_URL']}: {error}")
    job_ids = set()
    try:
        yield queue, job_ids
    finally:
        _remove_keys(queue, job_ids)


def _remove_keys(queue, job_ids):
    """Delete the queue's keys, its jobs' keys and its (dead) workers' keys, which would linger otherwise."""
    connection = queue.connection
    job_ids.update(queue.job_ids)
    for registry in (
        queue.finished_job_registry,
        queue.failed_job_registry,
        queue.started_job_registry,
        queue.scheduled_job_registry,
        queue.deferred_job_registry,
    ):
        job_ids.update(registry.get_job_ids())
    keys = set(connection.scan_iter(match=f"*{queue.name}*"))
    for job_id in job_ids:
        keys.update(connection.scan_iter(match=f"rq:*{job_id}*"))
    keys.update(
        key
        for key in connection.scan_iter(match="rq:worker:*")
        if connection.hget(key, "queues") == queue.name.encode()
    )
    if keys:
        connection.delete(*keys)
    connection.srem("rq:queues", queue.key)
