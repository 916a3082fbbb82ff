"""Fixtures: an app on a migrated test database (SQLite file, or TEST_DATABASE_URL), emptied after each test."""

import os
import re

import pytest
from flask import g
from sqlalchemy import create_engine, text

from config import TestingConfig, engine_options, normalise_database_url
from consult import create_app
from consult.auth.models import Role
from consult.extensions import db as _db
from tests import factories

TEST_DATABASE_URL = normalise_database_url(os.environ.get("TEST_DATABASE_URL"))
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


def pytest_report_header(config):
    """Say which database the suite runs on."""
    return f"database: {TEST_DATABASE_URL or 'SQLite (temporary file)'}"


def _reset_postgres_schema(url):
    """Drop and recreate the public schema; fail the run loudly when PostgreSQL is unreachable."""
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    except Exception as error:  # noqa: BLE001 - any connection problem must stop the run
        pytest.exit(f"TEST_DATABASE_URL is set but PostgreSQL cannot be used: {error}", returncode=3)
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """Return the URL of a test database migrated to head once for the whole run."""
    if TEST_DATABASE_URL:
        _reset_postgres_schema(TEST_DATABASE_URL)
        url = TEST_DATABASE_URL
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    app = create_app(_testing_config(url))
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        _db.engine.dispose()
    return url


def _testing_config(url, **overrides):
    """Return TestingConfig settings on `url` with overrides."""
    config = TestingConfig()
    config.SQLALCHEMY_DATABASE_URI = url
    config.SQLALCHEMY_ENGINE_OPTIONS = engine_options(url)
    settings = {key: getattr(config, key) for key in dir(config) if key.isupper()}
    settings.update(overrides)
    return settings


def _empty_tables():
    """Delete every row so the next test starts from an empty database."""
    tables = [table.name for table in reversed(_db.metadata.sorted_tables)]
    with _db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(
                text("TRUNCATE " + ", ".join(f'"{name}"' for name in tables) + " RESTART IDENTITY CASCADE")
            )
        else:
            for name in tables:
                connection.execute(text(f'DELETE FROM "{name}"'))


@pytest.fixture
def app_config():
    """Overrides a test can change before the app is built."""
    return {}


@pytest.fixture
def app(database_url, app_config):
    """An app bound to the migrated test database, with an app context pushed."""
    app = create_app(_testing_config(database_url, **app_config))

    @app.before_request
    def fresh_request_globals():
        # Requests share the test's app context; in production each has its own, so start `g` empty
        # (Flask-Login and Flask-Babel cache the user and locale there).
        for name in list(vars(g)):
            delattr(g, name)

    with app.app_context():
        yield app
        _db.session.rollback()
        _db.session.remove()
        _empty_tables()
        _db.engine.dispose()


@pytest.fixture
def db(app):
    """The database handle; changes made through it are committed by `commit()` in tests."""
    return _db


@pytest.fixture
def client(app):
    """A test client."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """A CLI runner."""
    return app.test_cli_runner()


def csrf_token(client, page="/auth/login"):
    """Return the CSRF token of the client's session, read from a page that holds a form."""
    for url in (page, "/"):
        response = client.get(url)
        match = CSRF_RE.search(response.get_data(as_text=True))
        if match:
            return match.group(1) or match.group(2)
    raise AssertionError("no CSRF token found on the page")


HIDDEN_RE = re.compile(r"<input\b[^>]*>")


def hidden_fields(html):
    """Return {name: value} of the hidden inputs of a page (CSRF token, form token …)."""
    fields = {}
    for tag in HIDDEN_RE.findall(html):
        if 'type="hidden"' in tag:
            name, value = re.search(r'name="([^"]+)"', tag), re.search(r'value="([^"]*)"', tag)
            if name:
                fields[name.group(1)] = value.group(1) if value else ""
    return fields


def post_form(client, url, data=None, page=None, **kwargs):
    """POST a form the way a browser does: with the hidden fields of the page it came from, and the CSRF token."""
    html = client.get(page or url).get_data(as_text=True)
    fields = hidden_fields(html)
    fields.update(data or {})
    if "csrf_token" not in fields:
        fields["csrf_token"] = csrf_token(client, page or url)
    return client.post(url, data=fields, **kwargs)


class Auth:
    """Log a test client in and out."""

    def __init__(self, client):
        self.client = client

    def login(self, user, password=factories.PASSWORD):
        """Sign in through the real login form."""
        response = post_form(self.client, "/auth/login", {"email": user.email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)
        return response

    def logout(self):
        """Sign out through the real form."""
        return post_form(self.client, "/auth/logout", page="/")


@pytest.fixture
def auth(client):
    """Helper to sign the client in as a given user."""
    return Auth(client)


@pytest.fixture
def agency(db):
    """The drafting agency most tests work with."""
    agency = factories.make_agency(name="Sở Xây dựng Hà Nội", slug="so-xay-dung")
    db.session.commit()
    return agency


@pytest.fixture
def other_agency(db):
    """An agency whose editors must be refused access to `agency`'s drafts."""
    agency = factories.make_agency(name="Sở Y tế Đà Nẵng", slug="so-y-te")
    db.session.commit()
    return agency


def _user(db, role, agency=None):
    user = factories.make_user(role=role, agency=agency)
    db.session.commit()
    return user


@pytest.fixture
def citizen(db):
    """A citizen account."""
    return _user(db, Role.CITIZEN)


@pytest.fixture
def moderator(db):
    """A moderator for every agency."""
    return _user(db, Role.MODERATOR)


@pytest.fixture
def agency_editor(db, agency):
    """An editor of `agency`."""
    return _user(db, Role.AGENCY_EDITOR, agency)


@pytest.fixture
def other_editor(db, other_agency):
    """An editor of another agency."""
    return _user(db, Role.AGENCY_EDITOR, other_agency)


@pytest.fixture
def admin(db):
    """An administrator."""
    return _user(db, Role.ADMIN)


@pytest.fixture
def open_draft(db, agency):
    """A published draft of `agency`, open for comments for 30 more days."""
    draft = factories.make_draft(agency)
    db.session.commit()
    return draft


@pytest.fixture
def count_queries(app):
    """Count the SQL statements run inside a `with count_queries() as queries:` block."""
    from contextlib import contextmanager

    from sqlalchemy import event

    @contextmanager
    def counting():
        statements = []

        def before_execute(conn, cursor, statement, parameters, context, executemany):
            statements.append(statement)

        event.listen(_db.engine, "before_cursor_execute", before_execute)
        try:
            yield statements
        finally:
            event.remove(_db.engine, "before_cursor_execute", before_execute)

    return counting
