"""Redaction: the rule (only mask), the public seeing the redacted text everywhere, originals for admins only."""

import pytest
from sqlalchemy import select

from consult.audit import AuditLog
from consult.auth.models import Role
from consult.feedback.models import FeedbackStatus
from consult.moderation.models import FeedbackRedaction
from consult.moderation.redaction import (
    REDACTION_MARKER as M,
)
from consult.moderation.redaction import (
    RedactionRefused,
    TextChanged,
    mask_contacts,
    mask_phrase,
    only_masks,
    redact_feedback,
)
from consult.moderation.services import approve_feedback
from tests import factories
from tests.conftest import post_form
from tests.search.helpers import approved_opinion, published_draft

ORIGINAL = "Tôi là Trần Văn Bình, số 0912 345 678. Bọn soạn thảo ngu dốt. Đề nghị bỏ khoản 2 Điều 5."
REDACTED = f"Tôi là {M}, số {M}. Bọn soạn thảo {M}. Đề nghị bỏ khoản 2 Điều 5."


@pytest.mark.parametrize(
    "redacted, allowed",
    [
        (REDACTED, True),
        (f"{M} Đề nghị bỏ khoản 2 Điều 5.", True),
        (f"Tôi là Trần Văn Bình {M}", True),
        (f"Tôi là {M}, số {M}. Bọn soạn thảo. Đề nghị bỏ khoản 2 Điều 5.", False),  # "ngu dốt" gone without a marker
        (f"Tôi là {M}; số {M}!! Bọn soạn thảo {M}: Đề nghị bỏ khoản 2 Điều 5", True),  # punctuation is free
        ("Tôi là Trần Văn Bình. Đề nghị bỏ khoản 2 Điều 5.", False),  # words taken out without a marker
        (f"Tôi là {M}. Đề nghị giữ khoản 2 Điều 5.", False),  # a word changed
        (f"Tôi là {M}. Đề nghị bỏ khoản 2 Điều 5 ngay.", False),  # a word added
        (f"Đề nghị bỏ khoản 2 Điều 5. {M} Tôi là Trần Văn Bình", False),  # reordered
    ],
)
def test_the_rule_lets_a_moderator_only_mask(redacted, allowed):
    assert only_masks(ORIGINAL, redacted) is allowed


def test_helpers_mask_a_phrase_everywhere_and_contacts():
    assert mask_phrase("Ngu dốt, thật ngu dốt.", "ngu DỐT") == f"{M}, thật {M}."
    assert mask_contacts("Gọi 0912.345.678 hoặc an@example.vn nhé") == f"Gọi {M} hoặc {M} nhé"


def test_a_published_opinion_is_redacted_everywhere_the_public_looks(client, db, agency, moderator):
    draft = published_draft(agency)
    feedback = approved_opinion(draft, moderator, ORIGINAL)
    db.session.commit()

    redact_feedback(moderator, feedback, REDACTED, "", feedback.revision, "personal_data")
    db.session.commit()

    draft_page = client.get(f"/drafts/{draft.slug}").get_data(as_text=True)
    receipt = client.get(f"/receipts/{feedback.receipt_code}").get_data(as_text=True)
    found = client.get("/search", query_string={"q": "Trần Văn Bình"}).get_data(as_text=True).split("</form>")[-1]
    kept = client.get("/search", query_string={"q": "khoan 2 dieu 5"}).get_data(as_text=True).split("</form>")[-1]
    for html in (draft_page, receipt):
        assert "Bình" not in html and "0912" not in html and "ngu dốt" not in html
        assert "[đã ẩn]" in html
    assert "<mark>" not in found  # the hidden name is no longer in the index
    assert "<mark>" in kept and "[đã ẩn]" in kept  # found by the words left, shown redacted


def test_redaction_is_audited_and_the_original_kept(db, open_draft, moderator):
    feedback = factories.make_feedback(open_draft, content=ORIGINAL, proposed_wording="Gọi 0912345678.")
    db.session.commit()

    redact_feedback(moderator, feedback, REDACTED, f"Gọi {M}.", 0, "personal_data", "số điện thoại")
    db.session.commit()

    kept = db.session.scalars(select(FeedbackRedaction)).one()
    assert (kept.original_content, kept.original_proposed_wording) == (ORIGINAL, "Gọi 0912345678.")
    audit = db.session.scalars(select(AuditLog).where(AuditLog.action == "feedback.redacted")).one()
    assert audit.actor_id == moderator.id and audit.object_id == feedback.id
    assert audit.before["content"] == ORIGINAL and audit.after["content"] == REDACTED
    assert (feedback.revision, feedback.status) == (1, FeedbackStatus.PENDING)


def test_a_redaction_that_adds_words_or_hides_everything_is_refused(db, open_draft, moderator):
    feedback = factories.make_feedback(open_draft, content=ORIGINAL)
    db.session.commit()

    with pytest.raises(RedactionRefused):
        redact_feedback(moderator, feedback, ORIGINAL + " Rất hay.", "", 0, "other")
    with pytest.raises(RedactionRefused):
        redact_feedback(moderator, feedback, M, "", 0, "other")
    with pytest.raises(RedactionRefused):
        redact_feedback(moderator, feedback, ORIGINAL, "", 0, "other")
    assert feedback.content == ORIGINAL and feedback.revision == 0


def test_a_redaction_made_on_an_older_text_loses(db, open_draft, moderator):
    feedback = factories.make_feedback(open_draft, content=ORIGINAL)
    db.session.commit()
    redact_feedback(moderator, feedback, REDACTED, "", 0, "personal_data")
    db.session.commit()

    with pytest.raises(TextChanged):
        redact_feedback(moderator, feedback, f"{M} Đề nghị bỏ khoản 2 Điều 5.", "", 0, "insult")


def test_the_page_masks_without_javascript_then_saves(client, db, auth, moderator, open_draft):
    feedback = factories.make_feedback(open_draft, content=ORIGINAL)
    db.session.commit()
    auth.login(moderator)
    url = f"/moderation/{feedback.id}/redact"

    helper = post_form(
        client, url, {"content": ORIGINAL, "proposed_wording": "", "phrase": "ngu dốt", "reason": "insult", "mask": "1"}
    )
    html = helper.get_data(as_text=True)
    assert helper.status_code == 200
    assert "Bọn soạn thảo [đã ẩn]." in html and db.session.get(type(feedback), feedback.id).revision == 0

    refused = post_form(client, url, {"content": ORIGINAL.replace("bỏ", "giữ"), "reason": "insult", "save": "1"})
    assert refused.status_code == 422
    assert "giữ khoản 2" in refused.get_data(as_text=True)  # what the moderator typed is given back

    saved = post_form(client, url, {"content": REDACTED, "reason": "personal_data", "save": "1"})
    assert saved.status_code == 302 and f"#fb-{feedback.id}" in saved.headers["Location"]
    db.session.expire_all()
    assert feedback.content == REDACTED


def test_a_moderator_who_saved_on_an_older_text_keeps_what_they_typed(client, db, auth, moderator, open_draft):
    feedback = factories.make_feedback(open_draft, content=ORIGINAL)
    db.session.commit()
    auth.login(moderator)
    url = f"/moderation/{feedback.id}/redact"
    form_page = client.get(url).get_data(as_text=True)
    redact_feedback(moderator, feedback, REDACTED, "", 0, "personal_data")  # another moderator, meanwhile
    db.session.commit()

    mine = f"Tôi là Trần Văn Bình, số {M}. Bọn soạn thảo ngu dốt. Đề nghị bỏ khoản 2 Điều 5."
    response = post_form(
        client, url, {"content": mine, "reason": "personal_data", "save": "1", "revision": "0"}, page=None
    )
    html = response.get_data(as_text=True)

    assert 'name="revision"' in form_page
    assert response.status_code == 409
    assert "số [đã ẩn]. Bọn soạn thảo ngu dốt" in html  # kept in the box, checked against the new text next time
    db.session.expire_all()
    assert feedback.content == REDACTED


def test_originals_are_shown_to_admins_only(client, db, auth, moderator, admin, agency_editor, open_draft):
    feedback = factories.make_feedback(open_draft, content=ORIGINAL)
    db.session.commit()
    redact_feedback(moderator, feedback, REDACTED, "", 0, "personal_data")
    approve_feedback(moderator, feedback)
    db.session.commit()
    url = f"/moderation/{feedback.id}/redact"

    auth.login(moderator)
    assert "Trần Văn Bình" not in client.get(url).get_data(as_text=True)
    auth.logout()
    auth.login(agency_editor)
    assert client.get(url).status_code == 403
    auth.logout()
    auth.login(admin)
    assert "Trần Văn Bình" in client.get(url).get_data(as_text=True)


def test_a_moderator_of_another_agency_is_refused(client, db, auth, open_draft, other_agency):
    feedback = factories.make_feedback(open_draft, content=ORIGINAL)
    scoped = factories.make_user(role=Role.MODERATOR, agency=other_agency)
    db.session.commit()
    auth.login(scoped)

    assert client.get(f"/moderation/{feedback.id}/redact").status_code == 403
    response = post_form(
        client,
        f"/moderation/{feedback.id}/redact",
        {"content": REDACTED, "reason": "other", "save": "1", "revision": "0"},
        page="/",
    )
    assert response.status_code == 403
    db.session.expire_all()
    assert feedback.content == ORIGINAL


def test_a_rejected_opinion_cannot_be_redacted(client, db, auth, moderator, open_draft):
    feedback = factories.make_feedback(open_draft, FeedbackStatus.REJECTED, content=ORIGINAL)
    db.session.commit()
    auth.login(moderator)
    assert client.get(f"/moderation/{feedback.id}/redact").status_code == 404
