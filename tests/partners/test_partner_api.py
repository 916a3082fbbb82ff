"""Partner channels send opinions through the API with a key an administrator issued: the web form's checks and
moderation, the key's channel recorded, the same receipt when the same Idempotency-Key comes again, scope and
revocation enforced, every use audited, and the opinion in the read API once approved."""

import pytest
from sqlalchemy import select

from consult.audit import AuditLog
from consult.drafts.models import DraftStatus
from consult.feedback.models import Feedback
from consult.moderation.services import approve_feedback
from consult.partners.models import PartnerKey
from consult.partners.services import issue_key
from tests import factories
from tests.conftest import post_form

OPINION = {
    "stance": "other",
    "text": "Đề nghị quy định rõ thời gian cấp phép sử dụng tạm thời hè phố.",
    "proposed_wording": "Thời hạn cấp phép tối đa 12 tháng.",
    "author_name": "Hội Liên hiệp Phụ nữ phường Hoàn Kiếm",
    "author_kind": "organisation",
    "locality": "ha-noi",
    "contact": "0912345678",
    "consent": True,
    "article": 2,
}


@pytest.fixture
def partner(db, agency):
    """A key of a ward's hotline desk for every draft of `agency`; returns (key, its secret)."""
    key, secret = issue_key(None, "Tổng đài phường Hoàn Kiếm", agency, "hotline")
    db.session.commit()
    return key, secret


def send(client, draft, secret, body=OPINION, **headers):
    headers = {"Authorization": f"Bearer {secret}", **headers}
    return client.post(f"/api/v1/drafts/{draft.slug}/opinions", json=body, headers=headers)


def test_an_opinion_sent_with_a_key_is_moderated_then_published_in_the_api(client, db, open_draft, partner, moderator):
    _key, secret = partner
    answer = send(client, open_draft, secret, **{"Idempotency-Key": "phieu-0001"})
    again = send(client, open_draft, secret, **{"Idempotency-Key": "phieu-0001"})

    assert answer.status_code == 201 and again.status_code == 200
    assert answer.json["receipt_code"] == again.json["receipt_code"] and answer.json["status"] == "pending"
    assert answer.json["status_url"] == f"https://gopy.example.vn/receipts/{answer.json['receipt_code']}"
    assert "Set-Cookie" not in answer.headers
    stored = db.session.scalars(select(Feedback)).all()
    assert len(stored) == 1 and stored[0].channel == "hotline" and stored[0].article.number == 2
    uses = db.session.scalars(select(AuditLog).where(AuditLog.action == "partner_key.use")).all()
    assert len(uses) == 2 and uses[0].after["receipt"] == answer.json["receipt_code"]
    assert "Tiếp thu" not in client.get(f"/api/v1/drafts/{open_draft.slug}/opinions").get_data(as_text=True)
    assert client.get(f"/api/v1/drafts/{open_draft.slug}/opinions").json["items"] == []  # pending: not public

    approve_feedback(moderator, stored[0])
    db.session.commit()
    (published,) = client.get(f"/api/v1/drafts/{open_draft.slug}/opinions").json["items"]
    assert published["text"] == OPINION["text"] and "0912345678" not in str(published)


def test_the_web_forms_rules_answer_in_the_clients_language(client, db, open_draft, partner):
    _key, secret = partner
    bad = dict(OPINION, text="Ngắn", consent=False, locality=None)

    answer = send(client, open_draft, secret, bad, **{"Accept-Language": "vi"})

    assert answer.status_code == 422 and answer.mimetype == "application/problem+json"
    reasons = {item["name"]: item["reason"] for item in answer.json["invalid_params"]}
    assert reasons["text"] == "Nội dung góp ý quá ngắn."
    assert set(reasons) == {"text", "consent", "locality"}
    assert db.session.scalar(select(Feedback.id)) is None


def test_keys_are_refused_outside_their_scope_revoked_or_forged(client, db, agency, open_draft, partner):
    key, secret = partner
    other = factories.make_draft(factories.make_agency(slug="so-khac"))
    closed = factories.make_draft(agency, status=DraftStatus.CLOSED)
    _only_one, secret_for_one = issue_key(None, "Ứng dụng di động", agency, "other", drafts=[closed])
    db.session.commit()

    assert send(client, open_draft, "ck_khongco_gia").status_code == 401
    assert send(client, open_draft, secret[:-2] + "xx").status_code == 401
    assert send(client, other, secret).status_code == 403
    assert send(client, open_draft, secret_for_one).status_code == 403  # a key for one draft only
    assert send(client, closed, secret).status_code == 409
    assert client.post(f"/api/v1/drafts/{open_draft.slug}/opinions", data="{", headers={
        "Authorization": f"Bearer {secret}", "Content-Type": "application/json"}).status_code == 400  # fmt: skip

    key.revoked_at = key.created_at
    db.session.commit()
    assert send(client, open_draft, secret).status_code == 401
    assert db.session.scalar(select(Feedback.id)) is None


@pytest.mark.parametrize("app_config", [{"RATELIMIT_ENABLED": True, "API_KEY_RATE_LIMIT": "2 per minute"}])
def test_each_key_has_its_own_limit(client, db, open_draft, partner, agency):
    _key, secret = partner
    _other, other_secret = issue_key(None, "Hội Nông dân", agency, "mass_organisation")
    db.session.commit()

    statuses = [send(client, open_draft, secret, **{"Idempotency-Key": str(n)}).status_code for n in range(3)]

    assert statuses == [201, 201, 429]
    assert send(client, open_draft, other_secret).status_code == 201


def test_an_administrator_issues_a_key_shown_once_and_revokes_it(client, db, auth, admin, agency, open_draft):
    auth.login(admin)
    page = post_form(
        client,
        "/admin/partners/",
        {"name": "Tổng đài 1022", "agency_id": str(agency.id), "channel": "hotline"},
    ).get_data(as_text=True)
    key = db.session.scalar(select(PartnerKey))
    secret = page.split('<code class="secret">')[1].split("</code>")[0]

    assert secret.startswith(f"ck_{key.prefix}_") and key.secret_hash not in page
    assert secret not in client.get("/admin/partners/").get_data(as_text=True)  # shown once
    assert send(client.application.test_client(), open_draft, secret).status_code == 201

    post_form(client, f"/admin/partners/{key.id}/revoke", page="/admin/partners/")
    assert send(client.application.test_client(), open_draft, secret).status_code == 401
    assert db.session.scalar(select(AuditLog.id).where(AuditLog.action == "partner_key.revoke")) is not None
