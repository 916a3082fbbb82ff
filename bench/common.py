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
