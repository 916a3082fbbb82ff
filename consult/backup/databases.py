"""The database's part of a backup: a consistent copy, its tables and row counts, and putting it back.

SQLite: the online backup API copies every page while holding one read transaction, so the copy is the database as
one moment saw it, while the app goes on writing (WAL lets writers continue). Restoring goes the same way into the
target file, under SQLite's own locks. PostgreSQL: pg_dump (custom format) in a snapshot exported by a REPEATABLE
READ transaction that counts the rows in that same snapshot; pg_restore in one transaction.
"""

import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from consult.backup.archive import BackupError

SQLITE, POSTGRESQL = "sqlite", "postgresql"
DATABASE_FILES = {SQLITE: "consult.sqlite3", POSTGRESQL: "consult.pgdump"}
KIND_NAMES = {SQLITE: "SQLite", POSTGRESQL: "PostgreSQL"}
MIGRATIONS_TABLE = "alembic_version"
# Debian and Ubuntu (postgresql-client-N), then RHEL and the PGDG packages; PG_BIN_DIR first when set.
PG_BIN_DIRS = ("/usr/lib/postgresql/{major}/bin", "/usr/pgsql-{major}/bin")
PG_TOOL_SECONDS = 24 * 3600


def table_names(connection):
    """Return the database's own tables, sorted: not SQLite's internal ones, nor full-text indexes (virtual tables
    and the shadow tables behind them, rebuilt with the data they index)."""
    if connection.dialect.name == POSTGRESQL:
        query = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
        return list(connection.scalars(text(query)))
    rows = connection.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name")).all()
    virtual = [name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL TABLE")]
    return [
        name
        for name, _sql in rows
        if not name.startswith("sqlite_") and not any(name == v or name.startswith(f"{v}_") for v in virtual)
    ]


def row_counts(connection, names=None):
    """Return {table: rows} of `names` (every table of the database by default)."""
    quote = connection.dialect.identifier_preparer.quote
    names = table_names(connection) if names is None else names
    return {name: connection.scalar(text(f"SELECT count(*) FROM {quote(name)}")) for name in names}


def tables_with_rows(connection):
    """Return the tables holding at least one row, besides the migrations' own."""
    quote = connection.dialect.identifier_preparer.quote
    return [
        name
        for name in table_names(connection)
        if name != MIGRATIONS_TABLE and connection.scalar(text(f"SELECT EXISTS (SELECT 1 FROM {quote(name)})"))
    ]


def migration_heads(connection):
    """Return the migration revisions the database is at, sorted (none before its first migration)."""
    if MIGRATIONS_TABLE not in table_names(connection):
        return []
    return sorted(connection.scalars(text(f"SELECT version_num FROM {MIGRATIONS_TABLE}")))


def _described(connection, read):
    """Return the row counts and migration revisions a connection sees, and what `read(connection)` returns."""
    found = {"tables": row_counts(connection), "migration_head": migration_heads(connection)}
    return {**found, **(read(connection) if read else {})}


# --- SQLite ---------------------------------------------------------------------------------------------------


def sqlite_file(engine):
    """Return the path of the engine's SQLite file; a database in memory cannot be backed up or restored."""
    path = engine.url.database
    if not path or path == ":memory:":
        raise BackupError("the database is in memory: backups need a database file (DATABASE_URL)")
    return Path(path)


def copy_sqlite(engine, destination, read=None):
    """Copy the engine's SQLite database into the file `destination` with the online backup API, while the app
    writes; check the copy; return {"tables": row counts, "migration_head": revisions} read from the copy, and
    what `read(connection)` returns read from it too."""
    source = sqlite3.connect(sqlite_file(engine), timeout=60)
    copy = sqlite3.connect(destination)
    try:
        source.backup(copy)  # every page in one step: one read transaction, one moment
        copy.execute("PRAGMA journal_mode=DELETE")  # the copy is one file, without a -wal beside it
        _check_integrity(copy, "the copy of the database")
    finally:
        copy.close()
        source.close()
    copy_engine = create_engine(f"sqlite:///{destination}", poolclass=NullPool)
    try:
        with copy_engine.connect() as connection:
            return _described(connection, read)
    finally:
        copy_engine.dispose()


def restore_sqlite(engine, source):
    """Write the database file `source` over the engine's (empty) database through SQLite's backup API, so that
    its locks and journal are respected; check the result."""
    engine.dispose()
    target = sqlite_file(engine)
    target.parent.mkdir(parents=True, exist_ok=True)
    copy = sqlite3.connect(source)
    database = sqlite3.connect(target, timeout=60)
    try:
        copy.backup(database)
        _check_integrity(database, "the restored database")
    finally:
        database.close()
        copy.close()


def _check_integrity(connection, what):
    """Raise BackupError unless SQLite's integrity check passes."""
    result = [row[0] for row in connection.execute("PRAGMA integrity_check")]
    if result != ["ok"]:
        raise BackupError(f"{what} fails SQLite's integrity check: {'; '.join(result[:5])}")


# --- PostgreSQL -----------------------------------------------------------------------------------------------


def dump_postgresql(engine, destination, read=None):
    """pg_dump the engine's database into `destination` (custom format) in a snapshot shared with the row counts
    and `read(connection)`; return {"tables", "migration_head", "server_version"} and what `read` returns."""
    with engine.connect() as connection:
        connection = connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            snapshot = connection.scalar(text("SELECT pg_export_snapshot()"))
            version, major = _server_version(connection)
            found = _described(connection, read)
            # The snapshot stays valid while this transaction is open: pg_dump reads the same moment.
            _run(
                pg_tool("pg_dump", major),
                ["--format=custom", f"--snapshot={snapshot}", f"--file={destination}"],
                engine.url,
            )
    return {**found, "server_version": version}


def restore_postgresql(engine, dump, clean):
    """pg_restore `dump` into the engine's (empty) database in one transaction; `clean` drops the dump's objects
    first (the target was migrated, its tables empty). Owners and grants are the connecting role's."""
    with engine.connect() as connection:
        _version, major = _server_version(connection)
    engine.dispose()  # no pooled connection of ours may hold a lock on a table being replaced
    options = ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
    if clean:
        options += ["--clean", "--if-exists"]
    _run(pg_tool("pg_restore", major), options, engine.url, str(dump))


def _server_version(connection):
    """Return (the server's version as it names it, its major number)."""
    number = int(connection.scalar(text("SHOW server_version_num")))
    return connection.scalar(text("SHOW server_version")), number // 10000


def pg_tool(name, major):
    """Return the path of `name` (pg_dump, pg_restore) of PostgreSQL `major` or newer: a client older than the
    server cannot read it. Looks in PG_BIN_DIR, the distributions' versioned folders, then PATH."""
    candidates = []
    if os.environ.get("PG_BIN_DIR"):
        candidates.append(Path(os.environ["PG_BIN_DIR"]) / name)
    candidates += [Path(folder.format(major=major)) / name for folder in PG_BIN_DIRS]
    if shutil.which(name):
        candidates.append(Path(shutil.which(name)))
    found = []
    for path in candidates:
        if not os.access(path, os.X_OK):
            continue
        version = _tool_major(path)
        if version is not None and version >= major:
            return str(path)
        found.append(f"{path} (PostgreSQL {version})")
    raise BackupError(
        f"{name} of PostgreSQL {major} or newer is needed (Debian: apt-get install postgresql-client-{major}; "
        f"or set PG_BIN_DIR); found: {', '.join(found) or 'none'}"
    )


def _tool_major(path):
    """Return the major version a PostgreSQL client program reports, or None."""
    try:
        output = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30, check=False).stdout
    except OSError:
        return None
    match = re.search(r"\b(\d+)(?:\.\d+)?", output)
    return int(match.group(1)) if match else None


def _run(tool, options, url, *arguments):
    """Run a PostgreSQL client program on the database at `url`. The password goes through the environment
    (PGPASSWORD), never on the command line where other users of the machine could read it."""
    environment = dict(os.environ)
    if url.password:
        environment["PGPASSWORD"] = url.password
    dbname = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    command = [tool, *options, f"--dbname={dbname}", *arguments]
    result = subprocess.run(
        command, env=environment, capture_output=True, text=True, timeout=PG_TOOL_SECONDS, check=False
    )
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip()[-2000:]
        raise BackupError(f"{Path(tool).name} failed (exit {result.returncode}): {detail}")
