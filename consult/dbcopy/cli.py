"""`flask --app consult database copy-to URL` and `database verify URL`: move the app's SQLite database into
PostgreSQL and compare the two.

A group of our own rather than a subcommand of `flask db`: that group is Flask-Migrate's, one click object shared by
every app of the process, whose callback sets Flask-Migrate's options; adding to it would change a library's global.
"""

import time

import click
from flask.cli import with_appcontext

from consult.dbcopy import CopyRefused
from consult.extensions import db


@click.group("database")
def database_cli():
    """Move the database from SQLite to PostgreSQL."""


@database_cli.command("copy-to")
@click.argument("url")
@click.option("--batch-size", default=5000, show_default=True, help="Rows read and written at a time.")
@with_appcontext
def copy_to_command(url, batch_size):
    """Copy this app's SQLite database (DATABASE_URL) into the empty PostgreSQL database at URL, then compare them.

    The target may have no tables (it is migrated to the head first) or be migrated to the same revision with no
    rows. Stop the app first: what it writes during the copy would not be copied (the comparison then fails).
    """
    from consult.dbcopy.checks import copied_tables

    tables = copied_tables()
    target = _target(url)
    try:
        _copy(url, target, tables, batch_size)
        _verify(target, tables)
    finally:
        target.dispose()


@database_cli.command("verify")
@click.argument("url")
@with_appcontext
def verify_command(url):
    """Compare this app's database with the PostgreSQL database at URL: row counts and a checksum per table."""
    from consult.dbcopy.checks import copied_tables

    target = _target(url)
    try:
        _verify(target, copied_tables())
    finally:
        target.dispose()


def _target(url):
    """Return an engine on the target, or stop when URL is not a PostgreSQL address."""
    from consult.dbcopy.checks import target_engine

    try:
        return target_engine(url)
    except CopyRefused as refusal:
        raise click.ClickException(str(refusal)) from None


def _copy(url, target, tables, batch_size):
    """Check both databases, migrate a bare target, copy, and print what was done."""
    from consult.dbcopy.checks import check_source, migrate_target, migrations_head, shown, target_needs_migrating
    from consult.dbcopy.copying import copy_database

    try:
        head = migrations_head()
        with db.engine.connect() as connection:
            check_source(connection, tables, head)
        click.echo(f"Source: {shown(db.engine.url)} at revision {head}.")
        with target.connect() as connection:
            bare = target_needs_migrating(connection, tables, head)
        if bare:
            click.echo(f"Target: {shown(target.url)} has no tables; migrating it to revision {head}.")
            migrate_target(url)
        else:
            click.echo(f"Target: {shown(target.url)} at revision {head}, its tables empty.")
        click.echo(f"Copying {len(tables)} tables in one transaction, {batch_size:,} rows at a time:")
        copied = copy_database(db.engine, target, tables, batch_size, progress=_progress_printer())
    except CopyRefused as refusal:
        raise click.ClickException(f"{refusal} (nothing was copied).") from None
    click.echo(
        f"Copied {copied.rows:,} rows in {copied.seconds:.1f} s ({_rate(copied.rows, copied.seconds)} rows/s); "
        f"{copied.sequences} sequences set past the copied ids; foreign keys checked, triggers on again, "
        "ANALYZE done."
    )


def _verify(target, tables):
    """Print the comparison table; exit with status 1 when any table differs."""
    from consult.dbcopy.checksums import compare_databases

    click.echo("Comparing (rows, and a SHA-256 of each table's values as the app reads them):")
    click.echo(f"  {'table':<22} {'source rows':>12} {'target rows':>12}  checksum")
    started = time.perf_counter()
    checks = compare_databases(db.engine, target, tables, progress=_print_check)
    seconds = time.perf_counter() - started
    different = [check.name for check in checks if not check.ok]
    if different:
        raise click.ClickException(
            f"{len(different)} of {len(checks)} tables differ: {', '.join(different)} (compared in {seconds:.1f} s). "
            "If the app ran during the copy, stop it, drop and create the target database, and copy again."
        )
    click.echo(
        f"All {len(checks)} tables match ({sum(check.source_rows for check in checks):,} rows, {seconds:.1f} s)."
    )


def _print_check(check, _seconds):
    mark = (
        f"ok {check.source_sha256[:12]}"
        if check.ok
        else f"DIFFERENT {check.source_sha256[:12]} {check.target_sha256[:12]}"
    )
    click.echo(f"  {check.name:<22} {check.source_rows:>12,} {check.target_rows:>12,}  {mark}")


def _progress_printer(every=2.0):
    """Return the copy's progress callback: a line when a table is done, and every `every` seconds in a long one."""
    last = {"at": time.perf_counter()}

    def progress(table, done, total, seconds):
        now = time.perf_counter()
        if done < total and now - last["at"] < every:
            return
        last["at"] = now
        click.echo(f"  {table:<22} {done:>10,} / {total:<10,} rows  {_rate(done, seconds)} rows/s")

    return progress


def _rate(rows, seconds):
    return f"{rows / seconds:,.0f}" if seconds > 0 else "-"
