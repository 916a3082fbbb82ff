"""Accounts: loading, authenticating and creating users."""

import functools
import secrets

from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from consult.audit import record
from consult.auth.models import Role, User
from consult.extensions import db
from consult.text import clean_line


class UserExists(ValueError):
    """An account with this email already exists."""


def load_user(session_id):
    """Return the user of Flask-Login's session id ("<id>.<session token>", User.get_id), or None when the id is
    malformed or its token was ended (sign-out, deactivation)."""
    user_id, _, token = str(session_id).partition(".")
    if not user_id.isdigit() or not token:
        return None
    user = db.session.get(User, int(user_id))
    return user if user is not None and user.holds_session(token) else None


def normalise_email(email):
    """Return an email address trimmed and lower-cased, as stored."""
    return (email or "").strip().lower()


def find_user_by_email(email):
    """Return the user with this email (any case), or None."""
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def authenticate(email, password):
    """Return the active user whose email and password match, or None. An unknown email takes as long as a wrong
    password (a hash is checked either way), so the time of the answer does not tell who has an account."""
    user = find_user_by_email(email)
    if user is None:
        check_password_hash(_unknown_account_hash(), password or "")
        return None
    if not user.check_password(password) or not user.is_active:
        return None
    return user


@functools.cache
def _unknown_account_hash():
    """A password hash made like the accounts' (same method and cost), of a password nobody knows."""
    return generate_password_hash(secrets.token_hex(16))


def create_user(actor, email, password, role=Role.CITIZEN, name="", agency=None):
    """Create an account; agency editors must belong to an agency."""
    if role not in Role.ALL:
        raise ValueError(f"unknown role {role!r}")
    if role == Role.AGENCY_EDITOR and agency is None:
        raise ValueError("an agency editor needs an agency")
    if find_user_by_email(email) is not None:
        raise UserExists(email)
    user = User(email=normalise_email(email), name=clean_line(name or ""), role=role, agency=agency)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    record(actor, "user.create", user, after={"email": user.email, "role": role, "agency_id": user.agency_id})
    return user


class SelfLockout(ValueError):
    """An administrator tried to remove their own rights or deactivate their own account."""


def update_user(actor, user, role, agency, active, name=None):
    """Change a user's role, agency or active flag, audited; nobody can lock themselves out."""
    if actor is not None and actor.id == user.id and (role != user.role or not active):
        raise SelfLockout(user.email)
    if role == Role.AGENCY_EDITOR and agency is None:
        raise ValueError("an agency editor needs an agency")
    before = {"role": user.role, "agency_id": user.agency_id, "active": user.active}
    if user.active and not active:
        user.end_sessions()
    user.role, user.agency, user.active = role, agency, active
    if name is not None:
        user.name = clean_line(name)
    db.session.flush()
    record(
        actor, "user.update", user, before=before, after={"role": role, "agency_id": user.agency_id, "active": active}
    )
    return user
