"""/healthz and /readyz: alive without touching the database; ready only when the database answers at the
migrations' head and Redis answers; never cached, and nothing said to the caller beyond the status."""

import logging

import pytest
from sqlalchemy import text

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
