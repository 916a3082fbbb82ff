"""Guessing receipt codes: lookups that find no opinion are limited per address; those that find one are not."""

import pytest

from consult.feedback.models import FeedbackStatus
from tests import factories

MISSES = {"RATELIMIT_ENABLED": True, "RECEIPT_MISS_RATE_LIMIT": "3 per hour"}


@pytest.mark.parametrize("app_config", [MISSES])
def test_wrong_receipt_codes_are_limited_per_address(app, db, open_draft):
    opinion = factories.make_feedback(open_draft, FeedbackStatus.APPROVED)
    db.session.commit()
    guesser, reader = app.test_client(), app.test_client()
    guesser.environ_base["REMOTE_ADDR"] = "10.1.0.1"
    reader.environ_base["REMOTE_ADDR"] = "10.1.0.2"

    misses = [
        guesser.get(url).status_code
        for url in ("/receipts/AAAA-AAAA", "/receipts?code=BBBB-BBBB", "/receipts/CCCC-CCCC")
    ]
    after = [
        guesser.get(f"/receipts/{opinion.receipt_code}").status_code,
        guesser.get("/receipts/DDDD-DDDD").status_code,
    ]
    found = [reader.get(f"/receipts/{opinion.receipt_code}").status_code for _ in range(5)]

    assert misses == [404, 404, 404]
    assert after == [429, 429]  # the address waits, whatever it asks for
    assert found == [200] * 5  # finding one's own opinion is never counted
    assert reader.get("/receipts/EEEE-EEEE").status_code == 404
