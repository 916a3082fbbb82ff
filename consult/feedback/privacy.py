"""Contact details kept with opinions: erased on the author's request, and after the retention period."""

from datetime import timedelta

from sqlalchemy import select

from consult.audit import record
from consult.database import utcnow
from consult.drafts.models import Draft
from consult.extensions import db
from consult.feedback.models import Feedback


def erase_contact(feedback, reason, now=None):
    """Erase an opinion's contact details, keeping the opinion; audited without the erased value."""
    if not feedback.contact:
        return False
    feedback.contact = ""
    feedback.contact_erased_at = now or utcnow()
    db.session.flush()
    record(None, "feedback.contact_erased", feedback, after={"reason": reason})
    return True


def erase_expired_contacts(retention_days, now=None):
    """Erase the contacts of opinions on drafts closed more than `retention_days` ago; return how many."""
    now = now or utcnow()
    limit = now - timedelta(days=retention_days)
    opinions = db.session.scalars(
        select(Feedback)
        .join(Draft, Feedback.draft_id == Draft.id)
        .where(Draft.closes_at < limit, Feedback.contact != "")
    ).all()
    for feedback in opinions:
        erase_contact(feedback, "retention", now)
    return len(opinions)
