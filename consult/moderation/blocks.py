"""Blocked submitters: their new opinions are stored as usual but held for a moderator, flagged.

A block matches an account, an email address (the contact given with the opinion) or a keyed hash of the IP
address. The submitter is never told: they get the normal receipt, and the opinion waits in the queue with the
flag "blocked_submitter" (which keeps it out of bulk approval).
"""

from datetime import UTC, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select, update

from consult.audit import record
from consult.auth.models import User
from consult.database import utcnow
from consult.extensions import db
from consult.feedback.blocks import BlockKind, SubmitterBlock, email_key, normal_email
from consult.i18n import LOCAL_TZ
from consult.permissions import moderates_every_agency


class BlockRefused(Exception):
    """The block cannot be added as asked; `message` says why and `field` which field to fix."""

    def __init__(self, field, message):
        super().__init__(str(message))
        self.field, self.message = field, message


def end_of_day(day):
    """Return the UTC moment a block ending on `day` (a local date) ends: the end of that day in Vietnam."""
    local = datetime.combine(day + timedelta(days=1), time.min, tzinfo=LOCAL_TZ)
    return local.astimezone(UTC)


def _match_key(kind, value):
    """Return (value as stored, match key) for a block, or raise BlockRefused."""
    value = (value or "").strip()
    if kind == BlockKind.ACCOUNT:
        user = db.session.scalar(select(User).where(User.email == value.lower())) or db.session.scalar(
            select(User).where(User.email == value)
        )
        if user is None:
            raise BlockRefused("value", _l("No account has this email address."))
        return user.email, f"account:{user.id}"
    if kind == BlockKind.EMAIL:
        if "@" not in value:
            raise BlockRefused("value", _l("Enter an email address, for example ten@example.vn."))
        return normal_email(value), email_key(value)
    if kind == BlockKind.IP_HASH:
        if len(value) != 32 or any(ch not in "0123456789abcdef" for ch in value.lower()):
            raise BlockRefused("value", _l("Enter the 32-character IP hash shown with the opinion."))
        return value.lower(), f"ip:{value.lower()}"
    raise BlockRefused("kind", _l("Choose what to block."))


def block_scope(actor):
    """The agency a moderator's blocks hold opinions for: theirs, or None (every agency) for one who moderates all."""
    return None if moderates_every_agency(actor) else actor.agency_id


def may_lift(actor, block):
    """A block of every agency is lifted by those who moderate every agency; one of an agency, by its moderators."""
    return moderates_every_agency(actor) or (block.agency_id is not None and block.agency_id == actor.agency_id)


def add_block(actor, kind, value, reason, ends_on=None, now=None):
    """Block a submitter until the end of `ends_on` (a local date) or indefinitely, for the opinions on the drafts
    of the actor's agency (every agency's when the actor moderates them all); audited."""
    now = now or utcnow()
    ends_at = end_of_day(ends_on) if ends_on else None
    if ends_at is not None and ends_at <= now:
        raise BlockRefused("ends_on", _l("The end date must be today or later."))
    stored, key = _match_key(kind, value)
    block = SubmitterBlock(
        kind=kind,
        value=stored,
        match_key=key,
        reason=reason.strip(),
        ends_at=ends_at,
        created_by_id=actor.id,
        created_at=now,
        agency_id=block_scope(actor),
    )
    db.session.add(block)
    db.session.flush()
    record(
        actor,
        "submitter.blocked",
        block,
        after={
            "kind": kind,
            "value": stored,
            "reason": block.reason,
            "ends_at": ends_at.isoformat() if ends_at else None,
            "agency_id": block.agency_id,
        },
    )
    return block


def lift_block(actor, block, now=None):
    """End an active block now; audited. Return False when it had already ended."""
    now = now or utcnow()
    result = db.session.execute(
        update(SubmitterBlock)
        .where(
            SubmitterBlock.id == block.id,
            SubmitterBlock.lifted_at.is_(None),
            or_(SubmitterBlock.ends_at.is_(None), SubmitterBlock.ends_at > now),
        )
        .values(lifted_at=now, lifted_by_id=actor.id)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return False
    db.session.refresh(block)
    record(
        actor,
        "submitter.unblocked",
        block,
        before={"ends_at": block.ends_at.isoformat() if block.ends_at else None},
        after={"lifted_at": now.isoformat()},
    )
    return True


def list_blocks(actor, now=None, limit=200):
    """Return (active blocks, ended blocks) that hold opinions of the actor's drafts, newest first, at most `limit`
    of each: a moderator of one agency sees the blocks of every agency and of theirs, not another agency's."""
    now = now or utcnow()
    active = (SubmitterBlock.lifted_at.is_(None)) & or_(SubmitterBlock.ends_at.is_(None), SubmitterBlock.ends_at > now)
    newest = (SubmitterBlock.created_at.desc(), SubmitterBlock.id.desc())
    seen = select(SubmitterBlock)
    if not moderates_every_agency(actor):
        seen = seen.where(or_(SubmitterBlock.agency_id.is_(None), SubmitterBlock.agency_id == actor.agency_id))
    return (
        db.session.scalars(seen.where(active).order_by(*newest).limit(limit)).all(),
        db.session.scalars(seen.where(~active).order_by(*newest).limit(limit)).all(),
    )
