"""Blocked submitters: their new opinions are stored as usual but held for a moderator, flagged.

A block matches an account, an email address (the contact given with the opinion) or a keyed hash of the IP
address. The submitter is never told: they get the normal receipt, and the opinion waits in the queue with the
flag "blocked_submitter" (which keeps it out of bulk approval).
"""

from datetime import datetime, time, timedelta, timezone

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, or_, select, update

from consult.audit import record
from consult.auth.models import User
from consult.database import UTCDateTime, utcnow
from consult.extensions import db
from consult.i18n import LOCAL_TZ
from consult.moderation.models import BlockKind, SubmitterBlock

BLOCKED = "blocked_submitter"


class BlockRefused(Exception):
    """The block cannot be added as asked; `message` says why and `field` which field to fix."""

    def __init__(self, field, message):
        super().__init__(str(message))
        self.field, self.message = field, message


def _email(value):
    """Return an email in the form blocks match it (as consult.feedback.services.contact_identity does)."""
    return (value or "").strip().lower()


def _email_key(email):
    return f"email:{_email(email)}"


def submitter_keys(user_id, contact, client_hash):
    """Return the match keys of a new opinion's submitter."""
    keys = []
    if user_id is not None:
        keys.append(f"account:{user_id}")
    if contact and "@" in contact:
        keys.append(_email_key(contact))
    if client_hash:
        keys.append(f"ip:{client_hash}")
    return keys


def blocked_flags(connection, rows, now=None):
    """Return, for each new opinion row, [the 'blocked_submitter' flag] when an active block matches its submitter
    (account, email or client hash), else [].

    One query on the match_key index for the whole batch of opinions (consult.feedback.group_commit writes
    many at once); on the connection, not through the session: it runs for every opinion sent.
    """
    keys = [submitter_keys(row["user_id"], row["contact"], row["client_hash"]) for row in rows]
    wanted = sorted({key for row_keys in keys for key in row_keys})
    if not wanted:
        return [[] for _row in rows]
    found = {}
    for block_id, match_key in connection.execute(_ACTIVE_BLOCKS, {"keys": wanted, "now": now or utcnow()}):
        found[match_key] = min(block_id, found.get(match_key, block_id))
    flags = []
    for row_keys in keys:
        matched = [found[key] for key in row_keys if key in found]
        flags.append([{"code": BLOCKED, "detail": f"#{min(matched)}"}] if matched else [])
    return flags


# Built once: it runs for every batch of opinions sent (the busiest endpoint).
_ACTIVE_BLOCKS = (
    select(SubmitterBlock.id, SubmitterBlock.match_key)
    .where(SubmitterBlock.match_key.in_(bindparam("keys", expanding=True)),
           SubmitterBlock.lifted_at.is_(None),
           or_(SubmitterBlock.ends_at.is_(None), SubmitterBlock.ends_at > bindparam("now", type_=UTCDateTime)))
)


def end_of_day(day):
    """Return the UTC moment a block ending on `day` (a local date) ends: the end of that day in Vietnam."""
    local = datetime.combine(day + timedelta(days=1), time.min, tzinfo=LOCAL_TZ)
    return local.astimezone(timezone.utc)


def _match_key(kind, value):
    """Return (value as stored, match key) for a block, or raise BlockRefused."""
    value = (value or "").strip()
    if kind == BlockKind.ACCOUNT:
        user = db.session.scalar(select(User).where(User.email == value.lower())) or db.session.scalar(
            select(User).where(User.email == value))
        if user is None:
            raise BlockRefused("value", _l("No account has this email address."))
        return user.email, f"account:{user.id}"
    if kind == BlockKind.EMAIL:
        if "@" not in value:
            raise BlockRefused("value", _l("Enter an email address, for example ten@example.vn."))
        return _email(value), _email_key(value)
    if kind == BlockKind.IP_HASH:
        if len(value) != 32 or any(ch not in "0123456789abcdef" for ch in value.lower()):
            raise BlockRefused("value", _l("Enter the 32-character IP hash shown with the opinion."))
        return value.lower(), f"ip:{value.lower()}"
    raise BlockRefused("kind", _l("Choose what to block."))


def add_block(actor, kind, value, reason, ends_on=None, now=None):
    """Block a submitter until the end of `ends_on` (a local date) or indefinitely; audited."""
    now = now or utcnow()
    ends_at = end_of_day(ends_on) if ends_on else None
    if ends_at is not None and ends_at <= now:
        raise BlockRefused("ends_on", _l("The end date must be today or later."))
    stored, key = _match_key(kind, value)
    block = SubmitterBlock(kind=kind, value=stored, match_key=key, reason=reason.strip(), ends_at=ends_at,
                           created_by_id=actor.id, created_at=now)
    db.session.add(block)
    db.session.flush()
    record(actor, "submitter.blocked", block, after={"kind": kind, "value": stored, "reason": block.reason,
                                                      "ends_at": ends_at.isoformat() if ends_at else None})
    return block


def lift_block(actor, block, now=None):
    """End an active block now; audited. Return False when it had already ended."""
    now = now or utcnow()
    result = db.session.execute(
        update(SubmitterBlock)
        .where(SubmitterBlock.id == block.id, SubmitterBlock.lifted_at.is_(None),
               or_(SubmitterBlock.ends_at.is_(None), SubmitterBlock.ends_at > now))
        .values(lifted_at=now, lifted_by_id=actor.id)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return False
    db.session.refresh(block)
    record(actor, "submitter.unblocked", block, before={"ends_at": block.ends_at.isoformat() if block.ends_at else None},
           after={"lifted_at": now.isoformat()})
    return True


def list_blocks(now=None, limit=200):
    """Return (active blocks, ended blocks), newest first, at most `limit` of each."""
    now = now or utcnow()
    active = (SubmitterBlock.lifted_at.is_(None)) & or_(SubmitterBlock.ends_at.is_(None), SubmitterBlock.ends_at > now)
    newest = (SubmitterBlock.created_at.desc(), SubmitterBlock.id.desc())
    return (db.session.scalars(select(SubmitterBlock).where(active).order_by(*newest).limit(limit)).all(),
            db.session.scalars(select(SubmitterBlock).where(~active).order_by(*newest).limit(limit)).all())
