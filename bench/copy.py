"""Benchmark: `flask --app consult database copy-to` of the demo and 100,000 opinions, from SQLite to PostgreSQL.

Builds a fresh SQLite file: migrated, the demo data, then --opinions opinions (default 100,000) written by
bench/queue.py's INSERT ... SELECT (SQLite's triggers fill feedback_flag as in production: one in ten flagged, one
in twenty a copy in one group), 7 in 10 of them then approved and indexed for search (`search reindex`). Creates the
PostgreSQL database bench_copy on --server (refusing to start if it exists; dropped at the end), copies into it as
the command does (migration, the copy in one transaction, sequences, ANALYZE) and compares the two. Prints:

  # source: N rows in T tables, F MB, built in S s
  baseline=read rows=N seconds=S rows_per_s=R      every table read through the app's types, nothing written
  table=NAME rows=N seconds=S rows_per_s=R         each table of --big rows or more (default 10,000)
  copy rows=N seconds=S rows_per_s=R migrate_s=M   the whole copy, from the first row read to ANALYZE
  verify tables=T rows=N seconds=S ok=yes|no
  write=copy|executemany table=feedback rows=N seconds=S rows_per_s=R

The last two lines write the same feedback rows (read and converted beforehand) into an empty table shaped like
feedback, without indexes, foreign keys or triggers: PostgreSQL's COPY, as the command does, against SQLAlchemy's
executemany of an INSERT. Compare `rows_per_s` of the copy with the read baseline: what the copy costs beyond
reading the source.

  .venv/bin/python bench/copy.py [--opinions 100000] [--server postgresql://postgres@127.0.0.1:5432] [--big 10000]

Dated results: docs/benchmarks.md.
"""

import argparse
import importlib.util
import json
import os
import tempfile
import time

from common import HERE, migrated_app  # first: puts the project on sys.path (not this folder)

DATABASE = "bench_copy"


def queue_opinions_sql(dialect):
    """Return bench/queue.py's INSERT ... SELECT of synthetic opinions (imported by path: its name is a stdlib's)."""
    spec = importlib.util.spec_from_file_location("bench_queue", HERE / "queue.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module._opinions_sql(dialect)


def build_source(url, opinions):
    """Migrate a SQLite file, load the demo, add `opinions` opinions (7 in 10 approved) and index them."""
    from datetime import timedelta

    from sqlalchemy import select, text

    from consult.database import utcnow
    from consult.demo import load_demo
    from consult.drafts.models import Draft
    from consult.extensions import db
    from consult.search.indexing import reindex

    app = migrated_app(url)
    with app.app_context():
        load_demo()
        db.session.commit()
        big, small = db.session.scalars(select(Draft).order_by(Draft.id)).all()[:2]
        now = utcnow()
        db.session.execute(
            text(queue_opinions_sql("sqlite")),
            {
                "count": opinions,
                "draft": big.id,
                "version": big.current_version_id,
                "small_draft": small.id,
                "small_version": small.current_version_id,
                "article": big.articles[0].id,
                "start": (now - timedelta(seconds=opinions + 60)).replace(tzinfo=None).isoformat(sep=" "),
            },
        )
        db.session.execute(
            text(
                "UPDATE feedback SET status = 'approved', decided_at = created_at "
                "WHERE receipt_code LIKE 'Q%' AND id % 10 < 7"
            )
        )
        db.session.commit()
        for _ in reindex(5000):
            db.session.commit()
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return app


def read_all(engine, tables):
    """Read every row of every table through the app's types, as the copy does; return the rows read."""
    from sqlalchemy import JSON, Text, cast, select

    rows = 0
    with engine.connect() as connection:
        for table in tables:
            selected = [cast(column, Text) if isinstance(column.type, JSON) else column for column in table.columns]
            statement = select(*selected).order_by(*table.primary_key.columns)
            for batch in connection.execution_options(yield_per=5000).execute(statement).partitions():
                rows += len(batch)
    return rows


def write_methods(source, target, table):
    """Time COPY and executemany of one table's rows (read beforehand) into empty tables shaped like it."""
    from sqlalchemy import JSON, Column, MetaData, Table, Text, cast, insert, select

    from consult.dbcopy.copying import _converted, driver_dialect

    dialect = driver_dialect()
    columns = list(table.columns)
    processors = [
        (index, processor)
        for index, column in enumerate(columns)
        if not isinstance(column.type, JSON)
        and (processor := column.type.dialect_impl(dialect).bind_processor(dialect)) is not None
    ]
    selected = [cast(column, Text) if isinstance(column.type, JSON) else column for column in columns]
    with source.connect() as connection:
        rows = connection.execute(select(*selected)).all()
    names = [column.name for column in columns]
    # The executemany's table has the app's column types: SQLAlchemy converts the values (JSON decoded first).
    typed = Table("bench_executemany", MetaData(), *[Column(column.name, column.type) for column in columns])
    decoded = [
        [
            json.loads(value) if isinstance(column.type, JSON) and value is not None else value
            for column, value in zip(columns, row, strict=True)
        ]
        for row in rows
    ]
    for method in ("copy", "executemany"):
        with target.begin() as connection:
            connection.exec_driver_sql(f"CREATE TEMPORARY TABLE bench_{method} (LIKE {table.name} INCLUDING DEFAULTS)")
            started = time.perf_counter()
            if method == "copy":
                driver = connection.connection.driver_connection
                with driver.cursor() as cursor, cursor.copy(f"COPY bench_copy ({', '.join(names)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(_converted(row, processors))
            else:
                for start in range(0, len(rows), 5000):
                    batch = [dict(zip(names, row, strict=True)) for row in decoded[start : start + 5000]]
                    connection.execute(insert(typed), batch)
            seconds = time.perf_counter() - started
            connection.rollback()
        print(
            f"write={method} table={table.name} rows={len(rows)} seconds={seconds:.2f} "
            f"rows_per_s={len(rows) / seconds:,.0f}",
            flush=True,
        )


def run(server, opinions, big):
    """Build the source, copy it into a new database on `server`, compare, print the figures; drop the database."""
    from sqlalchemy import create_engine, func, select, text
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import OperationalError

    from config import normalise_database_url
    from consult.dbcopy.checks import copied_tables, migrate_target
    from consult.dbcopy.checksums import compare_databases
    from consult.dbcopy.copying import copy_database
    from consult.extensions import db

    admin = create_engine(
        make_url(normalise_database_url(server)).set(database="postgres"), isolation_level="AUTOCOMMIT"
    )
    try:
        with admin.connect():
            pass
    except OperationalError as error:
        print(f"copy skipped: no PostgreSQL at {server} ({type(error.orig).__name__})")
        return
    target_url = make_url(normalise_database_url(server)).set(database=DATABASE).render_as_string(False)
    with tempfile.TemporaryDirectory() as folder:
        source_file = os.path.join(folder, "source.sqlite3")
        started = time.perf_counter()
        app = build_source(f"sqlite:///{source_file}", opinions)
        built = time.perf_counter() - started
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{DATABASE}"'))  # fails if it exists: never another's data
        target = create_engine(target_url, hide_parameters=True)
        try:
            with app.app_context():
                tables = copied_tables()
                with db.engine.connect() as connection:
                    total = sum(connection.scalar(select(func.count()).select_from(table)) for table in tables)
                size = os.path.getsize(source_file) / 1e6
                print(
                    f"# source: {total} rows in {len(tables)} tables, {size:.0f} MB, built in {built:.0f} s", flush=True
                )
                started = time.perf_counter()
                rows = read_all(db.engine, tables)
                seconds = time.perf_counter() - started
                print(f"baseline=read rows={rows} seconds={seconds:.2f} rows_per_s={rows / seconds:,.0f}", flush=True)
                started = time.perf_counter()
                migrate_target(target_url)
                migrate_seconds = time.perf_counter() - started
                copied = copy_database(db.engine, target, tables)
                for table in copied.tables:
                    if table.rows >= big:
                        print(
                            f"table={table.name} rows={table.rows} seconds={table.seconds:.2f} "
                            f"rows_per_s={table.rows / table.seconds:,.0f}",
                            flush=True,
                        )
                print(
                    f"copy rows={copied.rows} seconds={copied.seconds:.2f} "
                    f"rows_per_s={copied.rows / copied.seconds:,.0f} "
                    f"migrate_s={migrate_seconds:.1f} restore_s={copied.restore_seconds:.2f} "
                    f"analyze_s={copied.analyze_seconds:.2f}",
                    flush=True,
                )
                started = time.perf_counter()
                checks = compare_databases(db.engine, target, tables)
                seconds = time.perf_counter() - started
                ok = "yes" if all(check.ok for check in checks) else "no"
                compared = sum(check.source_rows for check in checks)
                print(f"verify tables={len(checks)} rows={compared} seconds={seconds:.2f} ok={ok}", flush=True)
                write_methods(db.engine, target, db.metadata.tables["feedback"])
                db.engine.dispose()
        finally:
            target.dispose()
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)'))
            admin.dispose()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--opinions", type=int, default=100_000)
    parser.add_argument("--server", default="postgresql://postgres@127.0.0.1:5432", help="PostgreSQL server address")
    parser.add_argument("--big", type=int, default=10_000, help="print tables of at least this many rows")
    args = parser.parse_args()
    run(args.server, args.opinions, args.big)


if __name__ == "__main__":
    main()
