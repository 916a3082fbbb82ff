"""Backups that restore: `flask --app consult backup create DIR`, `backup verify ARCHIVE`, `backup restore ARCHIVE`.

One archive, `consult-backup-YYYYMMDD-HHMMSSZ.tar` (a plain tar, mode 0600: it holds citizens' contact details),
holds one consistent copy of the database, then the files the database points at, and a manifest:

    database/consult.sqlite3   SQLite's online backup of the whole file (or database/consult.pgdump: pg_dump's
                               custom format, taken in the same snapshot as the row counts)
    files/attachments/...      ATTACHMENT_DIR: drafts' attached files
    files/reports/...          REPORTS_DIR: report files kept for download
    files/offline-uploads/...  OFFLINE_UPLOAD_DIR: checked files of offline opinions waiting for confirmation
    manifest.json              format, creation time (UTC), app version, migration head, database kind, the row
                               count of every table, and the path, size and sha256 of every other member

OPEN_DATA_DIR is left out on purpose: its files are built from the public part of the database alone and are rebuilt
by `flask --app consult opendata build` (or by the next public change); they would only make every archive larger.
No setting is written into an archive: no database address, no key.

The database is copied first, then the files: an attachment or report is written to disk before the row naming it
is committed, so every file the copied database names is in the archive (unless it was deleted in between).
"""
