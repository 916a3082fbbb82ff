"""/healthz and /readyz: alive without touching the database; ready only when the database answers at the
migrations' head and Redis answers; never cached, and nothing said to the caller beyond the status."""

import logging
import socket
import time

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from consult import create_app
from consult.extensions import db as _db
from tests.conftest import _testing_config
from tests.public.test_page_cache import anonymous


def test_healthz_answers_without_the_database(app, count_queries):
    with count_queries() as statements:
        response = anonymous(app).get("/healthz")

    assert response.status_code == 200 and response.get_data(as_text=True) == "ok\n"
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers
    assert statements == []


def test_readyz_is_ready_on_a_database_at_the_migrations_head(app, db):
    response = anonymous(app).get("/readyz")

    assert response.status_code == 200 and response.get_data(as_text=True) == "ready\n"
    assert response.headers["Cache-Control"] == "no-store"


def test_readyz_is_not_ready_behind_the_migrations_and_says_why_only_in_the_log(app, db, caplog):
    head = db.session.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    db.session.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    db.session.commit()
    try:
        with caplog.at_level(logging.WARNING, logger="consult.health"):
            response = anonymous(app).get("/readyz")
    finally:
        db.session.execute(text("UPDATE alembic_version SET version_num = :head"), {"head": head})
        db.session.commit()

    assert response.status_code == 503 and response.get_data(as_text=True) == "not ready\n"
    assert "the code's head is" in caplog.text and "0001" in caplog.text
    assert anonymous(app).get("/readyz").status_code == 200


@pytest.mark.parametrize("app_config", [{"REDIS_URL": "redis://127.0.0.1:1/0"}])
def test_readyz_is_not_ready_when_redis_does_not_answer(app, db, caplog):
    with caplog.at_level(logging.ERROR, logger="consult.health"):
        response = anonymous(app).get("/readyz")

    assert response.status_code == 503 and response.get_data(as_text=True) == "not ready\n"
    assert "readiness: redis failed" in caplog.text
    assert anonymous(app).get("/healthz").status_code == 200  # alive all the same


@pytest.fixture
def silent_port():
    """A port that takes connections and never says a word: to a client, a database host behind a firewall that
    drops its packets, or a server that hangs."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)  # the kernel completes the handshakes; nobody ever reads
        yield listener.getsockname()[1]


@pytest.fixture
def refused_port():
    """A port where nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def app_on(address):
    """An app whose database is PostgreSQL at `address` (host:port), nothing asked of it yet."""
    return create_app(_testing_config(f"postgresql+psycopg://consult@{address}/consult"))


@pytest.mark.parametrize("where", ["nothing listens", "nobody answers", "unroutable address"])
def test_readyz_says_not_ready_within_a_second_when_the_database_cannot_be_reached(
    where, silent_port, refused_port, caplog
):
    address = {
        "nothing listens": f"127.0.0.1:{refused_port}",
        "nobody answers": f"127.0.0.1:{silent_port}",
        "unroutable address": "10.255.255.1:5432",  # a SYN nobody answers, or whatever this network makes of it
    }[where]
    app = app_on(address)
    client = anonymous(app)
    try:
        for _probe in range(2):  # the second arrives while the first one's connection may still be waiting
            started = time.monotonic()
            response = client.get("/readyz")
            elapsed = time.monotonic() - started

            assert response.status_code == 503 and response.get_data(as_text=True) == "not ready\n"
            assert elapsed < 1, f"{where}: /readyz took {elapsed:.2f} s"
    finally:
        with app.app_context():
            _db.engine.dispose()
    assert "readiness" in caplog.text


def test_a_connection_to_a_database_that_does_not_answer_gives_up_after_the_connect_timeout(silent_port, monkeypatch):
    """Without a connect timeout a request needing a new connection would wait psycopg's 130 s."""
    monkeypatch.setenv("DATABASE_CONNECT_TIMEOUT", "2")
    app = app_on(f"127.0.0.1:{silent_port}")
    with app.app_context():
        started = time.monotonic()
        with pytest.raises(OperationalError, match="timeout"):
            _db.engine.connect()
        elapsed = time.monotonic() - started
        _db.engine.dispose()

    assert 1.5 < elapsed < 4
