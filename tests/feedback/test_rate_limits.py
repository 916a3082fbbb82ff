"""Rate limits on the opinion form: per client and per contact, with Retry-After and nothing lost."""

import pytest
from sqlalchemy import func, select

from consult.feedback.models import Feedback
from tests.feedback.test_guards import open_form
from tests.feedback.test_views import valid_form


@pytest.fixture
def app_config():
    return {
        "RATELIMIT_ENABLED": True,
        "FEEDBACK_RATE_LIMIT_CONTACT": "2 per minute",
        "FEEDBACK_RATE_LIMIT_CLIENT": "4 per minute",
    }


def send(client, draft, **changes):
    fields = open_form(client, draft)
    return client.post(f"/drafts/{draft.slug}/feedback", data={**fields, **valid_form(**changes)})


def test_limit_per_contact_keeps_the_text_and_says_when_to_retry(client, db, open_draft):
    assert send(client, open_draft).status_code == 302
    assert send(client, open_draft, contact="HOA.LE@example.vn ").status_code == 302  # the same contact

    refused = send(client, open_draft, content="Ý kiến thứ ba của tôi về vỉa hè.")

    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    html = refused.get_data(as_text=True)
    assert "Ý kiến thứ ba của tôi về vỉa hè." in html and "hoa.le@example.vn" in html
    assert db.session.scalar(select(func.count(Feedback.id))) == 2
    assert send(client, open_draft, contact="0912 345 678").status_code == 302  # another contact still may


def test_limit_per_client(client, db, open_draft):
    statuses = [send(client, open_draft, contact=f"nguoi{n}@example.vn").status_code for n in range(5)]

    assert statuses == [302, 302, 302, 302, 429]
