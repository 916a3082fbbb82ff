"""Closing a consultation before its window's end: always with a reason, shown on the public page; before the legal
minimum period (consult.drafts.window.minimum_days), only once an administrator confirms."""

from dataclasses import dataclass
from datetime import timedelta

from consult.audit import record
from consult.database import utcnow
from consult.drafts.models import Draft, DraftStatus
from consult.drafts.services import close_draft
from consult.drafts.window import minimum_days
from consult.extensions import db
from consult.permissions import is_admin

DAY_SECONDS = 86400


@dataclass
class Closing:
    """What closing a draft now would mean."""

    days_early: int  # whole days taken off the window (0: it ends today anyway)
    days_open: int  # days the window has lasted
    minimum: int  # the legal minimum for the draft's type of document
    before_minimum: bool  # the window would last less than the minimum: an administrator must confirm


def closing_now(draft, now=None):
    """Return the Closing of `draft` at `now`."""
    now = now or utcnow()
    minimum = minimum_days(draft.doc_type)
    days_open = max(0, int((now - draft.opens_at).total_seconds() // DAY_SECONDS))
    days_early = max(0, int((draft.closes_at - now).total_seconds() // DAY_SECONDS))
    before_minimum = now < draft.opens_at + timedelta(days=minimum)
    return Closing(days_early, days_open, minimum, before_minimum)


def close_early(actor, draft, reason, now=None):
    """Close `draft` now with a public `reason` (stored and audited). The caller checks who may (see `ask_to_close`)."""
    now = now or utcnow()
    draft.close_reason = reason
    draft.closed_early_at = now if now < draft.closes_at else None
    draft.close_requested_at = draft.close_requested_by_id = None
    close_draft(actor, draft, reason=reason)
    return draft


def request_close(actor, draft, reason, now=None):
    """Record an editor's request to close `draft` before the legal minimum; an administrator confirms or refuses."""
    draft.close_requested_at = now or utcnow()
    draft.close_requested_by_id = actor.id
    draft.close_reason = reason
    db.session.flush()
    record(actor, "draft.close_requested", draft, after={"reason": reason})
    return draft


def refuse_close(actor, draft):
    """Refuse a pending request to close early: the consultation goes on."""
    before = {"requested_at": draft.close_requested_at.isoformat() if draft.close_requested_at else None}
    draft.close_requested_at = draft.close_requested_by_id = None
    draft.close_reason = ""
    db.session.flush()
    record(actor, "draft.close_refused", draft, before=before)
    return draft


def may_close_alone(actor, closing):
    """Whether `actor` may close now without another's confirmation."""
    return not closing.before_minimum or is_admin(actor)


REQUESTED, CLOSED, UNCONFIRMED = "requested", "closed", "unconfirmed"


def ask_to_close(actor, draft, reason, below_minimum_confirmed, now=None):
    """Act on `actor`'s wish to close `draft` now with `reason`; return what came of it: REQUESTED (before the legal
    minimum, an editor's request now waits for an administrator), CLOSED, or UNCONFIRMED (an administrator closing
    before the minimum did not confirm it: nothing done)."""
    closing = closing_now(draft, now)
    if not may_close_alone(actor, closing):
        request_close(actor, draft, reason, now)
        return REQUESTED
    if closing.before_minimum and not below_minimum_confirmed:
        return UNCONFIRMED
    close_early(actor, draft, reason, now)
    return CLOSED


def pending_close_requests():
    """Return the open drafts whose editors asked to close them before the legal minimum, oldest request first."""
    return db.session.scalars(
        db.select(Draft)
        .where(Draft.close_requested_at.is_not(None), Draft.status == DraftStatus.OPEN)
        .order_by(Draft.close_requested_at)
    ).all()
