"""Giving an opinion: the form, validation that keeps what was typed, the window, CSRF, the receipt."""

import unicodedata
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from consult.database import utcnow
from consult.feedback.models import Feedback, FeedbackStatus
from tests import factories
from tests.conftest import post_form


def valid_form(**changes):
    """Return a complete, valid opinion form."""
    data = {
        "target": "2",
        "stance": "oppose",
        "content": "Đề nghị giữ lại tối thiểu 2 m vỉa hè cho người đi bộ.",
        "proposed_wording": "Phần vỉa hè còn lại tối thiểu 2 m.",
        "author_name": "Lê Thị Hoa",
        "author_kind": "individual",
        "locality": "ha-noi",
        "locality_detail": "Phường Cửa Nam",
        "contact": "hoa.le@example.vn",
        "consent_name": "y",
        "consent_terms": "y",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def count_feedback(db):
    return db.session.scalar(select(func.count(Feedback.id)))


def test_form_preselects_the_article_from_the_link(client, open_draft):
    html = client.get(f"/drafts/{open_draft.slug}/feedback?article=2").get_data(as_text=True)

    assert '<option selected value="2">' in html or '<option value="2" selected>' in html
    assert "Điều 2. Đối tượng áp dụng" in html
    assert 'value="2.1"' in html and 'value="2.2"' in html  # the clauses of the chosen article
    assert 'value="1.1"' not in html  # not every clause of every article


def test_citizen_comments_on_one_clause(client, db, open_draft):
    html = client.get(f"/drafts/{open_draft.slug}/feedback?article=2&clause=2").get_data(as_text=True)
    assert '<option selected value="2.2">' in html

    post_form(client, f"/drafts/{open_draft.slug}/feedback", valid_form(target="2.2"))

    feedback = db.session.scalar(select(Feedback))
    assert (feedback.article.number, feedback.clause.number) == (2, 2)
    receipt = client.get(f"/receipts/{feedback.receipt_code}").get_data(as_text=True)
    assert "Khoản 2 Điều 2" in receipt


def test_unknown_target_is_refused(client, db, open_draft):
    response = post_form(client, f"/drafts/{open_draft.slug}/feedback", valid_form(target="9.9"))

    assert response.status_code == 422
    assert count_feedback(db) == 0


def test_citizen_submits_an_opinion_and_gets_a_receipt(client, db, open_draft):
    response = post_form(client, f"/drafts/{open_draft.slug}/feedback", valid_form())

    assert response.status_code == 302
    feedback = db.session.scalar(select(Feedback))
    assert feedback.status == FeedbackStatus.PENDING
    assert feedback.article.number == 2
    assert feedback.contact == "hoa.le@example.vn"
    assert response.headers["Location"].endswith(f"/receipts/{feedback.receipt_code}")

    receipt = client.get(response.headers["Location"]).get_data(as_text=True)
    assert feedback.receipt_code in receipt
    assert "Chờ kiểm duyệt" in receipt


def test_the_receipt_address_follows_the_path_the_site_is_served_under(client, db, open_draft):
    plain = post_form(client, f"/drafts/{open_draft.slug}/feedback", valid_form(contact="a@example.vn"))
    mounted = post_form(
        client,
        f"/drafts/{open_draft.slug}/feedback",
        valid_form(contact="b@example.vn"),
        base_url="http://localhost/gop-y",
    )

    first, second = db.session.scalars(select(Feedback.receipt_code).order_by(Feedback.id)).all()
    assert plain.headers["Location"] == f"/receipts/{first}"
    assert mounted.headers["Location"] == f"/gop-y/receipts/{second}"


def test_opinion_on_the_whole_draft(client, db, open_draft):
    post_form(client, f"/drafts/{open_draft.slug}/feedback", valid_form(target="0"))

    assert db.session.scalar(select(Feedback)).article is None


def test_text_is_stored_in_nfc(client, db, open_draft):
    decomposed = unicodedata.normalize("NFD", "Đề nghị quy hoạch đất\u200b hợp lý hơn")
    post_form(
        client,
        f"/drafts/{open_draft.slug}/feedback",
        valid_form(content=decomposed, author_name=unicodedata.normalize("NFD", "Phạm Thuý")),
    )

    feedback = db.session.scalar(select(Feedback))
    assert feedback.content == "Đề nghị quy hoạch đất hợp lý hơn"
    assert unicodedata.is_normalized("NFC", feedback.author_name)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("content", "", "Nhập nội dung góp ý"),
        ("stance", None, "Chọn quan điểm"),
        ("contact", "không có", "hợp lệ"),
        ("consent_terms", None, ""),
        ("locality", "", ""),
    ],
)
def test_invalid_form_is_shown_again_with_everything_typed(client, db, open_draft, field, value, message):
    data = valid_form(**{field: value})
    data["content"] = data.get("content", "")
    response = post_form(client, f"/drafts/{open_draft.slug}/feedback", data)
    html = response.get_data(as_text=True)

    assert response.status_code == 422
    assert count_feedback(db) == 0
    assert 'class="error-summary"' in html
    assert message in html
    typed = {
        "author_name": "Lê Thị Hoa",
        "contact": "hoa.le@example.vn",
        "locality_detail": "Phường Cửa Nam",
        "proposed_wording": "Phần vỉa hè còn lại tối thiểu 2 m.",
    }
    typed[field] = value
    for kept in typed.values():
        if kept:
            assert kept in html
    if field != "content":
        assert "Đề nghị giữ lại tối thiểu 2 m vỉa hè cho người đi bộ." in html


def test_overlong_opinion_is_refused_with_a_message(client, db, open_draft, app):
    long_text = "ý" * (app.config["FEEDBACK_MAX_LENGTH"] + 1)
    response = post_form(client, f"/drafts/{open_draft.slug}/feedback", valid_form(content=long_text))

    assert response.status_code == 422
    assert count_feedback(db) == 0


def test_post_without_csrf_token_is_refused(client, db, open_draft):
    response = client.post(f"/drafts/{open_draft.slug}/feedback", data=valid_form())

    assert response.status_code == 400
    assert count_feedback(db) == 0
    assert "tải lại trang" in response.get_data(as_text=True)


def test_closed_draft_refuses_opinions_and_gives_the_text_back(client, db, agency):
    now = utcnow()
    draft = factories.make_draft(agency, opens_at=now - timedelta(days=30), closes_at=now - timedelta(minutes=1))
    db.session.commit()

    page = client.get(f"/drafts/{draft.slug}/feedback")
    assert page.status_code == 200
    assert "không còn nhận" in page.get_data(as_text=True) or "đã kết thúc" in page.get_data(as_text=True).lower()

    response = post_form(client, f"/drafts/{draft.slug}/feedback", valid_form(), page="/auth/login")
    assert response.status_code == 403
    assert count_feedback(db) == 0
    assert "Đề nghị giữ lại tối thiểu 2 m vỉa hè cho người đi bộ." in response.get_data(as_text=True)


def test_upcoming_draft_does_not_take_opinions_yet(client, db, agency):
    now = utcnow()
    draft = factories.make_draft(agency, opens_at=now + timedelta(days=2), closes_at=now + timedelta(days=30))
    db.session.commit()

    response = post_form(client, f"/drafts/{draft.slug}/feedback", valid_form(), page="/auth/login")

    assert response.status_code == 403
    assert count_feedback(db) == 0


def test_window_boundaries(open_draft):
    opens, closes = open_draft.opens_at, open_draft.closes_at
    assert not open_draft.accepts_feedback(opens - timedelta(seconds=1))
    assert open_draft.accepts_feedback(opens)
    assert open_draft.accepts_feedback(closes - timedelta(seconds=1))
    assert not open_draft.accepts_feedback(closes)


def test_draft_closed_by_agency_refuses_opinions_inside_its_window(client, db, open_draft):
    open_draft.status = "closed"
    db.session.commit()

    response = post_form(client, f"/drafts/{open_draft.slug}/feedback", valid_form(), page="/auth/login")

    assert response.status_code == 403


def test_receipt_lookup(client, db, open_draft):
    feedback = factories.make_feedback(open_draft)
    db.session.commit()
    code = feedback.receipt_code.lower().replace("-", " ")

    found = client.get(f"/receipts?code={code}")
    missing = client.get("/receipts?code=ZZZZ-ZZZZ")

    assert found.status_code == 302 and found.headers["Location"].endswith(feedback.receipt_code)
    assert missing.status_code == 404
    assert "Không có ý kiến" in missing.get_data(as_text=True) or "không" in missing.get_data(as_text=True)


def test_rejected_receipt_shows_the_reason(client, db, open_draft, moderator):
    from consult.moderation.services import reject_feedback

    feedback = factories.make_feedback(open_draft)
    reject_feedback(moderator, feedback, "spam")
    db.session.commit()

    html = client.get(f"/receipts/{feedback.receipt_code}").get_data(as_text=True)

    assert "Quảng cáo, tin rác" in html
