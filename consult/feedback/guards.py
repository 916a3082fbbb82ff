"""Keeping bots and floods out of the opinion form without third-party services.

- rate limits per client (a salted hash of the IP address, never the address itself) and per contact;
- a honeypot field people never see and bots fill in (FeedbackForm.trang_ca_nhan, "personal page");
- a signed "form opened at" time, refusing forms sent faster than a person can write;
- a submission id, so a double click, a reload or a resend creates one opinion, not two.
"""

import functools
import hashlib
import hmac
import time
import uuid

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeSerializer
from limits import parse_many

from consult.extensions import limiter
from consult.feedback.services import contact_identity


def _secret(purpose):
    """Return a key derived from SECRET_KEY for one purpose."""
    return _derived_key(current_app.config["SECRET_KEY"], purpose)


@functools.lru_cache(maxsize=16)
def _derived_key(secret_key, purpose):
    """Derive a key once per process and purpose: the opinion form derives it twice on every POST."""
    return hmac.new(secret_key.encode(), purpose.encode(), hashlib.sha256).digest()


def hash_value(value, purpose="client"):
    """Return a salted, keyed hash of a value (an IP address, a contact), for limits and abuse checks."""
    return hmac.new(_secret(purpose), (value or "").encode(), hashlib.sha256).hexdigest()[:32]


def client_key():
    """Rate-limit key of the client: the hashed remote address."""
    return hash_value(request.remote_addr or "unknown", "client")


def contact_key():
    """Rate-limit key of the contact typed in the form (email or phone, normalised), else the client's."""
    contact = contact_identity(request.form.get("contact"))
    return hash_value(contact, "contact") if contact else client_key()


@functools.lru_cache(maxsize=64)
def _parsed(spec):
    """Return the limits of a setting such as "30 per minute;600 per hour", parsed once per process."""
    return tuple(parse_many(spec))


def rate_limit_wait():
    """Count a sent opinion against the per-client and per-contact limits; return seconds to wait if one is
    exceeded, else None.

    One check with Flask-Limiter's own strategy and storage (memory, or Redis with REDIS_URL) for the four
    windows, instead of two decorators that each resolve, filter and evaluate their limits on every request.
    Like Flask-Limiter, every window is counted, also when another refuses.
    """
    config = current_app.config
    if not config["RATELIMIT_ENABLED"]:
        return None
    prefix = (config["RATELIMIT_KEY_PREFIX"],) if config.get("RATELIMIT_KEY_PREFIX") else ()
    checks = [(item, (*prefix, "feedback-client", client_key())) for item in _parsed(config["FEEDBACK_RATE_LIMIT_CLIENT"])]
    checks += [(item, (*prefix, "feedback-contact", contact_key()))
               for item in _parsed(config["FEEDBACK_RATE_LIMIT_CONTACT"])]
    strategy = limiter.limiter
    refused = [(item, identifiers) for item, identifiers in sorted(checks, key=lambda check: check[0])
               if not strategy.hit(item, *identifiers)]
    if not refused:
        return None
    reset_at = max(strategy.get_window_stats(item, *identifiers).reset_time for item, identifiers in refused)
    return max(1, int(reset_at - time.time()) + 1)


def _serializer():
    """Return the signer of form tokens (built once per secret key: it derives its key when built)."""
    return _form_token_serializer(current_app.config["SECRET_KEY"])


@functools.lru_cache(maxsize=4)
def _form_token_serializer(secret_key):
    return URLSafeSerializer(secret_key, salt="feedback-form")


def issue_form_token(now=None):
    """Return a signed token holding the time the form was shown and a fresh submission id."""
    return _serializer().dumps({"t": int(now if now is not None else time.time()), "id": uuid.uuid4().hex})


def read_form_token(token):
    """Return (opened_at, submission_id) from a token, or (None, None) if it is missing or forged."""
    try:
        data = _serializer().loads(token or "")
        return int(data["t"]), str(data["id"])
    except (BadSignature, KeyError, TypeError, ValueError):
        return None, None


def screen_form(honeypot, token, now=None):
    """Return (submission_id, None) for a form a person sent, or (None, "honeypot" | "too_fast")."""
    if honeypot:
        return None, "honeypot"
    opened_at, submission_id = read_form_token(token)
    if submission_id is None or sent_too_fast(opened_at, now):
        return None, "too_fast"
    return submission_id, None


def sent_too_fast(opened_at, now=None):
    """Return whether a form opened at `opened_at` came back faster than a person can fill it."""
    minimum = current_app.config["FEEDBACK_MIN_FILL_SECONDS"]
    if opened_at is None:
        return minimum > 0
    return (now if now is not None else time.time()) - opened_at < minimum
