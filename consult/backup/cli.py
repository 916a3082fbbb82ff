"""`flask --app consult backup create DIR`, `backup verify ARCHIVE`, `backup restore ARCHIVE`."""

import click

from consult.backup.archive import FILE_DIRS, BackupError


@click.group("backup")
def backup_cli():
    """Backups of the database and files, and restoring one onto an empty installation."""


@backup_cli.command("create")
@click.argument("folder", type=click.Path(file_okay=False))
def create_command(folder):
    """Write a dated archive of the database, attachments, report files and pending offline uploads into FOLDER."""
    from consult.backup.services import create_backup

    try:
        path, manifest = create_backup(folder)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Wrote {path} ({path.stat().st_size:,} bytes, mode 0600: it holds personal data).")
    _echo_contents(manifest)
    _warn_missing(manifest)


@backup_cli.command("verify")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False))
def verify_command(archive):
    """Check that every member of ARCHIVE matches the size and sha256 in its manifest; restore nothing."""
    from consult.backup.services import verify_backup

    try:
        manifest = verify_backup(archive)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"{archive}: every member matches its manifest.")
    _echo_contents(manifest)
    _warn_missing(manifest)


@backup_cli.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False))
def restore_command(archive):
    """Restore ARCHIVE onto this installation, which must be empty (stop the app servers and workers first)."""
    from consult.backup.services import restore_backup

    try:
        manifest, notes = restore_backup(archive)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Restored {archive}; the migration revision and every table's row count match its manifest.")
    _echo_contents(manifest)
    for note in notes:
        click.echo(note)


def _warn_missing(manifest):
    """Warn on stderr of files the database names that were not in their folder when the backup was made."""
    for name, relatives in manifest.get("missing_files", {}).items():
        shown = ", ".join(relatives[:5]) + (f" and {len(relatives) - 5} more" if len(relatives) > 5 else "")
        click.echo(
            f"Warning: {len(relatives)} file(s) the database names are not in the {name} folder, so not in the "
            f"archive (is the folder set as the app's?): {shown}",
            err=True,
        )


def _echo_contents(manifest):
    """Print what an archive holds, from its manifest."""
    database = manifest["database"]
    entries = {entry["path"]: entry for entry in manifest["files"]}
    size = entries[database["member"]]["size"]
    rows = sum(database["tables"].values())
    server = f" {database['server_version']}" if database.get("server_version") else ""
    click.echo(
        f"  made {manifest['created_at']} by Consult {manifest['app_version']}, "
        f"migration {', '.join(manifest['migration_head'])}"
    )
    click.echo(
        f"  database: {database['kind']}{server}, {len(database['tables'])} tables, {rows:,} rows, {size:,} bytes"
    )
    for name in FILE_DIRS:
        files = [entry for path, entry in entries.items() if path.startswith(f"files/{name}/")]
        click.echo(f"  {name}: {len(files)} file(s), {sum(entry['size'] for entry in files):,} bytes")
