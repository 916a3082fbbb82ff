"""Automatic flags computed on submit and shown to moderators with what triggered them."""

from sqlalchemy import select

from consult.feedback.models import Feedback
from tests.conftest import post_form
from tests.feedback.test_views import valid_form


def send(client, draft, **changes):
    return post_form(client, f"/drafts/{draft.slug}/feedback", valid_form(**changes))


def test_flags_are_stored_and_shown_in_the_queue(client, db, auth, moderator, open_draft):
    send(client, open_draft, content="Bọn cán bộ toàn ăn hại, đm. Xem thêm tại vaytiennhanh.vn")
    send(client, open_draft, content="Đề nghị giữ nguyên khoản 2, tôi đồng ý với dự thảo.")

    flagged, clean = db.session.scalars(select(Feedback).order_by(Feedback.id)).all()
    assert {flag["code"] for flag in flagged.flags} >= {"profanity", "links"}
    assert clean.flags == []

    auth.login(moderator)
    html = client.get("/moderation/").get_data(as_text=True)
    assert "Ngôn từ thô tục, xúc phạm: đm" in html
    assert "Có đường liên kết: vaytiennhanh.vn" in html


def test_an_exact_copy_points_to_the_first_opinion(client, db, auth, moderator, open_draft):
    send(client, open_draft, content="Đề nghị GIỮ NGUYÊN khoản 2 Điều 2!", contact="a@example.vn")
    send(client, open_draft, content="de nghi giu nguyen khoan 2 dieu 2", contact="b@example.vn")
    send(client, open_draft, content="Đề nghị bỏ khoản 2 Điều 2.", contact="c@example.vn")

    first, copy, other = db.session.scalars(select(Feedback).order_by(Feedback.id)).all()
    assert {"code": "duplicate", "detail": first.receipt_code} in copy.flags
    assert not any(flag["code"] == "duplicate" for flag in first.flags + other.flags)

    auth.login(moderator)
    assert f"Trùng nội dung với ý kiến: {first.receipt_code}" in client.get("/moderation/").get_data(as_text=True)
