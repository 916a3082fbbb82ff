"""Moderation decisions on opinions."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from consult.database import UTCDateTime, utcnow
from consult.extensions import db

AUTHOR_MESSAGE_MAX_LENGTH = 1000

REJECTION_REASONS = {
    "offensive": _l("Offensive or abusive language"),
    "spam": _l("Spam or advertising"),
    "off_topic": _l("Not about this draft"),
    "personal_data": _l("Contains personal data of others"),
    "duplicate": _l("Duplicate of another opinion"),
    "other": _l("Other reason"),
}


class ModerationDecision(db.Model):
    """A moderator's approval or rejection of one opinion."""

    __tablename__ = "moderation_decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    feedback_id: Mapped[int] = mapped_column(ForeignKey("feedback.id", ondelete="CASCADE"), index=True)
    moderator_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    decision: Mapped[str] = mapped_column(String(20))
    reason_code: Mapped[str | None] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(Text, default="")  # internal: moderators and admins only
    # Shown to the author (receipt page, decision email); never the internal note.
    author_message: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    feedback = relationship("Feedback", backref=backref("decisions", order_by="ModerationDecision.id"))
    moderator = relationship("User")


# --- Moderation tools: redaction, citizen reports, blocked submitters -------------------------------------------

REDACTION_REASONS = {
    "personal_data": _l("Personal data"),
    "insult": _l("Insult or abusive words"),
    "other": _l("Other reason"),
}

CITIZEN_FLAG_REASONS = {
    "offensive": _l("Offensive or abusive"),
    "personal_data": _l("Reveals someone's personal data"),
    "spam": _l("Spam or advertising"),
    "off_topic": _l("Not about this draft"),
    "other": _l("Other reason"),
}


class FeedbackRedaction(db.Model):
    """The text of an opinion before one redaction: kept for audit, shown to admins only."""

    __tablename__ = "feedback_redaction"

    id: Mapped[int] = mapped_column(primary_key=True)
    feedback_id: Mapped[int] = mapped_column(ForeignKey("feedback.id", ondelete="CASCADE"), index=True)
    moderator_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    reason_code: Mapped[str] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(Text, default="")
    original_content: Mapped[str] = mapped_column(Text)
    original_proposed_wording: Mapped[str] = mapped_column(Text, default="")
    revision: Mapped[int] = mapped_column()  # the opinion's revision this redaction produced
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    moderator = relationship("User")


class CitizenFlag(db.Model):
    """A reader's report that a published opinion breaks the rules; one per reporter and opinion."""

    __tablename__ = "citizen_flag"
    __table_args__ = (UniqueConstraint("feedback_id", "reporter_key", name="uq_citizen_flag_feedback_reporter"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    feedback_id: Mapped[int] = mapped_column(ForeignKey("feedback.id", ondelete="CASCADE"))
    reporter_key: Mapped[str] = mapped_column(String(48))  # "user:<id>" or "ip:<keyed hash>", never the address
    reason_code: Mapped[str] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
