"""Blocked submitters: their new opinions are stored as usual but held for a moderator, flagged.

A block matches an account, an email address (the contact given with the opinion) or a keyed hash of the IP
address. The submitter is never told: they get the normal receipt, and the opinion waits in the queue with the
flag "blocked_submitter" (which keeps it out of bulk approval). Moderators add and lift blocks
(consult.moderation.blocks); every opinion stored is matched against them here (consult.feedback.store).
"""

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, Text, bindparam, or_, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.database import UTCDateTime, one_of, utcnow
from consult.drafts.models import Draft
from consult.extensions import db
from consult.i18n import LOCAL_TZ

BLOCKED = "blocked_submitter"


class BlockKind:
    """What a block matches on a new opinion."""

    ACCOUNT = "account"
    EMAIL = "email"
    IP_HASH = "ip"
    ALL = (ACCOUNT, EMAIL, IP_HASH)


BLOCK_KINDS = {
    BlockKind.ACCOUNT: _l("Account"),
    BlockKind.EMAIL: _l("Email address"),
    BlockKind.IP_HASH: _l("IP address (hashed)"),
}


class SubmitterBlock(db.Model):
    """A submitter whose new opinions are held for moderation, until `ends_at` (never when None) or lifted."""

    __tablename__ = "submitter_block"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    value: Mapped[str] = mapped_column(String(255))  # as shown to staff: account email, email, or IP hash
    match_key: Mapped[str] = mapped_column(String(300), index=True)  # "account:<id>", "email:<email>", "ip:<hash>"
    reason: Mapped[str] = mapped_column(Text)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    lifted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lifted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    # The agency whose drafts the block holds opinions on (its moderator's); None: every agency's.
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id", ondelete="CASCADE"))

    created_by = relationship("User", foreign_keys=[created_by_id])
    agency = relationship("Agency")
    lifted_by = relationship("User", foreign_keys=[lifted_by_id])

    @property
    def last_day(self):
        """Return the last local (Vietnam) day the block holds opinions, or None when it has no end."""
        if self.ends_at is None:
            return None
        return (self.ends_at.astimezone(LOCAL_TZ) - timedelta(seconds=1)).date()

    def is_active(self, now):
        """Return whether the block still holds new opinions at `now`."""
        return self.lifted_at is None and (self.ends_at is None or self.ends_at > now)


def normal_email(value):
    """Return an email in the form blocks match it (as consult.feedback.services.contact_identity does)."""
    return (value or "").strip().lower()


def email_key(email):
    return f"email:{normal_email(email)}"


def submitter_keys(user_id, contact, client_hash):
    """Return the match keys of a new opinion's submitter."""
    keys = []
    if user_id is not None:
        keys.append(f"account:{user_id}")
    if contact and "@" in contact:
        keys.append(email_key(contact))
    if client_hash:
        keys.append(f"ip:{client_hash}")
    return keys


def blocked_flags(connection, rows, now=None):
    """Return, for each new opinion row, [the 'blocked_submitter' flag] when an active block matches its submitter
    (account, email or client hash), else [].

    One query on the match_key index for the whole batch of opinions (consult.feedback.store stores
    many at once); on the connection, not through the session: it runs for every opinion sent.
    """
    keys = [submitter_keys(row["user_id"], row["contact"], row["client_hash"]) for row in rows]
    wanted = sorted({key for row_keys in keys for key in row_keys})
    if not wanted:
        return [[] for _row in rows]
    found = {}  # match key -> [(block id, agency id or None)]
    for block_id, match_key, agency_id in connection.execute(_ACTIVE_BLOCKS, {"keys": wanted, "now": now or utcnow()}):
        found.setdefault(match_key, []).append((block_id, agency_id))
    agencies = _agencies_of_drafts(connection, rows) if any(a for hits in found.values() for _b, a in hits) else {}
    flags = []
    for row, row_keys in zip(rows, keys, strict=True):
        agency = agencies.get(row["draft_id"])
        matched = [block for key in row_keys for block, scope in found.get(key, ()) if scope in (None, agency)]
        flags.append([{"code": BLOCKED, "detail": f"#{min(matched)}"}] if matched else [])
    return flags


def _agencies_of_drafts(connection, rows):
    """{draft id: agency id} of the rows' drafts (asked only when a block of one agency matched)."""
    draft_ids = sorted({row["draft_id"] for row in rows})
    return dict(connection.execute(select(Draft.id, Draft.agency_id).where(Draft.id.in_(draft_ids))).all())


# Built once: it runs for every batch of opinions sent (the busiest endpoint).
_ACTIVE_BLOCKS = select(SubmitterBlock.id, SubmitterBlock.match_key, SubmitterBlock.agency_id).where(
    one_of(SubmitterBlock.match_key, "keys"),
    SubmitterBlock.lifted_at.is_(None),
    or_(SubmitterBlock.ends_at.is_(None), SubmitterBlock.ends_at > bindparam("now", type_=UTCDateTime)),
)
