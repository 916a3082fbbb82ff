"""Settings read from the environment: a bad value stops the app at start, naming the variable and what it needs."""

import re
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import StatementError

import config
from config import Config, SettingError, engine_options
from consult import create_app

# Every upper-case name config.py quotes: the variables it reads (and a few constants, harmless to unset).
VARIABLES = sorted(set(re.findall(r'"([A-Z][A-Z0-9_]+)"', Path(config.__file__).read_text(encoding="utf-8"))))


@pytest.fixture
def environment(monkeypatch, tmp_path):
    """An environment where no setting is set, and instance/ is a temporary folder; returns monkeypatch."""
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CONSULT_INSTANCE", str(tmp_path))
    return monkeypatch


def test_the_app_starts_with_the_defaults(environment):
    app = create_app(Config)

    settings = app.config
    assert settings["FEEDBACK_MAX_LENGTH"] == 10000 and settings["OPINIONS_PER_PAGE"] == 20
    assert settings["NEAR_DUPLICATE_THRESHOLD"] == 0.8 and settings["FEEDBACK_DRAFT_CACHE_SECONDS"] == 5
    assert settings["SQLITE_SYNCHRONOUS"] == "NORMAL" and settings["MAIL_PORT"] == 587
    assert (settings["MAIL_BACKEND"], settings["JOBS_BACKEND"]) == ("console", "after_response")
    assert settings["RATELIMIT_STORAGE_URI"] == "memory://" and settings["RATELIMIT_ENABLED"] is True
    assert (settings["LOG_FORMAT"], settings["LOG_LEVEL"]) == ("text", "INFO")
    assert settings["SQLALCHEMY_ENGINE_OPTIONS"] == {"hide_parameters": True, "pool_size": 20}
    assert settings["DATABASE_PING_AFTER_IDLE"] == 10 and settings["READYZ_TIMEOUT"] == 0.5
    assert "FEEDBACK_GROUP_COMMIT" not in settings


def test_links_in_emails_follow_the_port_served_unless_an_address_is_given(environment):
    assert Config().PUBLIC_BASE_URL == "http://127.0.0.1:5000"
    environment.setenv("PORT", "5111")  # PORT=5111 make run
    assert Config().PUBLIC_BASE_URL == "http://127.0.0.1:5111"
    environment.setenv("PUBLIC_BASE_URL", "https://gopy.hanoi.gov.vn")
    assert Config().PUBLIC_BASE_URL == "https://gopy.hanoi.gov.vn"


def test_production_asks_browsers_for_https_only_for_a_year(environment):
    environment.setenv("SECRET_KEY", "k" * 40)
    environment.setenv("DATABASE_URL", "postgresql://consult@db/consult")

    assert config.ProductionConfig().HSTS_SECONDS == 365 * 24 * 3600
    assert Config().HSTS_SECONDS == 0  # a local run over plain HTTP


def test_the_testing_config_keeps_its_own_values(environment):
    settings = config.TestingConfig()  # (imported by name, pytest would try to collect it)

    assert settings.RATELIMIT_STORAGE_URI == "memory://" and settings.RATELIMIT_ENABLED is False
    assert (settings.MAIL_BACKEND, settings.JOBS_BACKEND, settings.SQLALCHEMY_DATABASE_URI) == (
        "memory",
        "inline",
        "sqlite://",
    )


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("FEEDBACK_MAX_LENGTH", "abc", "FEEDBACK_MAX_LENGTH must be a whole number ≥ 1, not 'abc'"),
        ("FEEDBACK_MAX_LENGTH", "0", "FEEDBACK_MAX_LENGTH must be a whole number ≥ 1, not '0'"),
        ("OPINIONS_PER_PAGE", "2.5", "OPINIONS_PER_PAGE must be a whole number ≥ 1, not '2.5'"),
        ("FEEDBACK_MIN_FILL_SECONDS", "-3", "FEEDBACK_MIN_FILL_SECONDS must be a whole number ≥ 0, not '-3'"),
        ("MAIL_PORT", "70000", "MAIL_PORT must be a whole number from 1 to 65535, not '70000'"),
        ("DATABASE_POOL_SIZE", "0", "DATABASE_POOL_SIZE must be a whole number ≥ 1, not '0'"),
        # libpq would read 1 as 2 seconds: the setting says so instead of pretending
        ("DATABASE_CONNECT_TIMEOUT", "1", "DATABASE_CONNECT_TIMEOUT must be a whole number ≥ 2, not '1'"),
        ("READYZ_TIMEOUT", "0", "READYZ_TIMEOUT must be a number from 0.05 to 30, not '0'"),
        ("NEAR_DUPLICATE_THRESHOLD", "1.5", "NEAR_DUPLICATE_THRESHOLD must be a number from 0 to 1, not '1.5'"),
        ("NEAR_DUPLICATE_THRESHOLD", "nan", "NEAR_DUPLICATE_THRESHOLD must be a number from 0 to 1, not 'nan'"),
        ("MAIL_TIMEOUT", "ten", "MAIL_TIMEOUT must be a number ≥ 0.1, not 'ten'"),
        (
            "RATELIMIT_ENABLED",
            "maybe",
            "RATELIMIT_ENABLED must be true or false (also 1/0, yes/no, on/off), not 'maybe'",
        ),
        ("SESSION_COOKIE_SECURE", "ja", "SESSION_COOKIE_SECURE must be true or false"),
        ("SQLITE_SYNCHRONOUS", "fast", "SQLITE_SYNCHRONOUS must be one of FULL, NORMAL, EXTRA, not 'fast'"),
        ("MAIL_BACKEND", "pigeon", "MAIL_BACKEND must be one of smtp, console, file, memory, not 'pigeon'"),
        ("JOBS_BACKEND", "celery", "JOBS_BACKEND must be one of after_response, inline, rq, not 'celery'"),
        ("LOG_LEVEL", "loud", "LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL, not 'loud'"),
        ("LOG_FORMAT", "xml", "LOG_FORMAT must be one of text, json, not 'xml'"),
        ("FEEDBACK_RATE_LIMIT_CLIENT", "lots", "FEEDBACK_RATE_LIMIT_CLIENT must be rate limits such as"),
        ("VERIFICATION_RESEND_RATE_LIMIT", "5 per fortnight", "VERIFICATION_RESEND_RATE_LIMIT must be rate limits"),
        ("PUBLIC_BASE_URL", "gopy.example.vn", "PUBLIC_BASE_URL must be an address such as https://gopy.example.vn"),
        ("RATELIMIT_STORAGE_URI", "lazymemory://", "RATELIMIT_STORAGE_URI must be an address such as memory://"),
        ("REDIS_URL", "localhost:6379", "REDIS_URL must be an address such as redis://127.0.0.1:6379/0"),
        ("DATABASE_URL", "not a url", "DATABASE_URL must be a database address such as postgresql://"),
        ("CONSULT_MIN_DAYS", "law=sixty", "CONSULT_MIN_DAYS must be days per type of document such as law=60"),
    ],
)
def test_a_bad_value_stops_the_app_naming_the_variable(environment, name, value, message):
    environment.setenv(name, value)

    with pytest.raises(SettingError) as refused:
        create_app(Config)

    assert message in str(refused.value)


def test_an_unknown_environment_name_is_refused(environment):
    environment.setenv("CONSULT_ENV", "staging")

    with pytest.raises(SettingError) as refused:
        create_app()

    assert "CONSULT_ENV must be one of development, testing, production, not 'staging'" in str(refused.value)


def test_a_password_in_a_refused_address_is_not_repeated(environment):
    environment.setenv("REDIS_URL", "http://consult:s3cret@cache:6379/0")

    with pytest.raises(SettingError) as refused:
        Config()

    assert "s3cret" not in str(refused.value) and "http://consult:***@cache:6379/0" in str(refused.value)


def test_smtp_without_a_server_is_refused_at_start(environment):
    environment.setenv("MAIL_BACKEND", "smtp")

    with pytest.raises(SettingError, match="MAIL_SERVER"):
        Config()


@pytest.mark.parametrize(
    ("name", "value", "attribute", "expected"),
    [
        ("SQLITE_SYNCHRONOUS", "full", "SQLITE_SYNCHRONOUS", "FULL"),  # choices in any case
        ("MAIL_BACKEND", "File", "MAIL_BACKEND", "file"),
        ("RATELIMIT_ENABLED", "OFF", "RATELIMIT_ENABLED", False),
        ("MAIL_USE_SSL", "yes", "MAIL_USE_SSL", True),
        ("FEEDBACK_MAX_LENGTH", " 5000 ", "FEEDBACK_MAX_LENGTH", 5000),
        ("FEEDBACK_MAX_LENGTH", "  ", "FEEDBACK_MAX_LENGTH", 10000),  # a blank `NAME=` line means unset
        ("NEAR_DUPLICATE_THRESHOLD", "0.95", "NEAR_DUPLICATE_THRESHOLD", 0.95),
        ("NEAR_DUPLICATE_THRESHOLD", "1", "NEAR_DUPLICATE_THRESHOLD", 1.0),
        ("REDIS_URL", "rediss://cache:6380/1", "RATELIMIT_STORAGE_URI", "rediss://cache:6380/1"),
        ("DATABASE_URL", "postgres://u@db/consult", "SQLALCHEMY_DATABASE_URI", "postgresql+psycopg://u@db/consult"),
    ],
)
def test_good_values_are_read_with_their_type(environment, name, value, attribute, expected):
    environment.setenv(name, value)

    assert getattr(Config(), attribute) == expected


def test_the_database_never_writes_statement_parameters_into_errors_or_logs():
    engine = create_engine("sqlite://", **engine_options("sqlite://"))
    with engine.connect() as connection:
        connection.execute(text("CREATE TABLE contact (email TEXT NOT NULL UNIQUE)"))
        connection.execute(text("INSERT INTO contact VALUES (:email)"), {"email": "citizen@example.vn"})
        with pytest.raises(StatementError) as refused:
            connection.execute(text("INSERT INTO contact VALUES (:email)"), {"email": "citizen@example.vn"})

    assert "citizen@example.vn" not in str(refused.value)
    assert "parameters hidden" in str(refused.value)


def test_postgresql_connections_give_up_after_the_connect_timeout(environment):
    url = "postgresql+psycopg://consult@db/consult"
    assert engine_options(url)["connect_args"] == {"connect_timeout": 5}
    environment.setenv("DATABASE_CONNECT_TIMEOUT", "3")
    assert engine_options(url)["connect_args"] == {"connect_timeout": 3}
    assert "connect_args" not in engine_options(url + "?connect_timeout=10")  # the address's own value stands
    assert "connect_args" not in engine_options("sqlite:///instance/consult.sqlite3")
