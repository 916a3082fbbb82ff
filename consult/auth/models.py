"""User accounts and roles."""

import hmac
import secrets
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from consult.database import UTCDateTime, utcnow
from consult.extensions import db


class Role:
    """What a user may do; see consult.permissions for the rules."""

    CITIZEN = "citizen"
    MODERATOR = "moderator"
    AGENCY_EDITOR = "agency_editor"
    ADMIN = "admin"
    ALL = (CITIZEN, MODERATOR, AGENCY_EDITOR, ADMIN)


ROLE_LABELS = {
    Role.CITIZEN: _l("Citizen"),
    Role.MODERATOR: _l("Moderator"),
    Role.AGENCY_EDITOR: _l("Agency editor"),
    Role.ADMIN: _l("Administrator"),
}


class User(UserMixin, db.Model):
    """A person who logs in: citizen, moderator, agency editor or admin."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(255), unique=True)
    name: Mapped[str] = mapped_column(String(255), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default=Role.CITIZEN)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # the account's email took a code
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Part of the id in the session and the remember-me cookie: drawn anew when the account signs out or is
    # deactivated, which ends every session and remember-me cookie of the account at once.
    session_token: Mapped[str] = mapped_column(String(32), default=lambda: secrets.token_hex(16))
    # Two-step sign-in (consult.auth.two_factor): the authenticator app's shared secret, and the last time step
    # whose code was accepted (a code is good once).
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_last_step: Mapped[int | None] = mapped_column(Integer)

    agency = relationship("Agency")

    @property
    def is_active(self):
        """Deactivated accounts cannot log in."""
        return self.active

    def get_id(self):
        """The id Flask-Login keeps in the session and the remember-me cookie: the account's id and session token."""
        return f"{self.id}.{self.session_token}"

    def holds_session(self, token):
        """Return whether a session's token is the account's current one (compared in constant time)."""
        return hmac.compare_digest(token.encode(), (self.session_token or "").encode())

    def end_sessions(self):
        """End every session and remember-me cookie of the account (they carry the old token)."""
        self.session_token = secrets.token_hex(16)

    def set_password(self, password):
        """Store a salted hash of the password, never the password."""
        self.password_hash = generate_password_hash(password)

    def check_password(self, password):
        """Return whether the password matches the stored hash."""
        return check_password_hash(self.password_hash, password)

    def __repr__(self):
        return f"<User {self.email} {self.role}>"
