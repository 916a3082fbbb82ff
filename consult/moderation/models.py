"""Moderation decisions on opinions."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from consult.database import UTCDateTime, utcnow
from consult.extensions import db
from consult.runs import RunMixin

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


# --- The queue at volume: claims, decisions over a whole filter ------------------------------------------------


class FeedbackClaim(db.Model):
    """A moderator's hold on a pending opinion until `claimed_until`: the others' queues skip it and their decisions
    on it are refused (consult.moderation.claims).

    A table of its own rather than columns of feedback: a claim is written and dropped all day, and a write to
    feedback would end the public page cache's generation (consult.pagecache) and touch the queue's indexes. It
    holds a few rows per moderator at work; expired ones are deleted by the next claim.
    """

    __tablename__ = "feedback_claim"
    __table_args__ = (Index("ix_feedback_claim_user_until", "user_id", "claimed_until"),)

    feedback_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("feedback.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    claimed_until: Mapped[datetime] = mapped_column(UTCDateTime)

    user = relationship("User")


class BulkRun(RunMixin, db.Model):
    """One decision given to every opinion that matched a queue filter, by a background job in batches
    (consult.moderation.bulk_runs). `position` counts the ids handled, committed with each batch's decisions, so a
    run taken up again after its worker died goes on from there (`done` is its progress on the page)."""

    __tablename__ = "moderation_bulk_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    decision: Mapped[str] = mapped_column(String(20))
    reason_code: Mapped[str | None] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(Text, default="")
    author_message: Mapped[str] = mapped_column(Text, default="")
    feedback_ids: Mapped[list] = mapped_column(JSON, default=list)  # what matched when the moderator confirmed
    queue_args: Mapped[dict] = mapped_column(JSON, default=dict)  # the filter, to go back to the queue
    position: Mapped[int] = mapped_column(Integer, default=0)
    decided: Mapped[int] = mapped_column(Integer, default=0)
    already_decided: Mapped[int] = mapped_column(Integer, default=0)
    claimed: Mapped[int] = mapped_column(Integer, default=0)  # held by another moderator's claim: left pending
    held: Mapped[int] = mapped_column(Integer, default=0)  # flagged: never approved in bulk, left pending
    held_codes: Mapped[list] = mapped_column(JSON, default=list)  # receipt codes of the first held ones
