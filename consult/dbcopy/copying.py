"""The copy: every table of the source read in primary-key order from one snapshot and written with COPY in
batches, all in one transaction on the target, so that a copy that stops for any reason leaves the target's tables
empty (and a new run starts again from the beginning).

The target's foreign keys and triggers are set aside while the rows go in and restored before the commit, as
pg_restore adds foreign keys after the data: each is then checked once over whole tables, so self-references (an
agency's parent, a section's parent, an opinion's duplicate group) and the draft <-> current version cycle need no
row order; and the triggers that derive rows from others (feedback_flag from feedback.flags) do not add to the rows
copied as they are. Indexes stay as the migrations made them: dropping them and building them after the copy was not
faster in one trial at 100,000 opinions (17.8 s against 18.4 s, a loaded machine; not kept as a benchmark), and
PostgreSQL respelt two partial indexes' definitions on the way.
"""

import functools
import re
import time
from dataclasses import dataclass

import psycopg
from sqlalchemy import JSON, Text, cast, func, select

from consult.dbcopy import CopyRefused
from consult.dbcopy.checks import lock_tables, refuse_rows

BATCH_SIZE = 5000

# Each query returns (statement to run before the copy, statement to run after it), for the current schema.
FOREIGN_KEYS = """
    SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', conrelid::regclass, conname),
           format('ALTER TABLE %s ADD CONSTRAINT %I %s', conrelid::regclass, conname, pg_get_constraintdef(oid))
    FROM pg_constraint
    WHERE contype = 'f' AND connamespace = current_schema()::regnamespace
    ORDER BY conrelid::regclass::text, conname
"""
TRIGGERS = """
    SELECT format('ALTER TABLE %s DISABLE TRIGGER %I', tgrelid::regclass, tgname),
           format('ALTER TABLE %s ENABLE TRIGGER %I', tgrelid::regclass, tgname)
    FROM pg_trigger JOIN pg_class ON pg_class.oid = pg_trigger.tgrelid
    WHERE NOT tgisinternal AND tgenabled = 'O' AND pg_class.relnamespace = current_schema()::regnamespace
    ORDER BY tgrelid::regclass::text, tgname
"""
# Every sequence owned by a column (serial or identity): the statement that sets it past the column's largest value.
SEQUENCES = """
    SELECT format('SELECT setval(%L, coalesce(max(%I), 0) + 1, false) FROM %s',
                  sequence.oid::regclass, attname, owner.oid::regclass)
    FROM pg_class AS sequence
    JOIN pg_depend ON pg_depend.objid = sequence.oid AND pg_depend.classid = 'pg_class'::regclass
                  AND pg_depend.refclassid = 'pg_class'::regclass AND pg_depend.deptype IN ('a', 'i')
    JOIN pg_class AS owner ON owner.oid = pg_depend.refobjid
    JOIN pg_attribute ON pg_attribute.attrelid = owner.oid AND pg_attribute.attnum = pg_depend.refobjsubid
    WHERE sequence.relkind = 'S' AND sequence.relnamespace = current_schema()::regnamespace
"""


@dataclass
class TableCopy:
    """One table copied: its rows and the seconds it took."""

    name: str
    rows: int
    seconds: float


@dataclass
class Copied:
    """What a copy did."""

    tables: list
    sequences: int
    seconds: float  # the whole copy, from the first row read to the commit and ANALYZE
    restore_seconds: float  # foreign keys checked, triggers enabled
    analyze_seconds: float

    @property
    def rows(self):
        """Return the rows copied, every table together."""
        return sum(table.rows for table in self.tables)


def copy_database(source, target, tables, batch_size=BATCH_SIZE, progress=None):
    """Copy every row of `tables` from the source engine (SQLite) into the target engine (PostgreSQL, migrated, its
    tables empty) and return a Copied. `progress(table, rows_done, rows_total, seconds)` is called after each batch.
    """
    started = time.perf_counter()
    with source.connect() as reading, target.begin() as writing:
        # One snapshot of the source for every table: what another process writes meanwhile is not half copied.
        reading.exec_driver_sql("BEGIN")
        lock_tables(writing, tables)
        refuse_rows(writing, tables)  # again, under the lock: another copy may have filled them since the check
        driver = writing.connection.driver_connection
        restore = []
        for query in (FOREIGN_KEYS, TRIGGERS):
            for before, after in driver.execute(query).fetchall():
                driver.execute(before)
                restore.append(after)
        totals = {table.name: reading.scalar(select(func.count()).select_from(table)) for table in tables}
        done = [_copy_table(reading, driver, table, totals[table.name], batch_size, progress) for table in tables]
        restoring = time.perf_counter()
        for statement in restore:  # foreign keys (each checked over its whole table), then triggers
            _run_restore(driver, statement)
        restored = time.perf_counter() - restoring
        sequences = [statement for (statement,) in driver.execute(SEQUENCES).fetchall()]
        for statement in sequences:
            driver.execute(statement)
        reading.rollback()
    analyzing = time.perf_counter()
    with target.begin() as connection:
        connection.exec_driver_sql("ANALYZE")  # planner statistics now, not at autovacuum's next visit
    finished = time.perf_counter()
    return Copied(done, len(sequences), finished - started, restored, finished - analyzing)


def _copy_table(reading, driver, table, total, batch_size, progress):
    """COPY one table's rows, read in primary-key order, `batch_size` at a time; return its TableCopy."""
    started = time.perf_counter()
    columns = list(table.columns)
    dialect = driver_dialect()
    # JSON goes over as the text stored, byte for byte: decoding and encoding it again would turn a SQL NULL into
    # JSON null (SQLAlchemy's JSON writes None as 'null') and could respell numbers or escapes.
    selected = [cast(column, Text) if isinstance(column.type, JSON) else column for column in columns]
    processors = [
        (index, processor)
        for index, column in enumerate(columns)
        if not isinstance(column.type, JSON)
        and (processor := column.type.dialect_impl(dialect).bind_processor(dialect)) is not None
    ]
    quote = dialect.identifier_preparer.quote
    copy_sql = f"COPY {quote(table.name)} ({', '.join(quote(column.name) for column in columns)}) FROM STDIN"
    keys = list(table.primary_key.columns)
    statement = select(*selected).order_by(*keys)
    done = 0
    # One COPY per table, fed batch by batch: PostgreSQL stores a batch while the next one is read and converted.
    try:
        with driver.cursor() as cursor, cursor.copy(copy_sql) as copy:
            for rows in reading.execution_options(yield_per=batch_size).execute(statement).partitions():
                _write_rows(copy, table, rows, processors)
                done += len(rows)
                if progress:
                    progress(table.name, done, total, time.perf_counter() - started)
    except psycopg.Error as error:  # the server's refusal: its message names the COPY's line
        raise CopyRefused(_refusal(reading, table, keys, error)) from error
    except (ValueError, TypeError) as error:  # a value of the source the app's column type cannot read
        raise CopyRefused(f"table {table.name} holds a value its column type cannot read: {error}") from error
    if progress and not done:
        progress(table.name, 0, total, time.perf_counter() - started)
    return TableCopy(table.name, done, time.perf_counter() - started)


def _write_rows(copy, table, rows, processors):
    """Write rows into the COPY; a value that cannot be sent (a NUL character in a text) stops it, naming the row."""
    for row in rows:
        try:
            copy.write_row(_converted(row, processors))
        except (psycopg.DataError, ValueError, TypeError) as error:
            key = ", ".join(
                f"{column.name}={row[index]}" for index, column in enumerate(table.columns) if column.primary_key
            )
            raise CopyRefused(f"PostgreSQL refused table {table.name}, row {key}: {_message(error)}") from error


def _converted(row, processors):
    """Return a row's values as SQLAlchemy would send them to PostgreSQL (aware times made naive UTC, and so on)."""
    if not processors:
        return row
    values = list(row)
    for index, processor in processors:
        values[index] = processor(values[index])
    return values


@functools.cache
def driver_dialect():
    """Return SQLAlchemy's dialect for PostgreSQL over psycopg 3, whose bind processors prepare the rows."""
    from sqlalchemy.dialects.postgresql.psycopg import dialect

    return dialect()


def _run_restore(driver, statement):
    """Restore a foreign key or a trigger; a foreign key that rows break is named."""
    try:
        driver.execute(statement)
    except psycopg.Error as error:
        raise CopyRefused(f"restoring after the copy failed ({statement}): {_message(error)}") from error


def _refusal(reading, table, keys, error):
    """Say which table and row PostgreSQL refused and why, without the value itself (it may be a citizen's)."""
    line = re.search(r"line (\d+)", getattr(getattr(error, "diag", None), "context", None) or "")
    where = f"table {table.name}"
    if line:  # the COPY's n-th line is the n-th row in key order, read again from the same snapshot of the source
        row = reading.execute(select(*keys).order_by(*keys).offset(int(line.group(1)) - 1).limit(1)).first()
        if row is not None:
            where += ", row " + ", ".join(f"{key.name}={value}" for key, value in zip(keys, row, strict=True))
    return f"PostgreSQL refused {where}: {_message(error)}"


def _message(error):
    """Return the database's message for an error without a quoted value at its end."""
    message = getattr(getattr(error, "diag", None), "message_primary", None) or str(error).splitlines()[0]
    return re.sub(r':\s*".*"\s*$', "", message)
