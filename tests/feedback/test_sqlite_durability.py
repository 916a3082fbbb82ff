"""SQLite commits opinions in WAL with synchronous=NORMAL unless SQLITE_SYNCHRONOUS says otherwise."""

import pytest
from sqlalchemy import text

from consult import create_app
from consult.extensions import db
from tests.conftest import _testing_config


@pytest.mark.parametrize(("setting", "level"), [(None, 1), ("FULL", 2)])
def test_synchronous_level_of_sqlite_connections(tmp_path, setting, level):
    overrides = {"SQLITE_SYNCHRONOUS": setting} if setting else {}
    app = create_app(_testing_config(f"sqlite:///{tmp_path}/durability.sqlite3", **overrides))
    with app.app_context():
        try:
            assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert db.session.execute(text("PRAGMA synchronous")).scalar() == level
        finally:
            db.session.remove()
            db.engine.dispose()
