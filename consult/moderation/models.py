"""Moderation decisions on opinions."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from consult.database import UTCDateTime, utcnow
from consult.extensions import db

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
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    feedback = relationship("Feedback", backref=backref("decisions", order_by="ModerationDecision.id"))
    moderator = relationship("User")


class FeedbackFlag(db.Model):
    """One automatic flag of an opinion, as a row: the queue filters on flags through these indexes.

    A copy of the codes in Feedback.flags (which keeps the details shown), written by database triggers on every
    INSERT into feedback and every UPDATE of its flags (migration 0014): whoever writes flags, however (the
    submit's single Core INSERT, the ORM, imports), the rows follow at no extra round trip. `draft_id` and
    `created_at` are the opinion's, copied so that a page of the queue filtered on a flag is read from one index
    in queue order.
    """

    __tablename__ = "feedback_flag"
    __table_args__ = (
        Index("ix_feedback_flag_code_created", "code", "created_at", "feedback_id"),
        Index("ix_feedback_flag_draft_code_created", "draft_id", "code", "created_at", "feedback_id"),
    )

    feedback_id: Mapped[int] = mapped_column(ForeignKey("feedback.id", ondelete="CASCADE"), primary_key=True)
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    draft_id: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
