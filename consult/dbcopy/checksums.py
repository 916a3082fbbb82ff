"""Comparing two databases table by table: the row count and a SHA-256 over the rows in primary-key order, each
value read through the app's column types (as the app reads it) and written out the same way on both engines.

A row is hashed as one JSON array of its values: numbers, booleans and strings as themselves (so 5 and "5"
differ), times as ISO 8601 in UTC, dates as ISO 8601, JSON columns as canonical JSON text (keys sorted), SQL NULL
as null (unlike JSON's "null"), decimals without trailing zeros, bytes in hex.
"""

import functools
import hashlib
import json
import time
from dataclasses import dataclass
from datetime import UTC

from sqlalchemy import JSON, Date, DateTime, LargeBinary, Numeric, String, Text, cast, select
from sqlalchemy.types import TypeDecorator

from consult.dbcopy.copying import BATCH_SIZE


@dataclass
class TableCheck:
    """One table compared."""

    name: str
    source_rows: int
    target_rows: int
    source_sha256: str
    target_sha256: str

    @property
    def ok(self):
        """Return whether both sides hold the same rows."""
        return self.source_rows == self.target_rows and self.source_sha256 == self.target_sha256


def compare_databases(source, target, tables, progress=None):
    """Return a TableCheck per table of the source and target engines, each side read from one snapshot;
    `progress(check, seconds)` is called after each table."""
    started = time.perf_counter()
    checks = []
    with source.connect() as left, target.connect() as right:
        for connection in (left, right):
            _begin_snapshot(connection)
        for table in tables:
            rows, digest = table_checksum(left, table)
            target_rows, target_digest = table_checksum(right, table)
            checks.append(TableCheck(table.name, rows, target_rows, digest, target_digest))
            if progress:
                progress(checks[-1], time.perf_counter() - started)
        for connection in (left, right):
            connection.rollback()
    return checks


def _begin_snapshot(connection):
    """Read every table of one side at one moment: a SQLite read transaction, or REPEATABLE READ on PostgreSQL."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN")
    else:
        connection.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")


def table_checksum(connection, table, batch_size=BATCH_SIZE):
    """Return (rows, SHA-256 hex digest) of a table as read on `connection`."""
    columns = list(table.columns)
    selected = [cast(column, Text) if isinstance(column.type, JSON) else column for column in columns]
    normalisers = [
        (index, normalise) for index, column in enumerate(columns) if (normalise := _normaliser(column.type))
    ]
    order = table.primary_key.columns or columns
    if connection.dialect.name == "postgresql":
        # Strings in byte order, as SQLite's BINARY collation sorts them, whatever the database's collation.
        order = [column.collate("C") if isinstance(column.type, String) else column for column in order]
    digest = hashlib.sha256()
    rows = 0
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    statement = select(*selected).order_by(*order)
    for batch in connection.execution_options(yield_per=batch_size).execute(statement).partitions():
        for row in batch:
            values = list(row)
            for index, normalise in normalisers:
                if values[index] is not None:
                    values[index] = normalise(values[index])
            digest.update(encode(values).encode())
            digest.update(b"\n")
        rows += len(batch)
    return rows, digest.hexdigest()


def _normaliser(column_type):
    """Return the function that writes a column's non-null values the same way on both engines (None: as is)."""
    stored = column_type.impl if isinstance(column_type, TypeDecorator) else column_type  # UTCDateTime: DateTime
    if isinstance(stored, JSON):
        return _canonical_json
    if isinstance(stored, DateTime):
        return _iso_utc
    if isinstance(stored, Date):
        return _iso_date
    if isinstance(stored, Numeric) and stored.asdecimal:
        return _decimal
    if isinstance(stored, LargeBinary):
        return bytes.hex
    return None


@functools.lru_cache(maxsize=4096)  # most values repeat (an opinion's flags are mostly "[]")
def _canonical_json(text):
    return json.dumps(json.loads(text), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _iso_utc(moment):
    if moment.tzinfo is None or moment.tzinfo is UTC:  # naive: a plain DateTime column, kept as it is
        return moment.isoformat()
    return moment.astimezone(UTC).isoformat()


def _iso_date(day):
    return day.isoformat()


def _decimal(number):
    return format(number.normalize(), "f")
