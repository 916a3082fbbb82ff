"""An author asks for a second look at a rejected opinion: once, with a reason; the opinion returns to the queue,
flagged, to be decided again one by one."""

from sqlalchemy import update

from consult.audit import record
from consult.extensions import db
from consult.feedback.models import Feedback, FeedbackStatus

SECOND_LOOK = "second_look"


def asked_second_look(feedback):
    """Whether the author has asked for a second look at this opinion already (it may be asked once)."""
    return any(flag.get("code") == SECOND_LOOK for flag in feedback.flags or [])


def ask_second_look(feedback, reason):
    """Send a rejected opinion back to moderation with the author's reason; return False if it was not (no longer)
    rejected, or was looked at again already. Audited as the author's action (no account: actor None)."""
    if asked_second_look(feedback):
        return False
    flags = [*(feedback.flags or []), {"code": SECOND_LOOK, "detail": reason}]
    result = db.session.execute(
        update(Feedback)
        .where(Feedback.id == feedback.id, Feedback.status == FeedbackStatus.REJECTED)
        .values(status=FeedbackStatus.PENDING, flags=flags)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return False
    db.session.refresh(feedback)
    record(
        None,
        "feedback.second_look",
        feedback,
        before={"status": FeedbackStatus.REJECTED},
        after={"status": FeedbackStatus.PENDING, "reason": reason},
    )
    return True
