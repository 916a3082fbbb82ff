"""Keeping bots and floods out of the opinion form without third-party services.

- rate limits per client (a keyed hash of the IP address, never the address itself) and per contact, counted by
  Flask-Limiter (consult.feedback.views);
- a honeypot field people never see and bots fill in (FeedbackForm.trang_ca_nhan, "personal page");
- a signed "form opened at" time, refusing forms sent faster than a person can write;
- a submission id, so a double click, a reload or a resend creates one opinion, not two.
"""

import functools
import time
import uuid

from flask import current_app, g, request
from itsdangerous import BadSignature, URLSafeSerializer

from consult.feedback.contacts import contact_identity
from consult.hashing import client_key, hash_value


def contact_key():
    """Rate-limit key of the contact typed in the form (email or phone, normalised), else the client's.

    Made once per request (kept on flask.g): each window of the contact's limit asks for it.
    """
    key = g.get("contact_key")
    if key is None:
        contact = contact_identity(request.form.get("contact"))
        key = g.contact_key = hash_value(contact, "contact") if contact else client_key()
    return key


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
