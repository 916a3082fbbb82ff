"""What must hold before a copy writes anything: a SQLite source at the migrations' head whose tables the app
knows, and a PostgreSQL target that is either bare (it is migrated here) or at the same head with no rows."""

from alembic.config import Config as AlembicConfig
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask, current_app
from sqlalchemy import create_engine, exists, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from config import normalise_database_url
from consult.dbcopy import CopyRefused
from consult.extensions import db
from consult.search.models import FTS_TABLE

# Tables of the SQLite database the copy leaves behind on purpose: Alembic's own (the target gets its revision by
# being migrated) and the FTS5 index with its shadow tables (PostgreSQL searches a stored tsvector instead).
NOT_COPIED_PREFIXES = ("alembic_version", FTS_TABLE, "sqlite_")


def target_url(url):
    """Return the target's SQLAlchemy URL (postgresql:// points at psycopg 3); refuse anything but PostgreSQL."""
    url = normalise_database_url(url.strip())
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise CopyRefused(f"{url!r} is not a database address such as postgresql://consult@db/consult") from None
    if parsed.get_backend_name() != "postgresql":
        raise CopyRefused(f"the target must be a PostgreSQL database (postgresql://…), not {parsed.get_backend_name()}")
    return url


def shown(url):
    """Return a URL as it may be printed: without its password."""
    return make_url(url).render_as_string(hide_password=True)


def target_engine(url):
    """Return an engine on the target; statements' parameters (citizens' data) never appear in its errors."""
    return create_engine(target_url(url), hide_parameters=True)


def copied_tables():
    """Return the app's tables in foreign-key order (parents first), as the copy writes them."""
    return list(db.metadata.sorted_tables)


def migrations_head():
    """Return the revision the migrations end at."""
    config = AlembicConfig()
    config.set_main_option("script_location", current_app.extensions["migrate"].directory)
    heads = ScriptDirectory.from_config(config).get_heads()
    if len(heads) != 1:
        raise CopyRefused(f"the migrations have {len(heads)} heads ({', '.join(heads)}): merge them first")
    return heads[0]


def revision(connection):
    """Return the revision a database is at ("none" when it was never migrated)."""
    return ", ".join(MigrationContext.configure(connection).get_current_heads()) or "none"


def check_source(connection, tables, head):
    """Refuse a source that is not SQLite, not at the head, holds tables or columns the app does not know (they
    would be lost), or rows that break a foreign key (PostgreSQL would refuse them at the end)."""
    if connection.dialect.name != "sqlite":
        raise CopyRefused(f"the source (DATABASE_URL) must be SQLite; it is {connection.dialect.name}")
    at = revision(connection)
    if at != head:
        raise CopyRefused(
            f"the source is at revision {at}, the migrations at {head}: "
            "run `flask --app consult db upgrade` on it first"
        )
    inspector = inspect(connection)
    present = {name for name in inspector.get_table_names() if not name.startswith(NOT_COPIED_PREFIXES)}
    known = {table.name: table for table in tables}
    unknown = sorted(present - set(known))
    if unknown:
        raise CopyRefused(f"the source holds tables the app does not know, which would be lost: {', '.join(unknown)}")
    missing = sorted(set(known) - present)
    if missing:
        raise CopyRefused(f"the source lacks tables of the app: {', '.join(missing)}")
    for name, table in known.items():
        extra = {column["name"] for column in inspector.get_columns(name)} - set(table.columns.keys())
        if extra:
            raise CopyRefused(
                f"the source's table {name} has columns the app does not know: {', '.join(sorted(extra))}"
            )
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        pairs = sorted({f"{row[0]} -> {row[2]}" for row in broken})
        raise CopyRefused(f"{len(broken)} rows of the source refer to rows that do not exist ({', '.join(pairs)})")


def target_needs_migrating(connection, tables, head):
    """Return True when the target has no tables at all (it is to be migrated to the head); refuse it when it is
    at another revision, is not a Consult database, or holds rows."""
    names = set(inspect(connection).get_table_names())
    if not names:
        return True
    if "alembic_version" not in names:
        listed = ", ".join(sorted(names)[:5]) + (", …" if len(names) > 5 else "")
        raise CopyRefused(
            f"the target holds tables ({listed}) but no migration revision: it is not an empty Consult database"
        )
    at = revision(connection)
    if at != head:
        raise CopyRefused(
            f"the target is at revision {at}, the source at {head}: give an empty database, or one migrated "
            "to the same revision"
        )
    refuse_rows(connection, tables)
    return False


def tables_with_rows(connection, tables):
    """Return the names of the tables that hold at least one row."""
    return [table.name for table in tables if connection.scalar(select(exists().select_from(table)))]


def refuse_rows(connection, tables):
    """Refuse a target whose tables hold rows, naming them: a copy only goes into an empty database."""
    full = tables_with_rows(connection, tables)
    if full:
        raise CopyRefused(f"the target is not empty: rows in {', '.join(full)}")


def migrate_target(url):
    """Run the migrations on the target up to the head, with the app's migrations and Alembic settings, through a
    bare Flask app bound to it (the migrations' env.py reads the engine of the current app)."""
    from flask_migrate import Migrate, upgrade

    settings = current_app.extensions["migrate"]
    app = Flask(__name__)
    app.config.update(SQLALCHEMY_DATABASE_URI=target_url(url), SQLALCHEMY_ENGINE_OPTIONS={"hide_parameters": True})
    db.init_app(app)
    Migrate(app, db, directory=settings.directory, **settings.configure_args)
    with app.app_context():
        try:
            upgrade()
        finally:
            db.engine.dispose()


def lock_tables(connection, tables):
    """Take every table for the copy's transaction alone: no other session reads or writes them until it ends."""
    quote = connection.dialect.identifier_preparer.quote
    names = ", ".join(quote(table.name) for table in tables)
    connection.execute(text(f"LOCK TABLE {names} IN ACCESS EXCLUSIVE MODE"))
