"""/metrics: Prometheus' text format for an allowed scraper only; requests, opinions stored by channel, page cache
lookups, rate-limit refusals and the moderation queue counted; nothing of it when metrics are off."""

import pytest
from prometheus_client.parser import text_string_to_metric_families

from consult.feedback.models import FeedbackStatus
from tests import factories
from tests.conftest import post_form
from tests.feedback.test_views import valid_form

TOKEN = "t" * 40
ON = {"METRICS_ENABLED": True, "METRICS_TOKEN": TOKEN}


def scrape(client, token=TOKEN):
    response = client.get("/metrics", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    samples = {}
    for family in text_string_to_metric_families(response.get_data(as_text=True)):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def value(samples, name, **labels):
    return samples.get((name, tuple(sorted(labels.items()))), 0)


@pytest.mark.parametrize("app_config", [ON])
def test_a_scraper_with_the_token_reads_what_the_app_did(app, client, db, open_draft):
    before = scrape(client)
    factories.make_feedback(open_draft, FeedbackStatus.PENDING)
    db.session.commit()

    client.get(f"/drafts/{open_draft.slug}")
    post_form(client, f"/drafts/{open_draft.slug}/feedback", valid_form())
    after = scrape(client)

    def grew(name, **labels):
        return value(after, name, **labels) - value(before, name, **labels)

    assert grew("consult_http_requests_total", endpoint="public.draft", method="GET", status="200") >= 1
    assert grew("consult_opinions_stored_total", channel="web") == 1
    assert value(after, "consult_moderation_pending") == 2  # the one made here and the one sent
    assert value(after, "consult_moderation_oldest_pending_seconds") >= 0
    assert (
        grew("consult_page_cache_lookups_total", result="miss") + grew("consult_page_cache_lookups_total", result="hit")
        >= 1
    )
    assert any(name == "consult_http_request_duration_seconds_count" for name, _labels in after)


@pytest.mark.parametrize("app_config", [ON])
def test_anyone_else_is_told_nothing(client):
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 404


@pytest.mark.parametrize("app_config", [{"METRICS_ENABLED": True, "METRICS_TOKEN": ""}])
def test_without_a_token_only_this_machine_or_a_private_network_reads_them(client):
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "127.0.0.1"}).status_code == 200
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "10.1.2.3"}).status_code == 200
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "8.8.8.8"}).status_code == 404


def test_with_metrics_off_there_is_no_such_page(app, client):
    assert not app.config["METRICS_ENABLED"]
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "127.0.0.1"}).status_code == 404
