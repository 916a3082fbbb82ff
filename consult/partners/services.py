"""Issuing and revoking partner keys, finding the key of a request, and storing an opinion sent with one.

An opinion sent with a key goes through the web form's checks (the same form class, its messages), is stored by
the one function every opinion goes through (consult.feedback.store.store_opinions: cleaned, flagged, grouped,
given a receipt) as pending moderation, with the key's channel; an `Idempotency-Key` becomes its submission id, so
the same request sent again gets the same receipt. Each use is audited.
"""

import hashlib
import hmac
import secrets

from sqlalchemy import select

from consult.audit import record
from consult.database import utcnow
from consult.extensions import db
from consult.feedback.models import FeedbackStatus
from consult.feedback.store import opinion_row, store_opinions
from consult.partners.models import PartnerKey

KEY_PREFIX = "ck_"


def _digest(secret):
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_key(actor, name, agency, channel, drafts=()):
    """Issue a key to partner `name` for the drafts of `agency` (or only `drafts`); return (key, the full key to
    give the partner, shown this once)."""
    prefix, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
    key = PartnerKey(
        name=name.strip(),
        agency_id=agency.id,
        draft_ids=sorted(draft.id for draft in drafts),
        channel=channel,
        prefix=prefix,
        secret_hash=_digest(secret),
        created_by_id=getattr(actor, "id", None),
    )
    db.session.add(key)
    db.session.flush()
    record(actor, "partner_key.issue", key, after={"name": key.name, "agency_id": agency.id, "drafts": key.draft_ids})
    return key, f"{KEY_PREFIX}{prefix}_{secret}"


def revoke_key(actor, key, now=None):
    """Stop a key from working, at once and for good."""
    if key.revoked_at is None:
        key.revoked_at = now or utcnow()
        record(actor, "partner_key.revoke", key)


def key_parts(authorization):
    """Return (prefix, secret) of an `Authorization: Bearer ck_<prefix>_<secret>` header, ("", "") if it is not one."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.startswith(KEY_PREFIX):
        return "", ""
    prefix, _, secret = token[len(KEY_PREFIX) :].partition("_")
    return prefix, secret


def key_of(authorization):
    """Return the active key an `Authorization: Bearer ck_…` header carries, or None."""
    prefix, secret = key_parts(authorization)
    key = db.session.scalar(select(PartnerKey).where(PartnerKey.prefix == prefix)) if prefix and secret else None
    if key is None or not key.active or not hmac.compare_digest(key.secret_hash, _digest(secret)):
        return None
    return key


def submission_id(key, idempotency_key):
    """The submission id of a request sent with `idempotency_key` under `key` (None without one)."""
    if not idempotency_key:
        return None
    return "api:" + hashlib.sha256(f"{key.id}:{idempotency_key}".encode()).hexdigest()[:56]


def submit_with_key(key, draft, values, article_id, clause_id, idempotency_key, consent_text, now=None):
    """Store an opinion sent with `key` as pending moderation; return its Receipt (the first one when the same
    Idempotency-Key comes again). The caller commits."""
    now = now or utcnow()
    row = opinion_row(
        draft,
        dict(values, channel=key.channel),
        article_id=article_id,
        clause_id=clause_id,
        submission_id=submission_id(key, idempotency_key),
        consent_text=consent_text,
        status=FeedbackStatus.PENDING,
        now=now,
    )
    receipt = store_opinions([row])[0]
    key.last_used_at = now
    record(
        None, "partner_key.use", key, after={"draft_id": draft.id, "receipt": receipt.receipt_code, "new": receipt.new}
    )
    return receipt
