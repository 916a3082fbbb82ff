"""Anti-abuse on the opinion form: one opinion per form sent, honeypot, fill time, links, rate limits."""

import threading
import time

import pytest
from sqlalchemy import func, select

from consult.feedback.guards import client_key, issue_form_token
from consult.feedback.models import Feedback
from tests.conftest import hidden_fields
from tests.feedback.test_views import valid_form


def count(db):
    return db.session.scalar(select(func.count(Feedback.id)))


def open_form(client, draft):
    """GET the form and return its hidden fields, as a browser holds them."""
    return hidden_fields(client.get(f"/drafts/{draft.slug}/feedback").get_data(as_text=True))


def test_double_click_reload_or_resend_saves_one_opinion(client, db, open_draft):
    fields = open_form(client, open_draft)
    url = f"/drafts/{open_draft.slug}/feedback"

    first = client.post(url, data={**fields, **valid_form()})
    again = client.post(url, data={**fields, **valid_form()})

    assert first.status_code == again.status_code == 302
    assert first.headers["Location"] == again.headers["Location"]
    assert count(db) == 1


def test_the_same_form_sent_twice_at_once_saves_one_opinion(app, db, open_draft):
    seed = app.test_client()
    fields = open_form(seed, open_draft)
    url = f"/drafts/{open_draft.slug}/feedback"
    barrier, results = threading.Barrier(4), []

    def send():
        client = app.test_client()
        with seed.session_transaction() as source, client.session_transaction() as target:
            target.update(source)  # the same browser session (CSRF token) in every thread
        with app.app_context():
            barrier.wait()
            results.append(client.post(url, data={**fields, **valid_form()}).headers.get("Location"))

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    db.session.expire_all()
    assert count(db) == 1
    assert len(set(results)) == 1 and results[0].startswith("/receipts/")


def test_honeypot_refuses_and_keeps_the_text(client, db, open_draft):
    fields = open_form(client, open_draft)

    response = client.post(
        f"/drafts/{open_draft.slug}/feedback", data={**fields, **valid_form(), "trang_ca_nhan": "http://spam"}
    )

    assert response.status_code == 422 and count(db) == 0
    html = response.get_data(as_text=True)
    assert "Đề nghị giữ lại tối thiểu 2 m vỉa hè cho người đi bộ." in html and "Lê Thị Hoa" in html


@pytest.mark.parametrize("app_config", [{"FEEDBACK_MIN_FILL_SECONDS": 5}])
def test_a_form_sent_faster_than_a_person_can_write_is_refused(client, db, open_draft, app):
    fields = open_form(client, open_draft)
    url = f"/drafts/{open_draft.slug}/feedback"

    fast = client.post(url, data={**fields, **valid_form()})
    assert fast.status_code == 422 and count(db) == 0
    assert "Lê Thị Hoa" in fast.get_data(as_text=True)

    forged = client.post(url, data={**fields, **valid_form(), "form_token": "forged"})
    assert forged.status_code == 422 and count(db) == 0

    with app.test_request_context():
        fields["form_token"] = issue_form_token(now=time.time() - 60)
    slow = client.post(url, data={**fields, **valid_form()})
    assert slow.status_code == 302 and count(db) == 1


def test_too_many_links_are_refused(client, db, open_draft):
    fields = open_form(client, open_draft)
    spam = "Xem http://a.example.com www.b.example.com c-example.vn/x d.example.net ngay"

    response = client.post(f"/drafts/{open_draft.slug}/feedback", data={**fields, **valid_form(content=spam)})

    assert response.status_code == 422 and count(db) == 0
    assert "4" in response.get_data(as_text=True)


def test_client_key_is_a_hash_not_the_address(app):
    with app.test_request_context(environ_base={"REMOTE_ADDR": "203.0.113.7"}):
        key = client_key()
    assert "203.0.113.7" not in key and len(key) == 32
