"""New passwords: long enough, not common or guessable, changed or reset with every session of the account ended."""

import hmac

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeTimedSerializer

from consult.audit import record
from consult.auth.models import User
from consult.auth.services import find_user_by_email
from consult.database import utcnow
from consult.extensions import db
from consult.hashing import hash_value
from consult.i18n import format_datetime_local
from consult.jobs import enqueue
from consult.mail import public_url, send_mail

MIN_LENGTH = 12  # OWASP ASVS 4.0, V2.1.1
MAX_LENGTH = 200
RESET_SECONDS = 3600  # a reset link works for an hour, and once
_ESTIMATED = 100  # zxcvbn's estimate grows slow on long inputs; a password this long is not guessable anyway


def password_problem(password, *known):
    """Return why `password` cannot be an account's new password (translated), or None. `known`: the account's
    email and name, which the password must not be made of."""
    if len(password) < MIN_LENGTH:
        return _("Choose a password of at least %(count)d characters.", count=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _("Choose a password of at most %(count)d characters.", count=MAX_LENGTH)
    from zxcvbn import zxcvbn  # its dictionaries load on first use: only forms that set a password need them

    if zxcvbn(password[:_ESTIMATED], user_inputs=[value for value in known if value])["score"] < 3:
        return _(
            "This password is too common or too easy to guess. A few unrelated words make a long password that is "
            "easy to remember."
        )
    return None


def change_password(actor, user, password):
    """Give `user` a new password and end every session and remember-me cookie of the account, audited; the
    account's address is told, so that a change its owner did not make is noticed."""
    user.set_password(password)
    user.end_sessions()
    db.session.flush()
    record(actor, "user.password", user)
    body = _(
        "The password of your Consult account was changed on %(moment)s, and every device signed in to it was signed "
        "out. If you did not change it, choose a new password at once with “Forgotten your password?” on the sign-in "
        "page, and tell your administrator.",
        moment=format_datetime_local(utcnow()),
    )
    enqueue(send_mail, user.email, _("Your Consult password was changed"), body + "\n")


def send_reset_link(email):
    """Mail a link to choose a new password to the active account of `email`, if there is one (nothing is said of
    which: the page after it reads the same either way). The link is built on PUBLIC_BASE_URL, never on the request's
    Host header."""
    user = find_user_by_email(email)
    if user is None or not user.is_active:
        return
    body = _(
        "Someone asked to choose a new password for the Consult account of this address. If it was you, open "
        "this link within an hour to choose it:\n\n%(link)s\n\nIf it was not you, ignore this message: "
        "your password stays as it is.",
        link=public_url("auth.reset", token=reset_token(user)),
    )
    enqueue(send_mail, user.email, _("Choose a new Consult password"), body + "\n")


def reset_token(user):
    """A signed link token for choosing a new password: expires after RESET_SECONDS, and once the password or the
    sessions of the account change (so after one use)."""
    return _serializer().dumps({"user": user.id, "state": _state(user)})


def user_of_reset_token(token):
    """Return the active account a reset token was made for, or None (forged, expired, used or outdated)."""
    try:
        data = _serializer().loads(token, max_age=RESET_SECONDS)
    except BadSignature:  # SignatureExpired included
        return None
    user = db.session.get(User, data.get("user")) if isinstance(data, dict) else None
    if user is None or not user.is_active or not hmac.compare_digest(str(data.get("state")), _state(user)):
        return None
    return user


def _state(user):
    """A keyed hash of what a reset changes: the password hash and the session token."""
    return hash_value(f"{user.password_hash}|{user.session_token}", "password-reset")


def _serializer():
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="password-reset")
