"""Blocked submitters: new opinions held and flagged, never told; blocks added, listed, lifted, audited."""

from datetime import date, timedelta

from sqlalchemy import select

from consult.audit import AuditLog
from consult.database import utcnow
from consult.feedback.blocks import SubmitterBlock, blocked_flags
from consult.feedback.models import Feedback, FeedbackStatus
from consult.hashing import hash_value
from consult.i18n import LOCAL_TZ
from consult.moderation.blocks import add_block, end_of_day, lift_block
from tests import factories
from tests.conftest import post_form

VALUES = {
    "stance": "oppose",
    "content": "Đề nghị giảm mức phí trông giữ xe.",
    "author_name": "Lê Thị Hoa",
    "author_kind": "individual",
    "locality": "ha-noi",
    "contact": "Hoa@Example.vn",
}


def codes(feedback_id, db):
    """Return the flag codes of a stored opinion."""
    return {flag["code"] for flag in db.session.get(Feedback, feedback_id).flags}


def test_an_opinion_from_a_blocked_email_is_held_and_flagged(db, open_draft, moderator):
    add_block(moderator, "email", "hoa@example.vn", "Lăng mạ cán bộ nhiều lần")
    db.session.commit()

    held = factories.store_opinion(open_draft, VALUES)
    other = factories.store_opinion(
        open_draft, dict(VALUES, contact="lan@example.vn", content="Tôi đồng ý với dự thảo.")
    )
    db.session.commit()

    assert held.status == FeedbackStatus.PENDING and "blocked_submitter" in codes(held.id, db)
    assert "blocked_submitter" not in codes(other.id, db)


def test_blocks_by_account_and_ip_hash(app, db, open_draft, moderator, citizen):
    address_hash = hash_value("203.0.113.5", "client")
    add_block(moderator, "account", citizen.email, "Tài khoản gửi thư rác")
    add_block(moderator, "ip", address_hash, "Gửi hàng loạt")
    db.session.commit()

    by_account = factories.store_opinion(open_draft, dict(VALUES, contact="0912345678"), user=citizen)
    by_address = factories.store_opinion(open_draft, dict(VALUES, contact="0987654321"), client_hash=address_hash)
    db.session.commit()

    assert "blocked_submitter" in codes(by_account.id, db) and "blocked_submitter" in codes(by_address.id, db)


def test_ended_and_lifted_blocks_no_longer_hold(db, open_draft, moderator):
    today_in_viet_nam = utcnow().astimezone(LOCAL_TZ).date()  # not date.today(): UTC's date from 17:00 UTC on
    expired = add_block(moderator, "email", "hoa@example.vn", "Hết hạn", ends_on=today_in_viet_nam)
    expired.ends_at = utcnow() - timedelta(minutes=1)
    lifted = add_block(moderator, "email", "hoa@example.vn", "Gỡ sớm")
    lift_block(moderator, lifted)
    db.session.commit()

    assert blocked_flags(db.session.connection(), [submitter(None, "hoa@example.vn", None)]) == [[]]
    assert lift_block(moderator, lifted) is False


def submitter(user_id, contact, client_hash, draft_id=None):
    """The fields of a new opinion row that blocks match."""
    return {"user_id": user_id, "contact": contact, "client_hash": client_hash, "draft_id": draft_id}


def test_the_check_of_a_batch_of_opinions_is_one_query(db, open_draft, moderator, count_queries):
    other = add_block(moderator, "email", "khac@example.vn", "Một người khác")
    by_address = add_block(moderator, "ip", "b" * 32, "Gửi hàng loạt")
    db.session.commit()
    batch = [
        submitter(7, "hoa@example.vn", "a" * 32),
        submitter(None, "Khac@Example.vn", None),
        submitter(None, "0912345678", "b" * 32),
        submitter(None, "", None),
    ]

    with count_queries() as queries:
        flags = blocked_flags(db.session.connection(), batch)

    assert flags == [
        [],
        [{"code": "blocked_submitter", "detail": f"#{other.id}"}],
        [{"code": "blocked_submitter", "detail": f"#{by_address.id}"}],
        [],
    ]
    assert len(queries) == 1 and "submitter_block" in queries[0]  # blocks of every agency: no draft asked for


def test_the_submitter_gets_the_normal_receipt(client, db, open_draft, moderator, app):
    add_block(moderator, "email", "hoa@example.vn", "Lăng mạ")
    db.session.commit()
    app.config["FEEDBACK_MIN_FILL_SECONDS"] = 0

    response = post_form(
        client,
        f"/drafts/{open_draft.slug}/feedback",
        dict(VALUES, target="0", consent_terms="y"),
        follow_redirects=True,
    )

    html = response.get_data(as_text=True)
    assert response.status_code == 200, html
    stored = db.session.scalars(select(Feedback)).one()
    assert "blocked_submitter" in {flag["code"] for flag in stored.flags}
    assert stored.receipt_code in html
    assert "chặn" not in html.lower() and "block" not in html.lower()


def test_a_block_ends_at_the_end_of_the_local_day():
    assert end_of_day(date(2026, 12, 31)).isoformat() == "2026-12-31T17:00:00+00:00"


def test_moderators_add_list_and_lift_blocks(client, db, auth, moderator, citizen):
    auth.login(moderator)

    missing = post_form(client, "/moderation/blocks", {"kind": "email", "value": "hoa@example.vn", "reason": ""})
    assert missing.status_code == 422 and "hoa@example.vn" in missing.get_data(as_text=True)
    past = post_form(
        client,
        "/moderation/blocks",
        {"kind": "email", "value": "hoa@example.vn", "reason": "Spam", "ends_on": "01/01/2020"},
    )
    assert past.status_code == 422
    added = post_form(
        client,
        "/moderation/blocks",
        {"kind": "email", "value": "Hoa@Example.vn", "reason": "Lăng mạ cán bộ", "ends_on": "31/12/2099"},
    )
    assert added.status_code == 302
    block = db.session.scalars(select(SubmitterBlock)).one()
    assert (block.value, block.match_key) == ("hoa@example.vn", "email:hoa@example.vn")
    listing = client.get("/moderation/blocks").get_data(as_text=True)
    assert "Lăng mạ cán bộ" in listing and "31/12/2099" in listing

    lifted = post_form(client, f"/moderation/blocks/{block.id}/lift", page="/moderation/blocks")

    assert lifted.status_code == 302
    db.session.expire_all()
    assert block.lifted_at is not None and block.lifted_by_id == moderator.id
    actions = db.session.scalars(select(AuditLog.action).where(AuditLog.object_type == "submitter_block")).all()
    assert actions == ["submitter.blocked", "submitter.unblocked"]


def test_an_unknown_account_is_refused_with_a_message(client, db, auth, moderator):
    auth.login(moderator)
    response = post_form(
        client, "/moderation/blocks", {"kind": "account", "value": "khongco@example.vn", "reason": "Spam"}
    )
    assert response.status_code == 422
    assert db.session.scalars(select(SubmitterBlock)).all() == []


def test_the_opinion_page_offers_blocking_its_submitter_without_showing_the_address(
    client, db, auth, moderator, open_draft
):
    feedback = factories.make_feedback(open_draft, contact="hoa@example.vn", client_hash="b" * 32)
    db.session.commit()
    auth.login(moderator)

    html = client.get(f"/moderation/{feedback.id}/redact").get_data(as_text=True)
    form = client.get(f"/moderation/blocks?kind=ip&value={'b' * 32}").get_data(as_text=True)

    assert "/moderation/blocks?kind=email&amp;value=hoa@example.vn" in html
    assert f'value="{"b" * 32}"' in form


def test_citizens_and_editors_cannot_reach_blocks(client, auth, citizen, agency_editor):
    auth.login(citizen)
    assert client.get("/moderation/blocks").status_code == 403
    auth.logout()
    auth.login(agency_editor)
    assert client.get("/moderation/blocks").status_code == 403


def test_a_moderator_of_one_agency_blocks_for_its_drafts_only(db, open_draft, other_agency):
    scoped = factories.make_user(role="moderator", agency=open_draft.agency)
    elsewhere = factories.make_draft(other_agency)
    add_block(scoped, "email", "hoa@example.vn", "Lăng mạ cán bộ của sở")
    db.session.commit()

    here = factories.store_opinion(open_draft, VALUES)
    there = factories.store_opinion(elsewhere, VALUES)
    db.session.commit()

    assert "blocked_submitter" in codes(here.id, db)
    assert "blocked_submitter" not in codes(there.id, db)  # another agency's moderators decide for their drafts


def test_another_agency_s_blocks_are_neither_shown_nor_lifted(client, db, auth, moderator, agency, other_agency):
    ours = factories.make_user(role="moderator", agency=agency)
    theirs = factories.make_user(role="moderator", agency=other_agency)
    their_block = add_block(theirs, "email", "bi-mat@example.vn", "Lý do của cơ quan khác")
    every_agency = add_block(moderator, "email", "chung@example.vn", "Chặn chung")
    db.session.commit()
    auth.login(ours)

    page = client.get("/moderation/blocks").get_data(as_text=True)
    lift_theirs = post_form(client, f"/moderation/blocks/{their_block.id}/lift", page="/moderation/blocks")
    lift_every = post_form(client, f"/moderation/blocks/{every_agency.id}/lift", page="/moderation/blocks")

    assert "bi-mat@example.vn" not in page and "Lý do của cơ quan khác" not in page
    assert "chung@example.vn" in page  # a block of every agency holds their drafts' opinions too: they see it
    assert lift_theirs.status_code == lift_every.status_code == 403
    db.session.refresh(their_block)
    db.session.refresh(every_agency)
    assert their_block.lifted_at is None and every_agency.lifted_at is None
