"""User accounts and roles."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, String
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

    agency = relationship("Agency")

    @property
    def is_active(self):
        """Deactivated accounts cannot log in."""
        return self.active

    def set_password(self, password):
        """Store a salted hash of the password, never the password."""
        self.password_hash = generate_password_hash(password)

    def check_password(self, password):
        """Return whether the password matches the stored hash."""
        return check_password_hash(self.password_hash, password)

    def __repr__(self):
        return f"<User {self.email} {self.role}>"
