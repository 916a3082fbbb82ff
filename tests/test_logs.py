"""Logging: every line of a request carries its id, which the response sends back; JSON lines when asked."""

import json
import logging
import re

import pytest

from config import Config, ProductionConfig
from consult.logs import HEADER

GENERATED_ID = re.compile(r"[0-9a-f]{32}")


@pytest.fixture
def logging_client(app):
    """A client of the test app, which has a page logging one line."""

    @app.route("/_log")
    def log_a_line():
        app.logger.warning("opinion %s stored", 7)
        return "ok"

    return app.test_client()


def lines_with(text, captured):
    """Return the lines of captured stderr that hold `text`."""
    return [line for line in captured.err.splitlines() if text in line]


def test_a_request_s_log_line_holds_the_id_it_was_sent_with(logging_client, capsys):
    response = logging_client.get("/_log", headers={HEADER: "edge-42.a_B"})

    assert response.headers[HEADER] == "edge-42.a_B"
    [line] = lines_with("opinion 7 stored", capsys.readouterr())
    assert "WARNING [edge-42.a_B] consult: opinion 7 stored" in line


def test_a_request_without_an_id_gets_a_new_one_in_its_lines_and_its_response(logging_client, capsys):
    first, second = logging_client.get("/_log"), logging_client.get("/_log")

    ids = [first.headers[HEADER], second.headers[HEADER]]
    assert all(GENERATED_ID.fullmatch(request_id) for request_id in ids) and ids[0] != ids[1]
    lines = lines_with("opinion 7 stored", capsys.readouterr())
    assert [f"[{request_id}]" in line for request_id, line in zip(ids, lines)] == [True, True]


@pytest.mark.parametrize("sent", ["", "a" * 65, "two words", "id\tERROR forged", "mã-số", "<b>", "a/b"])
def test_an_id_that_is_not_a_sane_token_is_replaced(logging_client, capsys, sent):
    response = logging_client.get("/_log", headers={HEADER: sent})

    request_id = response.headers[HEADER]
    assert GENERATED_ID.fullmatch(request_id)
    [line] = lines_with("opinion 7 stored", capsys.readouterr())
    assert f"[{request_id}]" in line


@pytest.mark.parametrize("app_config", [{"LOG_FORMAT": "json"}])
def test_json_lines_parse_and_hold_the_expected_keys(logging_client, capsys):
    response = logging_client.get("/_log", headers={HEADER: "req-1"})

    [line] = lines_with("opinion 7 stored", capsys.readouterr())
    record = json.loads(line)
    assert {"time", "level", "logger", "request_id", "message"} <= set(record)
    assert (record["level"], record["logger"], record["message"]) == ("WARNING", "consult", "opinion 7 stored")
    assert record["request_id"] == response.headers[HEADER] == "req-1"


def test_production_writes_json_lines_and_elsewhere_text_unless_told(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://consult@db/consult")
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.delenv("LOG_FORMAT", raising=False)
    assert (ProductionConfig().LOG_FORMAT, Config().LOG_FORMAT) == ("json", "text")

    monkeypatch.setenv("LOG_FORMAT", "text")
    assert ProductionConfig().LOG_FORMAT == "text"


def test_lines_outside_a_request_carry_a_dash(app, capsys):
    app.logger.warning("nightly purge done")

    [line] = lines_with("nightly purge done", capsys.readouterr())
    assert "[-] consult: nightly purge done" in line


def test_building_the_app_again_does_not_write_lines_twice(app, capsys):
    from consult import create_app

    create_app({key: value for key, value in app.config.items() if key.isupper()})
    create_app({key: value for key, value in app.config.items() if key.isupper()})
    app.logger.warning("one line only")

    assert len(lines_with("one line only", capsys.readouterr())) == 1


@pytest.mark.parametrize("app_config", [{"LOG_LEVEL": "WARNING"}])
def test_the_level_is_a_setting(app, capsys):
    app.logger.info("routine detail")
    app.logger.warning("something to look at")

    captured = capsys.readouterr()
    assert not lines_with("routine detail", captured) and lines_with("something to look at", captured)


def test_rq_workers_log_through_the_same_handler(app, capsys):
    from rq.logutils import setup_loghandlers

    setup_loghandlers("INFO")  # what an RQ worker does as it starts: it adds handlers only if none is set up
    logging.getLogger("rq.worker").info("Worker rq:worker:1 started")

    [line] = lines_with("Worker rq:worker:1 started", capsys.readouterr())
    assert "INFO [-] rq.worker: Worker rq:worker:1 started" in line
