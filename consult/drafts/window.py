"""The consultation window: minimum periods, extensions, and recording phase changes made by the clock."""

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from consult.audit import record
from consult.database import utcnow
from consult.drafts.models import Draft, DraftStatus, WindowExtension
from consult.extensions import db
from consult.text import clean_text


class WindowError(ValueError):
    """The window change is not allowed; `message` says why."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def minimum_days(doc_type):
    """Return the configured minimum consultation period, in days, for a document type."""
    days = current_app.config["MIN_CONSULTATION_DAYS"]
    return days.get(doc_type, days["other"])


def window_days(opens_on, closes_on):
    """Return how many calendar days a window from `opens_on` to `closes_on` (both included) lasts."""
    return (closes_on - opens_on).days + 1


def extend_window(actor, draft, new_closes_at, reason, now=None):
    """Move the end of an open draft's window later; the reason is audited and shown publicly."""
    now = now or utcnow()
    if draft.status != DraftStatus.OPEN:
        raise WindowError(_l("Only a draft that is open for comments can be extended; open it again first."))
    if new_closes_at <= draft.closes_at or new_closes_at <= now:
        raise WindowError(_l("The new closing date must be later than the current one."))
    reason = clean_text(reason or "")
    if not reason:
        raise WindowError(_l("Give the reason for the extension; it is shown to the public."))
    extension = WindowExtension(
        draft=draft,
        previous_closes_at=draft.closes_at,
        new_closes_at=new_closes_at,
        reason=reason,
        actor_id=getattr(actor, "id", None),
    )
    db.session.add(extension)
    draft.closes_at = new_closes_at
    db.session.flush()
    record(
        actor,
        "draft.extend",
        draft,
        before={"closes_at": extension.previous_closes_at.isoformat()},
        after={"closes_at": new_closes_at.isoformat(), "reason": reason},
    )
    return extension


def record_transitions(now=None):
    """Audit every draft whose phase changed by the clock (opened, closed) since it was last recorded."""
    now = now or utcnow()
    changes = []
    drafts = db.session.scalars(select(Draft).where(Draft.status != DraftStatus.DRAFT).order_by(Draft.id))
    for draft in drafts:
        phase = draft.phase(now)
        if phase != draft.recorded_phase:
            record(
                None,
                "draft.phase",
                draft,
                before={"phase": draft.recorded_phase},
                after={"phase": phase, "at": now.isoformat()},
            )
            changes.append((draft, draft.recorded_phase, phase))
            draft.recorded_phase = phase
    db.session.flush()
    return changes
