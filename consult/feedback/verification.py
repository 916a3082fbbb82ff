"""Email verification of opinions on drafts that require it (Participation.EMAIL_VERIFIED).

The opinion is stored at once as "unverified" (so nothing typed is lost), and a 6-digit code is mailed to the
email given as contact; entering it makes the opinion pending moderation. Codes are kept only as keyed hashes,
expire, allow a few attempts and a few resends. Opinions never confirmed are deleted after some days.
"""

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import ForeignKey, Integer, String, delete, select, update
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.audit import record
from consult.database import UTCDateTime, utcnow
from consult.drafts.models import Participation
from consult.extensions import db
from consult.feedback.contacts import contact_is_email, same_contact
from consult.feedback.models import Feedback, FeedbackStatus
from consult.feedback.notifications import send_code


class EmailCode(db.Model):
    """The one-time code waiting to confirm an unverified opinion (deleted once it is entered)."""

    __tablename__ = "feedback_email_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    feedback_id: Mapped[int] = mapped_column(ForeignKey("feedback.id", ondelete="CASCADE"), unique=True)
    code_hash: Mapped[str] = mapped_column(String(64))  # HMAC of the code: a database leak does not reveal it
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)  # wrong codes typed since the code was sent
    sends: Mapped[int] = mapped_column(Integer, default=1)  # codes sent for this opinion
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    feedback = relationship("Feedback")


class Check:
    """Outcome of a typed code."""

    OK = "ok"
    WRONG = "wrong"
    EXPIRED = "expired"
    LOCKED = "locked"  # too many wrong codes: only a new code helps


class ResendRefused(Exception):
    """A new code cannot be sent now; `wait` seconds until it can, or None when no more codes are sent."""

    def __init__(self, wait=None):
        super().__init__(wait)
        self.wait = wait


def needs_email(draft):
    """Return whether opinions on this draft must give an email address as contact."""
    return draft.participation == Participation.EMAIL_VERIFIED


def verified_by(draft, contact, user=None, remembered=False):
    """Return how `contact` is already known to be the author's ("account", "session"), "" if a code is needed,
    or None when the draft does not ask for verification."""
    if not needs_email(draft):
        return None
    if user is not None and user.email_verified_at is not None and same_contact(user.email, contact):
        return "account"
    return "session" if remembered else ""


def initial_status(method):
    """Return the status an opinion is stored with, given `verified_by`'s answer."""
    return FeedbackStatus.UNVERIFIED if method == "" else FeedbackStatus.PENDING


def _hash(feedback, code):
    """Return the keyed hash of a code, bound to its opinion."""
    key = hmac.new(current_app.config["SECRET_KEY"].encode(), b"feedback-email-code", hashlib.sha256).digest()
    return hmac.new(key, f"{feedback.id}:{code}".encode(), hashlib.sha256).hexdigest()


def _new_code():
    """Return six random digits."""
    return f"{secrets.randbelow(10**6):06d}"


def start_verification(feedback, method, user=None, now=None):
    """Finish storing a new opinion on a draft that asks for a verified email: the audit of a known email, or a
    code mailed (after commit). Return the EmailCode, or None."""
    if method:
        db.session.flush()
        record(user, "feedback.email_verified", feedback, after={"method": method})
    if feedback.status != FeedbackStatus.UNVERIFIED:
        return None
    now = now or utcnow()
    code = _new_code()
    email_code = EmailCode(feedback=feedback, code_hash=_hash(feedback, code), expires_at=_expiry(now), sent_at=now)
    db.session.add(email_code)
    db.session.flush()
    send_code(feedback, code)
    return email_code


def _expiry(now):
    """Return when a code sent at `now` expires."""
    return now + timedelta(minutes=current_app.config["VERIFICATION_CODE_MINUTES"])


def code_for(feedback):
    """Return the EmailCode waiting for this opinion, or None."""
    return db.session.scalar(select(EmailCode).where(EmailCode.feedback_id == feedback.id))


def attempts_left(email_code):
    """Return how many more codes may be typed."""
    return max(0, current_app.config["VERIFICATION_MAX_ATTEMPTS"] - email_code.attempts)


def check_code(feedback, typed, user=None, now=None):
    """Check a typed code; the right one makes the opinion pending (audited). Return a Check value."""
    now = now or utcnow()
    email_code = code_for(feedback)
    if email_code is None or not attempts_left(email_code):
        return Check.LOCKED
    if now >= email_code.expires_at:
        return Check.EXPIRED
    typed = "".join(ch for ch in (typed or "") if ch.isdigit())
    if not hmac.compare_digest(_hash(feedback, typed), email_code.code_hash):
        # Counted in the database, not with a read-modify-write, so parallel guesses are all counted.
        db.session.execute(
            update(EmailCode)
            .where(EmailCode.id == email_code.id)
            .values(attempts=EmailCode.attempts + 1)
            .execution_options(synchronize_session=False)
        )
        db.session.refresh(email_code)
        return Check.WRONG
    confirm(feedback, email_code, user, now)
    return Check.OK


def confirm(feedback, email_code, user=None, now=None):
    """Move the opinion from unverified to pending moderation; remember a signed-in author's email as verified."""
    result = db.session.execute(
        update(Feedback)
        .where(Feedback.id == feedback.id, Feedback.status == FeedbackStatus.UNVERIFIED)
        .values(status=FeedbackStatus.PENDING)
        .execution_options(synchronize_session=False)
    )
    # A statement, not session.delete: the same code sent twice at once must not fail on a row already gone.
    db.session.execute(delete(EmailCode).where(EmailCode.id == email_code.id))
    db.session.refresh(feedback)
    if result.rowcount != 1:  # confirmed already, in another tab
        return
    record(
        user,
        "feedback.email_verified",
        feedback,
        before={"status": FeedbackStatus.UNVERIFIED},
        after={"status": FeedbackStatus.PENDING, "method": "code"},
    )
    if user is not None and user.email_verified_at is None and same_contact(user.email, feedback.contact):
        user.email_verified_at = now or utcnow()
        db.session.flush()
        record(user, "user.email_verified", user, after={"email": user.email})


def resend_code(feedback, now=None):
    """Mail a new code (the old one stops working, attempts start again); refuse too soon or too often."""
    config = current_app.config
    now = now or utcnow()
    email_code = code_for(feedback)
    if email_code is None or email_code.sends >= config["VERIFICATION_MAX_SENDS"]:
        raise ResendRefused()
    if not contact_is_email(feedback.contact):  # erased meanwhile
        raise ResendRefused()
    ready_at = email_code.sent_at + timedelta(seconds=config["VERIFICATION_RESEND_SECONDS"])
    if now < ready_at:
        raise ResendRefused(wait=int((ready_at - now).total_seconds()) + 1)
    code = _new_code()
    email_code.code_hash = _hash(feedback, code)
    email_code.expires_at, email_code.sent_at = _expiry(now), now
    email_code.attempts, email_code.sends = 0, email_code.sends + 1
    db.session.flush()
    send_code(feedback, code)
    return email_code


def purge_unverified(days, now=None):
    """Delete opinions left unverified for more than `days` days (audited, without their content); return how many."""
    limit = (now or utcnow()) - timedelta(days=days)
    opinions = db.session.scalars(
        select(Feedback).where(Feedback.status == FeedbackStatus.UNVERIFIED, Feedback.created_at < limit)
    ).all()
    ids = [feedback.id for feedback in opinions]
    for feedback in opinions:
        record(None, "feedback.unverified_deleted", feedback, after={"draft_id": feedback.draft_id})
    if ids:
        db.session.execute(delete(EmailCode).where(EmailCode.feedback_id.in_(ids)))
        db.session.execute(delete(Feedback).where(Feedback.id.in_(ids)))
    return len(ids)
