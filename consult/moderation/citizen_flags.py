"""Readers report published opinions; past CITIZEN_FLAG_THRESHOLD reporters the opinion returns to review.

Only reports made since the opinion's last decision count, so an opinion a moderator approves again starts from
zero; each reporter (an account, else a keyed hash of the address) reports an opinion once.
"""

from collections import Counter

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from consult.audit import record
from consult.extensions import db
from consult.feedback.models import Feedback, FeedbackStatus
from consult.i18n import label
from consult.moderation.models import CITIZEN_FLAG_REASONS, CitizenFlag
from consult.search.indexing import unindex_feedback

REPORTED = "reported"


class AlreadyReported(Exception):
    """This reporter reported this opinion before."""


def reporter_key(user, client_hash):
    """Return who reports: the account when signed in, else the keyed hash of the address."""
    if user is not None and getattr(user, "is_authenticated", False):
        return f"user:{user.id}"
    return f"ip:{client_hash}"


def report_feedback(feedback, reporter, reason_code, note="", now=None):
    """Store one reader's report of a published opinion; send it back to review past the threshold.

    Return True when this report sent the opinion back. The opinion's row is locked first, so two reports
    arriving together are counted one after the other and the threshold is crossed exactly once.
    """
    db.session.execute(select(Feedback.id).where(Feedback.id == feedback.id).with_for_update())
    report = CitizenFlag(feedback_id=feedback.id, reporter_key=reporter, reason_code=reason_code, note=note or "")
    if now is not None:
        report.created_at = now
    try:
        with db.session.begin_nested():
            db.session.add(report)
    except IntegrityError:
        raise AlreadyReported() from None
    reasons = _open_reasons(feedback)
    if sum(reasons.values()) < current_app.config["CITIZEN_FLAG_THRESHOLD"]:
        return False
    return _send_back(feedback, reasons)


def _open_reasons(feedback):
    """Return Counter({reason code: reporters}) of the reports made since the opinion was last decided."""
    query = select(CitizenFlag.reason_code, func.count()).where(CitizenFlag.feedback_id == feedback.id)
    if feedback.decided_at is not None:
        query = query.where(CitizenFlag.created_at >= feedback.decided_at)
    return Counter(dict(db.session.execute(query.group_by(CitizenFlag.reason_code)).all()))


def _send_back(feedback, reasons):
    """Make a published opinion pending again, hidden and flagged 'reported'; audited as a system action."""
    detail = describe_reasons(reasons)
    flags = [flag for flag in (feedback.flags or []) if flag.get("code") != REPORTED]
    flags.append({"code": REPORTED, "detail": detail})
    result = db.session.execute(
        update(Feedback)
        .where(Feedback.id == feedback.id, Feedback.status == FeedbackStatus.APPROVED)
        .values(status=FeedbackStatus.PENDING, flags=flags)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return False  # already back in review (or decided otherwise meanwhile)
    db.session.refresh(feedback)
    unindex_feedback(feedback)
    record(
        None,
        "feedback.reported",
        feedback,
        before={"status": FeedbackStatus.APPROVED},
        after={"status": FeedbackStatus.PENDING, "reports": dict(reasons)},
    )
    return True


def describe_reasons(reasons):
    """Return 'Offensive or abusive (2), Spam or advertising (1)' in the staff's default language."""
    with force_locale(current_app.config.get("BABEL_DEFAULT_LOCALE", "vi")):
        return ", ".join(f"{label(CITIZEN_FLAG_REASONS, code)} ({count})" for code, count in reasons.most_common())


def reports_of(feedback, limit=200):
    """Return the opinion's reports, newest first (at most `limit`)."""
    return db.session.scalars(
        select(CitizenFlag).where(CitizenFlag.feedback_id == feedback.id).order_by(CitizenFlag.id.desc()).limit(limit)
    ).all()
