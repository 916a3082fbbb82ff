"""Column types and helpers shared by the models."""

import contextlib
import fcntl
import functools
import itertools
import os
import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import DateTime, Integer, any_, bindparam, event, literal_column, select, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement
from sqlalchemy.types import Date, TypeDecorator

from consult.extensions import db


def utcnow():
    """Return the current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC and always returned timezone-aware.

    SQLite keeps no offset, so values are stored as naive UTC on every backend and the offset
    is put back on load; this keeps comparisons identical on SQLite and PostgreSQL.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        """Convert an aware datetime to naive UTC; refuse naive ones (their zone is unknown)."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("UTCDateTime needs a timezone-aware datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        """Mark a stored value as UTC."""
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def render_migration_item(type_, obj, autogen_context):
    """Write UTCDateTime as a plain DateTime in migrations, so they never import application code."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    return False


class local_day(FunctionElement):
    """SQL for the local calendar day of a stored (naive UTC) timestamp, shifted by a whole number of minutes.

    Asia/Ho_Chi_Minh has kept UTC+7 without daylight saving since 1975, so a fixed offset is exact there; a plain
    addition costs about half of PostgreSQL's AT TIME ZONE. The offset is written into the SQL as a number.
    """

    type = Date()
    inherit_cache = True

    def __init__(self, stamp, minutes):
        super().__init__(stamp, literal_column(str(int(minutes)), Integer()))


@compiles(local_day)
def _local_day_postgresql(element, compiler, **kw):
    stamp, minutes = list(element.clauses)
    return f"CAST({compiler.process(stamp, **kw)} + make_interval(mins => {compiler.process(minutes, **kw)}) AS DATE)"


@compiles(local_day, "sqlite")
def _local_day_sqlite(element, compiler, **kw):
    stamp, minutes = list(element.clauses)
    return f"date({compiler.process(stamp, **kw)}, printf('%+d minutes', {compiler.process(minutes, **kw)}))"


class one_of(FunctionElement):
    """`column IN (the list given as parameter `name` when the statement runs)`, as one fixed SQL text on
    PostgreSQL: `column = ANY(%(name)s)` with the list sent as an array.

    An expanding IN (SQLite has no arrays, so it keeps one) is rendered again on every execution for the length
    of that list, and its text changes with the length, so PostgreSQL cannot keep one prepared plan for it. The
    opinion writer runs four such look-ups per batch: profiled under bench/submit_cpu.py, rendering them was about
    a seventh of the writer's time.
    """

    inherit_cache = True  # the SQL type stays unset: SQLite would compare a Boolean one with 1

    def __init__(self, column, name):
        super().__init__(column, bindparam(name, type_=column.type))


@compiles(one_of)
def _one_of_expanding(element, compiler, **kw):
    column, parameter = list(element.clauses)
    return compiler.process(column.in_(bindparam(parameter.key, expanding=True)), **kw)


@compiles(one_of, "postgresql")
def _one_of_array(element, compiler, **kw):
    column, parameter = list(element.clauses)
    return compiler.process(column == any_(bindparam(parameter.key, type_=ARRAY(column.type))), **kw)


def utc_offset_minutes(zone):
    """Return the current offset of `zone` from UTC in minutes."""
    return int(datetime.now(ZoneInfo(zone)).utcoffset() // timedelta(minutes=1))


# --- What differs between SQLite and PostgreSQL, in one place ----------------------------------------------------


def dialect_name(connection=None):
    """Return "sqlite" or "postgresql": the dialect of a connection, or of the session's database."""
    from consult.extensions import db

    return (connection or db.session.get_bind()).dialect.name


def lock_for_writing(connection):
    """Take the database's write lock at the start of a write transaction, before its first read, so that what is
    read stays true until the commit. On SQLite, BEGIN IMMEDIATE: other writers wait for the lock (busy_timeout)
    instead of failing when a transaction that read first tries to write. PostgreSQL locks rows as they are
    written and needs nothing."""
    if connection.dialect.name == "sqlite" and not connection.connection.dbapi_connection.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def insert_or_skip(connection, table, rows, key):
    """INSERT rows into a table with an integer id, skipping each that a unique key refuses (ON CONFLICT DO
    NOTHING); return {row[key]: id} of the rows inserted."""
    if connection.dialect.name != "postgresql":
        statement = _insert_or_skip("sqlite", table).returning(table.c.id, table.c[key])
        return {value: row_id for row_id, value in connection.execute(statement, rows)}
    # On PostgreSQL the ids are drawn from the column's sequence first, then the rows go in one executemany of a
    # statement psycopg has parsed once. SQLAlchemy sends a batch with RETURNING as one INSERT of many VALUES
    # rows, a new text for each size of batch that psycopg parses again every time: three times the client's
    # CPU per opinion for a batch of 30 (bench/submit.py; docs/benchmarks.md, 04/12/2026).
    ids = connection.execute(_NEXT_IDS, {"table": table.name, "count": len(rows)}).scalars().all()
    inserted = connection.execute(
        _insert_or_skip("postgresql", table), [dict(row, id=row_id) for row, row_id in zip(rows, ids, strict=True)]
    )
    if inserted.rowcount == len(rows):
        return {row[key]: row_id for row, row_id in zip(rows, ids, strict=True)}
    return dict(connection.execute(select(table.c[key], table.c.id).where(table.c.id.in_(ids))).all())


_NEXT_IDS = text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :count) ORDER BY 1")


@functools.cache
def _insert_or_skip(dialect, table):
    """Build the statement once per table: on the busiest path, building it costs more than running it."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert

        # The executemany's row count tells whether a row was skipped (SQLAlchemy keeps it only when asked).
        return insert(table).on_conflict_do_nothing().execution_options(preserve_rowcount=True)
    from sqlalchemy.dialects.sqlite import insert

    return insert(table).on_conflict_do_nothing()


_lock_files = {}  # database file -> (process id, descriptor of its lock file)


@contextlib.contextmanager
def sqlite_writer_lock():
    """On SQLite, let the form's writers of every process of the machine take turns on an exclusive lock of a file
    beside the database. SQLite's own wait for its write lock sleeps 1, 2, 5, 10… ms between tries, so writers
    racing for it spend more time asleep than writing; a file lock wakes the next one the moment it is released.
    PostgreSQL writes concurrently and needs none of this."""
    from consult.concurrency import blocking
    from consult.extensions import db

    url = db.engine.url
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        yield
        return
    opened = _lock_files.get(url.database)
    if opened is None or opened[0] != os.getpid():  # a forked process opens its own: flock locks follow the file
        opened = (os.getpid(), os.open(f"{url.database}.writer-lock", os.O_RDWR | os.O_CREAT, 0o600))
        _lock_files[url.database] = opened
    try:
        fcntl.flock(opened[1], fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:  # another process writes: wait (on gevent, the worker's other requests go on meanwhile)
        blocking(fcntl.flock, opened[1], fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(opened[1], fcntl.LOCK_UN)


def allows_concurrent_writers(connection=None):
    """Return whether another connection may write while a transaction holds uncommitted writes: PostgreSQL locks
    only the rows written; SQLite lets one writer at a time have the whole database until it commits."""
    return dialect_name(connection) != "sqlite"


def prefix_filter_needs_ranges(connection=None):
    """Return whether the newest rows whose column starts with a prefix must be read as one index range per value
    of the column (then merged) to stay fast when the prefix is rare. SQLite's planner walks the index of the
    ORDER BY and skips every row outside the prefix, the whole table for a rare one; PostgreSQL's planner weighs
    that index against the column's from its statistics and picks the right one itself."""
    return dialect_name(connection) == "sqlite"


def in_filter_keeps_partial_index(connection=None):
    """Return whether adding `column IN (...)` to a query served by a partial index that leads with that column
    keeps it on that index. PostgreSQL reads the listed values' ranges of it; SQLite's planner switches to a full
    index leading with the same column and reads each row for the partial index's condition, slower than reading
    the whole partial index and dropping the other values afterwards."""
    return dialect_name(connection) != "sqlite"


def copy_rows(connection, table, columns, rows):
    """Insert many rows of numbers as fast as the database takes them, bypassing SQLAlchemy: COPY on PostgreSQL,
    the driver's executemany over plain tuples on SQLite (SQLAlchemy's executemany would build a dict per row).
    `table` and `columns` are names written into the SQL; `rows` is any iterable of tuples, read once."""
    driver = connection.connection.driver_connection
    names = ", ".join(columns)
    if dialect_name(connection) == "postgresql":
        # COPY's text format: a line per row, tab between values (numbers need no escaping). Lines are joined
        # 100,000 at a time and written in one call: a write_row call per row would add a Python call and its
        # conversions to every row.
        line = "\t".join(["%s"] * len(columns)) + "\n"
        rows = iter(rows)
        with driver.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            while chunk := list(itertools.islice(rows, 100_000)):
                copy.write("".join([line % row for row in chunk]))
        return
    placeholders = ", ".join(["?"] * len(columns))
    driver.cursor().executemany(f"INSERT INTO {table} ({names}) VALUES ({placeholders})", rows)


def reads_outside_a_transaction(view):
    """Run this view's statements without a transaction on PostgreSQL (autocommit), unless one is open already: for
    views that only read and need no savepoint nor SET LOCAL.

    Under READ COMMITTED each statement of a transaction sees the data committed at its own start anyway, so what
    the view reads is the same, but no BEGIN and no ROLLBACK go to the server. This buys a part of issue 15's
    "uncached demo draft page >= 10% of a bare Flask hello" on PostgreSQL: the page took 3.9 ms in process, 3.0
    without the two round trips (docs/benchmarks.md, 07/12/2026)."""

    @functools.wraps(view)
    def autocommit_view(*args, **kwargs):
        if db.engine.dialect.name == "postgresql" and not db.session().in_transaction():
            db.session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
        return view(*args, **kwargs)

    return autocommit_view


def ping_idle_connections(engine, idle_seconds):
    """Test a pooled connection with the dialect's ping when it is taken after sitting unused for `idle_seconds`
    or more (a server restart or failover drops idle connections); a dead one is replaced before the request uses it.

    SQLAlchemy's pool_pre_ping pings at every checkout: a round trip to PostgreSQL before each request's first
    statement. Under load a connection comes back to the pool and leaves it again within milliseconds, so this
    pings almost never. It buys issue 16's "opinions list >= 30% of a bare Flask hello" on PostgreSQL: the ping was
    one of the request's two round trips (docs/benchmarks.md, 07/12/2026). A connection dropped while in steady use
    fails one statement, and the pool then discards all its connections (SQLAlchemy's disconnect handling)."""

    @event.listens_for(engine, "checkin")
    def note_checkin(_dbapi_connection, record):
        record.info["checked_in_at"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def ping_if_idle(dbapi_connection, record, _proxy):
        checked_in_at = record.info.get("checked_in_at")
        if checked_in_at is None or time.monotonic() - checked_in_at < idle_seconds:
            return  # new (connected just now) or in steady use
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as error:
            raise DisconnectionError("a pooled connection did not answer its ping") from error
