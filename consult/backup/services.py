"""Making, checking and restoring a backup of this installation (consult/backup/__init__.py tells what is in one)."""

import tempfile
from contextlib import closing
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import select

from consult.backup.archive import (
    FILE_DIRS,
    FORMAT,
    ArchiveWriter,
    BackupError,
    archive_name,
    folder_files,
    member_target,
    open_checked,
)
from consult.backup.databases import (
    DATABASE_FILES,
    KIND_NAMES,
    SQLITE,
    copy_sqlite,
    dump_postgresql,
    migration_heads,
    restore_postgresql,
    restore_sqlite,
    row_counts,
    table_names,
    tables_with_rows,
)
from consult.database import utcnow
from consult.extensions import db

OPEN_DATA_NOTE = "not included: built from the database alone; rebuild with `flask --app consult opendata build`"


def create_backup(folder, now=None):
    """Write one archive of the database and files into `folder`; return (its path, its manifest)."""
    now = (now or utcnow()).replace(microsecond=0)
    folder = Path(folder)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    sources = _file_folders()
    for name, source in sources.items():
        if folder.resolve().is_relative_to(source.resolve()):
            raise BackupError(f"{folder} is inside the {name} folder ({source}), which is backed up: choose another")
    engine = db.engine
    kind = engine.dialect.name
    if kind not in DATABASE_FILES:
        raise BackupError(f"backups handle SQLite and PostgreSQL, not {kind}")
    writer = ArchiveWriter(folder, archive_name(now))
    try:
        # The scratch folder is 0700: the copy of the database holds personal data until it is in the archive.
        with tempfile.TemporaryDirectory(dir=folder, prefix=".consult-backup-") as scratch:
            copy = Path(scratch) / DATABASE_FILES[kind]
            snapshot = copy_sqlite if kind == SQLITE else dump_postgresql
            database = snapshot(engine, copy, read=_named_files)
            member = f"database/{copy.name}"
            writer.add_file(member, copy)
        named = database.pop("named_files")
        for name, source in sources.items():
            for relative, path in folder_files(source):
                try:
                    writer.add_file(f"files/{name}/{relative}", path)
                except FileNotFoundError:  # deleted since it was listed (a report file withdrawn)
                    continue
        archived = {entry["path"] for entry in writer.entries}
        missing = {
            name: sorted(relative for relative in relatives if f"files/{name}/{relative}" not in archived)
            for name, relatives in named.items()
        }
        manifest = {
            "format": FORMAT,
            "created_at": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "app_version": _app_version(),
            "migration_head": database.pop("migration_head"),
            "database": {"kind": kind, "member": member, **database},
            "files": writer.entries,
            "missing_files": {name: relatives for name, relatives in missing.items() if relatives},
            "open_data": OPEN_DATA_NOTE,
        }
        path = writer.finish(manifest)
    except BaseException:
        writer.discard()
        raise
    return path, manifest


def _named_files(connection):
    """Return {"named_files": {archive folder: [file names]}}: the files the database says are on disk (read in
    the database's snapshot, to warn of any the folders lack: a folder setting that differs from the app's)."""
    from consult.attachments.models import Attachment
    from consult.reports.models import ReportRun, RunStatus

    attachments = connection.scalars(select(Attachment.stored_name)).all()
    reports = connection.scalars(select(ReportRun.file_name).where(ReportRun.status == RunStatus.DONE)).all()
    return {"named_files": {"attachments": attachments, "reports": [name for name in reports if name]}}


def verify_backup(path):
    """Check every member of the archive at `path` against its manifest, writing nothing; return the manifest."""
    checked = open_checked(path)
    checked.tar.close()
    return checked.manifest


def restore_backup(path):
    """Restore the archive at `path` onto this installation, which must be empty; return (manifest, [notes]).

    Nothing is written before every checksum has been checked, the database kind and migration revision accepted
    and the target found empty. Afterwards the migration revision and every table's row count are compared with
    the manifest."""
    checked = open_checked(path)
    with closing(checked.tar):
        manifest = checked.manifest
        engine = db.engine
        kind = engine.dialect.name
        _refuse_other_kind(manifest, kind)
        _refuse_unknown_revision(manifest)
        folders = _file_folders()
        database_member, targets = _planned_targets(manifest, folders)
        had_tables = _refuse_non_empty(engine, folders)
        with tempfile.TemporaryDirectory(prefix="consult-restore-") as scratch:
            copy = checked.extract(database_member, Path(scratch) / DATABASE_FILES[kind])
            if kind == SQLITE:
                restore_sqlite(engine, copy)
            else:
                restore_postgresql(engine, copy, clean=had_tables)
        for member, target in targets.items():
            checked.extract(member, target)
    _check_restored(engine, manifest)
    _refresh_page_cache()
    notes = []
    heads = sorted(_code_heads())
    if manifest["migration_head"] != heads:
        notes.append(
            f"The database is at migration {', '.join(manifest['migration_head'])}; this code's head is "
            f"{', '.join(heads)}: run `flask --app consult db upgrade`."
        )
    notes.append("Open data files are not in backups: run `flask --app consult opendata build`.")
    return manifest, notes


def _refuse_other_kind(manifest, kind):
    """Refuse an archive of another database kind: moving between SQLite and PostgreSQL is another command's job."""
    archived = manifest["database"].get("kind")
    if archived == kind:
        return
    if archived in KIND_NAMES and kind in KIND_NAMES:
        archived, kind = KIND_NAMES[archived], KIND_NAMES[kind]
        raise BackupError(
            f"the archive holds a {archived} database and this installation uses {kind}. Restore it onto a "
            f"{archived} installation, then move the data with `flask --app consult db copy-to`"
        )
    raise BackupError(f"the archive holds a {archived!r} database; this installation uses {kind}")


def _refuse_unknown_revision(manifest):
    """Refuse a database at a migration this code does not ship (made by a newer version of Consult)."""
    known = _known_revisions()
    unknown = [revision for revision in manifest["migration_head"] if revision not in known]
    if unknown:
        raise BackupError(
            f"the archive's database is at migration {', '.join(unknown)}, unknown to this version of Consult "
            f"(app version {_app_version()}; the archive's: {manifest.get('app_version')}): install that "
            "version or a newer one first"
        )


def _planned_targets(manifest, folders):
    """Return the database's member and {file member: where it goes}, refusing any member named unexpectedly."""
    members = [entry["path"] for entry in manifest["files"]]
    database_member = manifest["database"].get("member", "")
    parts = database_member.split("/")
    if len(parts) != 2 or parts[0] != "database" or parts[1] in ("", ".", "..") or database_member not in members:
        raise BackupError(f"unexpected database member {database_member!r} in the manifest")
    return database_member, {member: member_target(member, folders) for member in members if member != database_member}


def _refuse_non_empty(engine, folders):
    """Refuse a target whose database has rows in any table, or whose file folders hold a file; return whether the
    database has tables already (migrated, empty)."""
    problems = []
    if engine.dialect.name == SQLITE and not Path(engine.url.database or "").exists():
        tables, full = [], []
    else:
        with engine.connect() as connection:
            tables, full = table_names(connection), tables_with_rows(connection)
    if full:
        shown = ", ".join(full[:8]) + (f" and {len(full) - 8} more" if len(full) > 8 else "")
        problems.append(f"the database has rows in {len(full)} table(s): {shown}")
    for name, folder in {**folders, "open data": Path(current_app.config["OPEN_DATA_DIR"])}.items():
        if folder.is_dir() and any(path.is_file() for path in folder.rglob("*")):
            problems.append(f"the {name} folder {folder} holds files")
    if problems:
        raise BackupError(
            "a backup is restored onto an empty installation only (a new database, migrated or not, and empty "
            "folders); nothing was written:\n  " + "\n  ".join(problems)
        )
    return bool(tables)


def _check_restored(engine, manifest):
    """Compare the restored database's migration revision, tables and row counts with the manifest."""
    with engine.connect() as connection:
        heads = migration_heads(connection)
        counts = row_counts(connection)
    expected = manifest["database"]["tables"]
    problems = [] if heads == manifest["migration_head"] else [f"migration {heads}, not {manifest['migration_head']}"]
    problems += [
        f"{name}: {counts.get(name, 'missing')} row(s), the manifest says {expected.get(name, 'no such table')}"
        for name in sorted(set(counts) | set(expected))
        if counts.get(name) != expected.get(name)
    ]
    if problems:
        raise BackupError("the restored database does not match the manifest:\n  " + "\n  ".join(problems))


def _refresh_page_cache():
    """Pages cached while the installation was empty are rendered again (a shared Redis cache outlives restarts)."""
    from consult.pagecache import new_generation

    new_generation()


def _file_folders():
    """Return {archive folder: folder on disk} of the files that are backed up."""
    return {name: Path(current_app.config[setting]) for name, setting in FILE_DIRS.items()}


def _script_directory():
    """Return the migrations' script directory of this code."""
    migrate = current_app.extensions["migrate"]
    return ScriptDirectory.from_config(migrate.migrate.get_config(migrate.directory))


def _known_revisions():
    """Return every migration revision this code ships."""
    return {script.revision for script in _script_directory().walk_revisions()}


def _code_heads():
    """Return the head revisions of this code's migrations."""
    return set(_script_directory().get_heads())


def _app_version():
    """Return the installed version of Consult."""
    try:
        return version("consult")
    except PackageNotFoundError:
        return "unknown"
