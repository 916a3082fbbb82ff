"""Pooled PostgreSQL connections are tested when taken after sitting idle, not at every checkout."""

import pytest
from sqlalchemy import create_engine, exc, text

from consult.database import ping_idle_connections
from tests.conftest import TEST_DATABASE_URL

pytestmark = pytest.mark.skipif(not TEST_DATABASE_URL, reason="server connections: run on PostgreSQL")


def _engine(idle_seconds):
    engine = create_engine(TEST_DATABASE_URL, pool_size=1, max_overflow=0)
    ping_idle_connections(engine, idle_seconds)
    return engine


def _backend_pid(engine):
    with engine.connect() as connection:
        return connection.scalar(text("SELECT pg_backend_pid()"))


def _terminate(pid):
    killer = create_engine(TEST_DATABASE_URL)
    with killer.connect() as connection:
        assert connection.scalar(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    killer.dispose()


def test_a_connection_dropped_while_idle_is_replaced_before_the_request_uses_it():
    engine = _engine(idle_seconds=0)  # every checkout counts as after an idle time
    try:
        dropped = _backend_pid(engine)
        _terminate(dropped)  # as a server restart does to idle connections

        assert _backend_pid(engine) != dropped  # no error: the ping found it dead and the pool connected again
    finally:
        engine.dispose()


def test_a_connection_in_steady_use_is_not_pinged():
    engine = _engine(idle_seconds=3600)
    try:
        dropped = _backend_pid(engine)
        _terminate(dropped)

        with pytest.raises(exc.OperationalError) as raised:  # no ping sent: the statement meets the dead connection
            _backend_pid(engine)
        assert raised.value.connection_invalidated
        assert _backend_pid(engine) != dropped  # the pool then starts afresh
    finally:
        engine.dispose()
