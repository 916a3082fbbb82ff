"""Moving from SQLite to PostgreSQL (`flask --app consult database copy-to URL`): the demo copied whole and served
from the target, ids going on past the copied ones, refusals that write nothing, and checksums that see a change.

The source is always a SQLite file made here (whatever TEST_DATABASE_URL says); the targets are scratch databases
named test_copy_<random> on the PostgreSQL server of TEST_DATABASE_URL, else 127.0.0.1:5432 (skipped with the reason
when none answers; failed in CI).
"""

import os
import re
import shutil
import uuid
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from config import normalise_database_url
from consult import create_app
from consult.dbcopy.checks import copied_tables
from consult.dbcopy.checksums import compare_databases
from consult.drafts.models import Draft
from consult.extensions import db
from consult.feedback.models import Feedback
from tests.conftest import TEST_DATABASE_URL, _testing_config, post_form

SERVER = make_url(normalise_database_url(TEST_DATABASE_URL or "postgresql://postgres@127.0.0.1:5432/postgres"))


def _unavailable(reason):
    """Fail in CI, skip (with the reason shown) elsewhere."""
    if os.environ.get("CI"):
        pytest.fail(f"the copy to PostgreSQL cannot be tested in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def scratch_database():
    """Return make(template=None) -> URL of a new database test_copy_<random> (a copy of `template`'s when given);
    every database made is dropped at the end of the module."""
    admin = create_engine(SERVER.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect():
            pass
    except OperationalError as error:
        admin.dispose()
        _unavailable(f"no PostgreSQL at {SERVER.render_as_string(hide_password=True)}: {error}")
    made = []

    def make(template=None):
        name = f"test_copy_{uuid.uuid4().hex[:12]}"
        copied_from = f' TEMPLATE "{make_url(template).database}"' if template else ""
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"{copied_from}'))
        made.append(name)
        return SERVER.set(database=name).render_as_string(hide_password=False)

    yield make
    with admin.connect() as connection:
        for name in made:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="module")
def source_file(tmp_path_factory):
    """A SQLite file migrated to the head and holding the demo data."""
    from flask_migrate import upgrade

    from consult.demo import load_demo

    path = tmp_path_factory.mktemp("copy") / "source.sqlite3"
    app = create_app(_testing_config(f"sqlite:///{path}"))
    with app.app_context():
        upgrade()
        load_demo()
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return path


@pytest.fixture(scope="module")
def source_app(source_file):
    """The app on the SQLite source, as an operator's `flask` command would build it."""
    app = create_app(_testing_config(f"sqlite:///{source_file}"))
    yield app
    with app.app_context():
        db.engine.dispose()


def copy_to(app, url):
    """Run `flask --app consult database copy-to URL` on `app`; return the result."""
    return app.test_cli_runner().invoke(args=["database", "copy-to", url])


@pytest.fixture(scope="module")
def copied(scratch_database, source_app):
    """A scratch database with no tables, into which the demo was copied by the command; (URL, its output)."""
    url = scratch_database()
    result = copy_to(source_app, url)
    assert result.exit_code == 0, result.output
    return url, result.output


@pytest.fixture(scope="module")
def migrated_empty(copied, scratch_database):
    """A scratch database at the head with every table empty (the copy's, emptied)."""
    url = scratch_database(template=copied[0])
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            names = ", ".join(f'"{table.name}"' for table in db.metadata.sorted_tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY"))
    finally:
        engine.dispose()
    return url


@pytest.fixture
def engine_on():
    """Return engine_on(url): an engine on a scratch database, disposed of after the test."""
    engines = []

    def make(url):
        engines.append(create_engine(url))
        return engines[-1]

    yield make
    for engine in engines:
        engine.dispose()


@pytest.fixture
def target_app():
    """Return start(url): the app configured on a target database, disposed of after the test."""
    apps = []

    def start(url):
        app = create_app(_testing_config(url))
        apps.append(app)
        return app

    yield start
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def row_counts(url):
    """Return {table: rows} of a database."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return {table.name: connection.scalar(select(func.count()).select_from(table)) for table in copied_tables()}
    finally:
        engine.dispose()


def test_the_demo_is_copied_whole_and_served_from_postgresql(source_app, copied, target_app):
    url, output = copied
    assert "has no tables; migrating it to revision" in output
    assert re.search(r"feedback\s+\d+ / \d+\s+rows", output)  # progress per table
    assert f"All {len(copied_tables())} tables match" in output
    with source_app.app_context():
        source_counts = {
            table.name: db.session.scalar(select(func.count()).select_from(table)) for table in copied_tables()
        }
    assert row_counts(url) == source_counts and source_counts["feedback"] > 90

    app = target_app(url)
    with app.app_context():
        assert db.engine.dialect.name == "postgresql"
        draft = db.session.scalar(select(Draft).where(Draft.status == "open"))
        client = app.test_client()
        page = client.get(f"/drafts/{draft.slug}")
        assert page.status_code == 200 and draft.title in page.get_data(as_text=True)
        # PostgreSQL's own search (the stored tsvector and its GIN index), typed with and without diacritics.
        for words in ("vỉa hè", "via he"):
            found = client.get("/search", query_string={"q": words}).get_data(as_text=True)
            assert "<mark>" in found, words


def test_a_new_opinion_on_the_target_gets_an_id_past_the_copied_ones(copied, scratch_database, target_app):
    url = scratch_database(template=copied[0])
    app = target_app(url)
    with app.app_context():
        copied_max = db.session.scalar(select(func.max(Feedback.id)))
        draft = db.session.scalar(select(Draft).where(Draft.status == "open"))
        client = app.test_client()
        form = {
            "target": "2",
            "stance": "oppose",
            "content": "Đề nghị giữ lại vỉa hè cho người đi bộ, xem https://example.vn/via-he",
            "author_name": "Lê Thị Hoa",
            "author_kind": "individual",
            "locality": "ha-noi",
            "contact": "hoa.le@example.vn",
            "consent_terms": "y",
        }
        response = post_form(client, f"/drafts/{draft.slug}/feedback", form)
        assert response.status_code == 302, response.get_data(as_text=True)
        new = db.session.scalar(select(Feedback).order_by(Feedback.id.desc()))
        assert new.id == copied_max + 1 and "via-he" in new.content
        # The flag trigger works again after the copy: the opinion's link is in feedback_flag.
        codes = db.session.scalars(text("SELECT code FROM feedback_flag WHERE feedback_id = :id"), {"id": new.id})
        assert "links" in set(codes)
        # Every other table's sequence goes on past its copied ids too.
        for table in copied_tables():
            if "id" in table.c and table.c.id.primary_key:
                largest = db.session.scalar(select(func.max(table.c.id))) or 0
                following = db.session.scalar(text(f"SELECT nextval(pg_get_serial_sequence('{table.name}', 'id'))"))
                assert following > largest, table.name
        db.session.rollback()


@pytest.fixture(scope="module")
def changed_copy(copied, scratch_database):
    """Return change(statement, undo) -> URL: a copy of the copied database, `statement` committed in it, and undone
    (`undo`) after the test; its audit log's append-only trigger is off for these two statements only."""
    url = scratch_database(template=copied[0])
    engine = create_engine(url)

    def run(statement):
        with engine.begin() as connection:
            connection.execute(text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only"))
            assert connection.execute(text(statement)).rowcount == 1
            connection.execute(text("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only"))

    @contextmanager
    def change(statement, undo):
        run(statement)
        try:
            yield url
        finally:
            run(undo)

    yield change
    engine.dispose()


@pytest.mark.parametrize(
    ("table", "change", "undo"),
    [
        ("feedback", "content = content || '.' WHERE id = 3", "content = left(content, -1) WHERE id = 3"),
        (
            "feedback",
            "created_at = created_at + interval '1 microsecond' WHERE id = 4",
            "created_at = created_at - interval '1 microsecond' WHERE id = 4",
        ),
        ("draft", "field = field || 'x' WHERE id = 1", "field = left(field, -1) WHERE id = 1"),
        # SQL NULL and JSON's null: the app reads both as None, but they are not the same value.
        (
            "audit_log",
            "before = NULL WHERE id = (SELECT min(id) FROM audit_log WHERE before::text = 'null')",
            "before = 'null' WHERE before IS NULL",
        ),
    ],
)
def test_checksums_see_one_changed_row(source_app, changed_copy, table, change, undo):
    with changed_copy(f"UPDATE {table} SET {change}", f"UPDATE {table} SET {undo}") as url:
        result = source_app.test_cli_runner().invoke(args=["database", "verify", url])

    assert result.exit_code == 1
    assert f"1 of {len(copied_tables())} tables differ: {table} " in result.output
    assert re.search(rf"\n  {table}\s+(\d+)\s+\1\s+DIFFERENT", result.output)  # same row count, other checksum


def test_verify_finds_the_copy_equal(source_app, copied):
    with source_app.app_context():
        target = create_engine(copied[0])
        try:
            checks = compare_databases(db.engine, target, copied_tables())
        finally:
            target.dispose()

    assert checks and all(check.ok for check in checks)
    assert {check.name for check in checks} == {table.name for table in copied_tables()}


@pytest.fixture
def empty_target(migrated_empty):
    """The migrated empty database, emptied again after the test whatever the test (or a copy) wrote into it."""
    yield migrated_empty
    engine = create_engine(migrated_empty)
    try:
        with engine.begin() as connection:
            names = ", ".join(f'"{table.name}"' for table in db.metadata.sorted_tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY"))
    finally:
        engine.dispose()


def test_a_target_holding_rows_is_refused_and_left_as_it_was(source_app, empty_target, engine_on):
    with engine_on(empty_target).begin() as connection:
        connection.execute(
            text("INSERT INTO agency (slug, name, kind) VALUES ('so-xay-dung', 'Sở Xây dựng', 'department')")
        )

    result = copy_to(source_app, empty_target)

    assert result.exit_code == 1
    assert "the target is not empty: rows in agency (nothing was copied)" in result.output
    counts = row_counts(empty_target)
    assert counts.pop("agency") == 1 and set(counts.values()) == {0}


@pytest.fixture
def older_target(empty_target):
    """The migrated empty database taken back one revision, and brought to the head again after the test."""
    from flask_migrate import downgrade, upgrade

    app = create_app(_testing_config(empty_target))
    with app.app_context():
        downgrade(revision="-1")
        db.engine.dispose()
    yield empty_target
    with app.app_context():
        upgrade()
        db.engine.dispose()


def test_a_target_at_another_revision_is_refused(source_app, older_target):
    result = copy_to(source_app, older_target)

    assert result.exit_code == 1
    assert re.search(r"the target is at revision \d+, the source at \d+", result.output), result.output
    assert set(row_counts_at(older_target).values()) == {0}


def row_counts_at(url):
    """Return {table: rows} of the tables a database has (one at an older revision lacks some)."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            names = connection.scalars(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).all()
            return {
                name: connection.scalar(text(f'SELECT count(*) FROM "{name}"'))
                for name in names
                if name != "alembic_version"
            }
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("change", "refused"),
    [
        # SQLite keeps a NUL character inside a text; PostgreSQL cannot store one (psycopg refuses to send it).
        ("UPDATE feedback SET content = content || char(0) WHERE id = 7", "table feedback, row id=7"),
        # SQLite does not enforce VARCHAR lengths; PostgreSQL refuses the row at its line of the COPY.
        ("UPDATE agency SET kind = 'department-of-the-people' WHERE id = 2", "table agency, row id=2"),
    ],
)
def test_a_value_postgresql_refuses_stops_the_copy_naming_the_row_and_copies_nothing(
    source_file, empty_target, tmp_path, change, refused
):
    broken = tmp_path / "broken.sqlite3"
    shutil.copy(source_file, broken)
    app = create_app(_testing_config(f"sqlite:///{broken}"))
    with app.app_context():
        db.session.execute(text(change))
        db.session.commit()
        db.session.remove()

    result = copy_to(app, empty_target)

    with app.app_context():
        db.engine.dispose()
    assert result.exit_code == 1
    assert f"PostgreSQL refused {refused}: " in result.output and "(nothing was copied)" in result.output
    assert "department-of-the-people" not in result.output  # the value itself may be a citizen's: never printed
    assert set(row_counts(empty_target).values()) == {0}


def test_only_a_postgresql_target_is_taken(source_app, tmp_path):
    result = copy_to(source_app, f"sqlite:///{tmp_path / 'other.sqlite3'}")

    assert result.exit_code == 1
    assert "the target must be a PostgreSQL database" in result.output
    assert not (tmp_path / "other.sqlite3").exists()
