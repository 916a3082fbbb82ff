"""Migrations: `upgrade head` on an empty database gives exactly the models' schema, and downgrades cleanly."""

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from consult import create_app
from consult.extensions import db
from tests.conftest import TEST_DATABASE_URL, _testing_config


@pytest.fixture
def empty_database_url(tmp_path):
    """Yield the URL of a brand-new empty database on the same backend as the suite."""
    if not TEST_DATABASE_URL:
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    name = f"consult_migrations_{uuid.uuid4().hex[:8]}"
    admin_url = make_url(TEST_DATABASE_URL).set(database="postgres")
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(TEST_DATABASE_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_upgrade_head_matches_the_models_and_downgrades(empty_database_url):
    app = create_app(_testing_config(empty_database_url))
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            # The options `flask db migrate` uses (type comparison; the engines' own search objects left out).
            context = MigrationContext.configure(connection, opts=dict(app.extensions["migrate"].configure_args))
            differences = compare_metadata(context, db.metadata)
        assert differences == []
        assert set(db.metadata.tables) <= set(inspect(db.engine).get_table_names())

        downgrade(revision="base")
        remaining = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
        assert remaining == set()
        db.engine.dispose()


def test_upgrading_keeps_existing_drafts_and_opinions(empty_database_url):
    """Rows written before the versions migration survive it and land in version 1."""
    app = create_app(_testing_config(empty_database_url))
    with app.app_context():
        upgrade(revision="0003")
        statements = [
            "INSERT INTO agency (id, slug, name, kind) VALUES (1, 'so', 'Sở', 'department')",
            "INSERT INTO draft (id, slug, agency_id, title, summary, doc_type, field, contact, number_symbol, preamble, "
            "closing, status, opens_at, closes_at, created_at, updated_at) VALUES (1, 'd', 1, 'Dự thảo', '', 'law', '', '', "
            "'', 'CĂN CỨ', 'Nơi nhận:', 'open', '2026-01-01', '2027-01-01', '2026-01-01', '2026-01-01')",
            "INSERT INTO section (id, draft_id, kind, position, number, title) VALUES (1, 1, 'chapter', 0, 'I', 'CHUNG')",
            "INSERT INTO article (id, draft_id, section_id, position, number, title, intro, body) "
            "VALUES (1, 1, 1, 0, 1, 'Phạm vi', '', 'Nội dung')",
            "INSERT INTO feedback (id, receipt_code, draft_id, article_id, stance, content, proposed_wording, author_name, "
            "author_kind, locality, locality_detail, contact, consent_name, status, created_at) VALUES (1, 'AAAA-BBBB', 1, 1, "
            "'support', 'Đồng ý', '', 'An', 'individual', 'ha-noi', '', 'a@example.vn', true, 'approved', '2026-01-02')",
        ]
        with db.engine.begin() as connection:
            for statement in statements:
                connection.execute(text(statement))

        upgrade()

        with db.engine.connect() as connection:
            version_id, draft_id, number, preamble = connection.execute(
                text("SELECT id, draft_id, number, preamble FROM draft_version")
            ).one()
            assert (draft_id, number, preamble) == (1, 1, "CĂN CỨ")
            assert connection.execute(text("SELECT current_version_id FROM draft")).scalar() == version_id
            assert connection.execute(text("SELECT version_id FROM article")).scalar() == version_id
            assert connection.execute(text("SELECT version_id FROM section")).scalar() == version_id
            assert connection.execute(text("SELECT version_id, article_id FROM feedback")).one() == (version_id, 1)
        db.engine.dispose()
