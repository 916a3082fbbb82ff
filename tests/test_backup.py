"""Backups that restore: `backup create` of the demo, `backup restore` onto an empty installation (a second
database: a SQLite file, or a second PostgreSQL database beside TEST_DATABASE_URL's), every table and file compared;
tampered archives, non-empty targets and another database kind refused; a backup taken while another process writes
opinions is consistent."""

import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.engine import make_url

from consult import create_app
from consult.agency.models import Agency
from consult.backup.archive import BackupError
from consult.backup.databases import pg_tool
from consult.extensions import db as _db
from consult.feedback.models import Feedback
from tests import factories
from tests.conftest import TEST_DATABASE_URL, _testing_config

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = {
    "ATTACHMENT_DIR": "attachments",
    "REPORTS_DIR": "reports",
    "OFFLINE_UPLOAD_DIR": "offline-uploads",
    "OPEN_DATA_DIR": "open-data",
}
BATCH = 10  # opinions the writer process stores per transaction


def _folders(root):
    """Return the file folder settings of an installation under `root`."""
    return {setting: str(root / name) for setting, name in FOLDERS.items()}


@pytest.fixture
def app_config(tmp_path):
    """The source installation's file folders are this test's own."""
    return _folders(tmp_path / "source")


@pytest.fixture
def pg_tools(app):
    """On PostgreSQL, pg_dump and pg_restore of the server's version must be there: skip without them locally (with
    the reason), fail in CI."""
    if _db.engine.dialect.name != "postgresql":
        return
    with _db.engine.connect() as connection:
        major = int(connection.scalar(text("SHOW server_version_num"))) // 10000
    try:
        pg_tool("pg_dump", major)
        pg_tool("pg_restore", major)
    except BackupError as error:
        if os.environ.get("CI"):
            pytest.fail(f"backups of PostgreSQL need its client programs: {error}")
        pytest.skip(f"backups of PostgreSQL need its client programs: {error}")


@pytest.fixture
def target_url(tmp_path):
    """The address of an empty second database: a SQLite file not made yet, or a new PostgreSQL database."""
    if not TEST_DATABASE_URL:
        (tmp_path / "target").mkdir()
        yield f"sqlite:///{tmp_path / 'target' / 'consult.sqlite3'}"
        return
    url = make_url(TEST_DATABASE_URL)
    name = f"{url.database}_restore"
    server = create_engine(url, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


@pytest.fixture(params=["new", "migrated"])
def target(request, target_url, tmp_path, app):
    """An empty installation: its own database (new, or migrated to head and empty) and empty folders."""
    target_app = create_app(_testing_config(target_url, **_folders(tmp_path / "target")))
    if request.param == "migrated":
        with target_app.app_context():
            from flask_migrate import upgrade

            upgrade()
            _db.session.remove()
    yield target_app
    with target_app.app_context():
        _db.session.remove()
        _db.engine.dispose()


def invoke(app, *args):
    """Run a flask command on `app` (its own app context, database and folders)."""
    with app.app_context():
        try:
            return app.test_cli_runner().invoke(args=list(args))
        finally:
            _db.session.remove()


def _source_content(app, db, demo=True):
    """Load the demo (or a few opinions on one draft), then add an attachment, a retained report file and an offline
    upload waiting."""
    from consult.attachments.services import store_attachment
    from consult.drafts.models import Draft
    from consult.offline.uploads import keep_upload
    from consult.reports.models import Audience
    from consult.reports.runs import request_run
    from tests.attachments.samples import PDF

    if demo:
        result = app.test_cli_runner().invoke(args=["demo", "load"])
        assert result.exit_code == 0, result.output
    else:
        draft = factories.make_draft(factories.make_agency())
        for _ in range(3):
            factories.make_feedback(draft)
    draft = db.session.scalars(select(Draft).order_by(Draft.id)).first()
    store_attachment(None, draft, "Tờ trình dự thảo.pdf", PDF + "Tờ trình, bản ký.".encode())
    request_run(draft, "csv", Audience.AGENCY, True, None)  # built at commit (JOBS_BACKEND inline)
    db.session.commit()
    keep_upload("Ý kiến thu thập tại hội nghị\n".encode())


def _backup(app, folder):
    """Run `backup create` on `app`; return the archive's path."""
    result = invoke(app, "backup", "create", str(folder))
    assert result.exit_code == 0, result.output
    (archive,) = Path(folder).glob("consult-backup-*.tar")
    return archive


def database_content(url):
    """Return every table's rows (every column, in a stable order) and, on PostgreSQL, every sequence's position."""
    engine = create_engine(url)
    try:
        inspector = inspect(engine)
        content = {}
        with engine.connect() as connection:
            for name in inspector.get_table_names():
                rows = connection.execute(text(f'SELECT * FROM "{name}"')).all()
                content[name] = sorted((tuple(row) for row in rows), key=repr)
            if engine.dialect.name == "postgresql":
                sequences = "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = current_schema()"
                content["(sequences)"] = sorted(connection.execute(text(sequences)).all())
        return content
    finally:
        engine.dispose()


def folder_content(folder):
    """Return {relative path: bytes} of every file under `folder`."""
    folder = Path(folder)
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def test_a_backup_of_the_demo_restores_onto_an_empty_installation(app, db, pg_tools, target, tmp_path):
    _source_content(app, db)
    archive = _backup(app, tmp_path / "backups")

    result = invoke(target, "backup", "restore", str(archive))

    assert result.exit_code == 0, result.output
    assert "match its manifest" in result.output
    source_tables = database_content(app.config["SQLALCHEMY_DATABASE_URI"])
    restored_tables = database_content(target.config["SQLALCHEMY_DATABASE_URI"])
    assert sorted(restored_tables) == sorted(source_tables)
    for name, rows in source_tables.items():
        assert restored_tables[name] == rows, name
    assert sum(len(rows) for rows in source_tables.values()) > 3000  # the demo, not an empty database
    for setting in ("ATTACHMENT_DIR", "REPORTS_DIR", "OFFLINE_UPLOAD_DIR"):
        source = folder_content(app.config[setting])
        assert source, setting
        assert folder_content(target.config[setting]) == source, setting
    assert folder_content(target.config["OPEN_DATA_DIR"]) == {}  # rebuilt from the database, not backed up
    with target.app_context():  # the restored installation takes new rows (PostgreSQL's sequences follow)
        agency = factories.make_agency()
        _db.session.commit()
        assert agency.id > max(row[0] for row in source_tables["agency"])
        _db.session.remove()


def test_the_archive_is_private_complete_and_holds_no_setting(app, db, pg_tools, tmp_path):
    _source_content(app, db)
    folder = tmp_path / "backups"
    previous = os.umask(0)  # a permissive umask must not make the archive readable by others
    try:
        archive = _backup(app, folder)
    finally:
        os.umask(previous)

    assert archive.stat().st_mode & 0o777 == 0o600
    assert sorted(path.name for path in folder.iterdir()) == [archive.name]  # no partial file, no scratch copy
    data = archive.read_bytes()
    assert app.config["SECRET_KEY"].encode() not in data
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert names[0].startswith("database/consult.") and names[-1] == "manifest.json"
    assert any(name.startswith("files/attachments/") for name in names)
    assert any(name.startswith("files/reports/") for name in names)
    assert any(name.startswith("files/offline-uploads/") for name in names)
    assert not any("open-data" in name for name in names)
    result = invoke(app, "backup", "verify", str(archive))
    assert result.exit_code == 0 and "every member matches" in result.output, result.output


@pytest.mark.parametrize("member", ["database/", "files/attachments/"])
@pytest.mark.parametrize("target", ["new"], indirect=True)
def test_a_tampered_archive_is_refused_before_anything_is_written(app, db, pg_tools, target, tmp_path, member):
    _source_content(app, db, demo=False)
    archive = _backup(app, tmp_path / "backups")
    with tarfile.open(archive) as tar:
        info = next(info for info in tar if info.name.startswith(member))
    with archive.open("r+b") as handle:  # one byte of the member's data, in place
        handle.seek(info.offset_data + info.size // 2)
        byte = handle.read(1)
        handle.seek(-1, os.SEEK_CUR)
        handle.write(bytes([byte[0] ^ 0x01]))

    verified = invoke(app, "backup", "verify", str(archive))
    restored = invoke(target, "backup", "restore", str(archive))

    for result in (verified, restored):
        assert result.exit_code != 0
        assert info.name in result.output and "does not match its manifest" in result.output
    target_database = make_url(target.config["SQLALCHEMY_DATABASE_URI"])
    if target_database.get_backend_name() == "sqlite":
        assert not Path(target_database.database).exists()
    else:
        assert database_content(target.config["SQLALCHEMY_DATABASE_URI"]) == {"(sequences)": []}
    for setting in FOLDERS:
        assert folder_content(target.config[setting]) == {}


@pytest.mark.parametrize("target", ["migrated"], indirect=True)
def test_restore_refuses_a_target_with_rows_or_files(app, db, pg_tools, target, tmp_path):
    _source_content(app, db, demo=False)
    archive = _backup(app, tmp_path / "backups")
    with target.app_context():
        factories.make_agency(name="Sở đã có dữ liệu", slug="so-da-co")
        _db.session.commit()
        _db.session.remove()
    attachments = Path(target.config["ATTACHMENT_DIR"])
    attachments.mkdir(parents=True)
    (attachments / "left-behind").write_bytes(b"x")

    result = invoke(target, "backup", "restore", str(archive))

    assert result.exit_code != 0
    assert "empty installation only" in result.output and "nothing was written" in result.output
    assert "rows in 1 table(s): agency" in result.output
    assert f"attachments folder {attachments} holds files" in result.output
    with target.app_context():
        assert [agency.slug for agency in _db.session.scalars(select(Agency))] == ["so-da-co"]
        _db.session.remove()
    assert folder_content(attachments) == {"left-behind": b"x"}
    for setting in ("REPORTS_DIR", "OFFLINE_UPLOAD_DIR"):
        assert folder_content(target.config[setting]) == {}


def _forged(archive, folder, change):
    """Return a copy of `archive` whose manifest was changed by `change(manifest)`: every member still matches."""
    forged = folder / archive.name
    with tarfile.open(archive) as tar, tarfile.open(forged, "w") as out:
        for info in tar:
            data = tar.extractfile(info).read()
            if info.name == "manifest.json":
                manifest = json.loads(data)
                change(manifest)
                data = json.dumps(manifest).encode()
                info.size = len(data)
            out.addfile(info, io.BytesIO(data))
    return forged


@pytest.mark.parametrize("target", ["new"], indirect=True)
def test_an_archive_of_another_database_kind_or_a_newer_migration_is_refused(app, db, pg_tools, target, tmp_path):
    _source_content(app, db, demo=False)
    archive = _backup(app, tmp_path / "backups")
    other = "sqlite" if TEST_DATABASE_URL else "postgresql"
    other_kind = _forged(archive, tmp_path, lambda manifest: manifest["database"].update(kind=other))
    (tmp_path / "newer").mkdir()
    newer = _forged(archive, tmp_path / "newer", lambda manifest: manifest.update(migration_head=["9999"]))

    kind = invoke(target, "backup", "restore", str(other_kind))
    migration = invoke(target, "backup", "restore", str(newer))

    assert kind.exit_code != 0
    names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    assert (
        f"holds a {names[other]} database and this installation uses {names[_db.engine.dialect.name]}" in kind.output
        and "db copy-to" in kind.output
    )
    assert migration.exit_code != 0
    assert "at migration 9999, unknown to this version of Consult" in migration.output
    assert folder_content(target.config["ATTACHMENT_DIR"]) == {}


WRITER = """
import hashlib
import sys
from pathlib import Path

from consult import create_app
from consult.agency.models import Agency
from consult.drafts.models import Draft
from consult.extensions import db
from consult.feedback.store import opinion_row, store_opinions
from tests.conftest import _testing_config

url, draft_id, batch, stop, progress = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4]), Path(sys.argv[5])
app = create_app(_testing_config(url))
with app.app_context():
    draft = db.session.get(Draft, draft_id)
    number = 0
    while not stop.exists():
        number += 1
        # One transaction: copies of one text (unlike every other batch's), grouped under the first: two inserts,
        # then the grouping index.
        words = " ".join(hashlib.sha256(f"{number}-{part}".encode()).hexdigest() for part in range(4))
        values = {"stance": "oppose", "content": f"Đề nghị sửa Điều 2: {words}",
                  "author_name": "Người gửi thử", "author_kind": "individual", "locality": "ha-noi"}
        store_opinions([opinion_row(draft, values) for _ in range(batch)])
        db.session.commit()
        progress.with_suffix(".new").write_text(str(number))
        progress.with_suffix(".new").replace(progress)  # read whole by the test
"""


def _batches(progress):
    """Return how many batches the writer has committed."""
    try:
        return int(progress.read_text() or 0)
    except (FileNotFoundError, ValueError):
        return 0


def _wait_for(progress, count, process, errors):
    """Wait until the writer has committed `count` batches."""
    deadline = time.monotonic() + 60
    while _batches(progress) < count:
        assert process.poll() is None, errors.read_text()[-3000:]
        assert time.monotonic() < deadline, "the writer process made no progress"
        time.sleep(0.02)


@pytest.mark.parametrize("target", ["new"], indirect=True)
def test_a_backup_taken_while_another_process_writes_opinions_is_consistent(
    app, db, pg_tools, open_draft, target, tmp_path
):
    stop, progress, errors = tmp_path / "stop", tmp_path / "progress", tmp_path / "writer.log"
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    with errors.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-c", WRITER, url, str(open_draft.id), str(BATCH), str(stop), str(progress)],
            cwd=ROOT,
            stderr=log,
        )
    try:
        _wait_for(progress, 3, process, errors)
        before = _batches(progress)
        archive = _backup(app, tmp_path / "backups")
        after = _batches(progress)
        _wait_for(progress, after + 2, process, errors)  # still writing after the backup
    finally:
        stop.touch()
        process.wait(timeout=60)
    assert process.returncode == 0, errors.read_text()[-3000:]
    assert after > before  # batches were committed while the backup was made (4 to 13 of them in trials)

    result = invoke(target, "backup", "restore", str(archive))

    assert result.exit_code == 0, result.output
    with target.app_context():
        opinions = _db.session.execute(select(Feedback.content, Feedback.id, Feedback.duplicate_group_id)).all()
        _db.session.remove()
    assert before * BATCH <= len(opinions) <= after * BATCH
    per_text = Counter(content for content, _id, _group in opinions)
    assert set(per_text.values()) == {BATCH}  # whole transactions only
    ids = {opinion_id for _content, opinion_id, _group in opinions}
    assert all(group in ids for _content, _id, group in opinions if group is not None)
    target_database = make_url(target.config["SQLALCHEMY_DATABASE_URI"])
    if target_database.get_backend_name() == "sqlite":
        with sqlite3.connect(target_database.database) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def test_a_backup_warns_of_files_the_database_names_but_its_folder_lacks(app, db, pg_tools, tmp_path):
    _source_content(app, db, demo=False)
    app.config["ATTACHMENT_DIR"] = str(tmp_path / "elsewhere")  # a cron job without the app's settings

    result = invoke(app, "backup", "create", str(tmp_path / "backups"))

    assert result.exit_code == 0, result.output
    assert "Warning: 1 file(s) the database names are not in the attachments folder" in result.stderr
    assert "reports folder" not in result.stderr
