"""Contact details kept with opinions: erased on the author's request, and after the retention period."""

from datetime import timedelta

from blinker import Namespace
from sqlalchemy import select

from consult.audit import record
from consult.database import utcnow
from consult.drafts.models import Draft
from consult.extensions import db
from consult.feedback.models import Feedback

# Sent with a draft's id when contacts of its opinions were erased, inside that transaction: files that copied
# them out (consult.reports.runs: internal reports with contacts) are withdrawn.
contacts_erased = Namespace().signal("contacts-erased")


def erase_contact(feedback, reason, now=None, signal=True):
    """Erase an opinion's contact details, keeping the opinion; audited without the erased value. `signal`: say so
    (contacts_erased) at once; a caller erasing many says it once per draft."""
    if not feedback.contact:
        return False
    feedback.contact = ""
    feedback.contact_erased_at = now or utcnow()
    db.session.flush()
    record(None, "feedback.contact_erased", feedback, after={"reason": reason})
    if signal:
        contacts_erased.send(feedback.draft_id)
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
        erase_contact(feedback, "retention", now, signal=False)
    for draft_id in {feedback.draft_id for feedback in opinions}:
        contacts_erased.send(draft_id)
    return len(opinions)
