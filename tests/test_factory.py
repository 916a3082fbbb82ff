"""The app factory and configuration."""

import pytest

import config as settings_module
from config import Config, ProductionConfig, engine_options, normalise_database_url
from consult import create_app


def test_testing_config_is_used(app):
    assert app.testing
    assert app.config["BABEL_DEFAULT_LOCALE"] == "vi"
    assert app.config["BABEL_DEFAULT_TIMEZONE"] == "Asia/Ho_Chi_Minh"


def test_production_refuses_to_start_without_secret_key_and_database(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with pytest.raises(RuntimeError, match="DATABASE_URL"):
        create_app(ProductionConfig)

    monkeypatch.setenv("DATABASE_URL", "postgresql://consult@db/consult")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(ProductionConfig)

    monkeypatch.setenv("SECRET_KEY", "short")
    with pytest.raises(RuntimeError, match="32 characters"):
        create_app(ProductionConfig)


def test_production_config_with_real_settings(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://consult@db/consult")
    monkeypatch.setenv("SECRET_KEY", "x" * 40)

    app = create_app(ProductionConfig)

    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://consult@db/consult"
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert (app.config["SESSION_COOKIE_NAME"], app.config["REMEMBER_COOKIE_NAME"]) == (
        "__Host-session",
        "__Host-remember",
    )


def test_local_config_generates_and_keeps_a_secret_key(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("CONSULT_INSTANCE", str(tmp_path))

    first, second = Config(), Config()

    assert len(first.SECRET_KEY) >= 32 and first.SECRET_KEY == second.SECRET_KEY
    assert f"sqlite:///{tmp_path / 'consult.sqlite3'}" == first.SQLALCHEMY_DATABASE_URI


@pytest.mark.parametrize(
    "env, backend",
    [
        ({}, "after_response"),
        ({"REDIS_URL": "redis://127.0.0.1:6379/0"}, "rq"),
        ({"REDIS_URL": "redis://127.0.0.1:6379/0", "JOBS_BACKEND": "after_response"}, "after_response"),
    ],
)
def test_jobs_go_to_redis_workers_when_redis_is_configured(monkeypatch, tmp_path, env, backend):
    for name in ("REDIS_URL", "JOBS_BACKEND"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("CONSULT_INSTANCE", str(tmp_path))
    assert backend == Config().JOBS_BACKEND


def test_database_url_normalisation():
    assert normalise_database_url("postgres://u@h/d") == "postgresql+psycopg://u@h/d"
    assert normalise_database_url("postgresql+psycopg://u@h/d") == "postgresql+psycopg://u@h/d"
    assert normalise_database_url("sqlite:///x.db") == "sqlite:///x.db"


def test_unknown_environment_is_refused(monkeypatch):
    monkeypatch.setenv("CONSULT_ENV", "staging")
    with pytest.raises(RuntimeError, match="CONSULT_ENV"):
        create_app()


def test_security_headers(client):
    response = client.get("/")

    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_errors_answer_json_when_asked(client):
    response = client.get("/does-not-exist", headers={"Accept": "application/json"})

    assert response.status_code == 404
    assert response.get_json()["error"] == 404


def test_unexpected_error_shows_a_page_and_rolls_back(database_url):
    testing = settings_module.TestingConfig()
    settings = {key: getattr(testing, key) for key in dir(testing) if key.isupper()}
    settings.update(SQLALCHEMY_DATABASE_URI=database_url, RENDER_500_IN_TESTS=True, PROPAGATE_EXCEPTIONS=False)
    app = create_app(settings)

    @app.route("/boom")
    def boom():
        raise RuntimeError("boom")

    response = app.test_client().get("/boom")

    assert response.status_code == 500
    assert "chưa được lưu" in response.get_data(as_text=True)


def test_each_process_keeps_a_connection_per_thread_but_a_database_in_memory_has_one():
    hidden = {"hide_parameters": True}  # statements' parameters hold citizens' contacts: never in logs
    # and a server's connection gives up after DATABASE_CONNECT_TIMEOUT (tests/test_config.py)
    assert (
        engine_options("postgresql+psycopg://u@db/consult")
        == {"pool_size": 20, "connect_args": {"connect_timeout": 5}} | hidden
    )
    assert engine_options("sqlite:////srv/consult.sqlite3") == {"pool_size": 20} | hidden
    assert engine_options("sqlite://") == hidden
