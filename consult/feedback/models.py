"""Opinions (ý kiến góp ý) given on a draft or one of its articles."""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.database import UTCDateTime, utcnow
from consult.extensions import db

STANCES = {
    "support": _l("Agree"),
    "oppose": _l("Disagree"),
    "other": _l("Other opinion"),
}

# How an opinion reached the agency: the online form, or gathered offline and entered by staff.
CHANNELS = {
    "web": _l("Online form"),
    "meeting": _l("Meeting or conference"),
    "letter": _l("Letter or written submission"),
    "hotline": _l("Hotline"),
    "mass_organisation": _l("Mass organisation"),
    "email": _l("Email"),
    "other": _l("Other channel"),
}

AUTHOR_KINDS = {
    "individual": _l("Individual"),
    "organisation": _l("Organisation"),
}


class FeedbackStatus:
    """Moderation state: nothing is public before it is approved."""

    # Sent on a draft that needs a verified email, code not yet entered: seen, counted and moderated by nobody
    # (not in ALL), deleted after UNVERIFIED_RETENTION_DAYS (consult.feedback.verification).
    UNVERIFIED = "unverified"
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    ALL = (PENDING, APPROVED, REJECTED)  # the opinions staff see
    COUNTED = (PENDING, APPROVED)  # the opinions the agency counts in its summaries (rejected ones are not)


FLAG_LABELS = {
    "profanity": _l("Offensive words"),
    "links": _l("Links"),
    "repetition": _l("Repeated text"),
    "all_caps": _l("Written in capitals"),
    "contact_in_text": _l("Phone number or email in the text"),
    "duplicate": _l("Same text as opinion"),
    "near_duplicate": _l("Similar to opinion"),
    # Left by earlier versions, which grouped opinions after storing them; `feedback regroup` clears it.
    "grouping_pending": _l("Not yet compared with other opinions"),
    # Moderation tools (consult.moderation.blocks, consult.moderation.citizen_flags)
    "blocked_submitter": _l("Blocked submitter"),
    "reported": _l("Reported by readers"),
    "second_look": _l("The author asks for a second look"),  # consult.moderation.second_look
}

FEEDBACK_STATUS_LABELS = {
    FeedbackStatus.UNVERIFIED: _l("Waiting for email confirmation"),
    FeedbackStatus.PENDING: _l("Pending moderation"),
    FeedbackStatus.APPROVED: _l("Published"),
    FeedbackStatus.REJECTED: _l("Not published"),
}


class Feedback(db.Model):
    """One opinion. Contact details are for the agency only and never shown publicly."""

    __tablename__ = "feedback"
    __table_args__ = (
        Index("ix_feedback_draft_status_created", "draft_id", "status", "created_at"),
        Index("ix_feedback_status_created", "status", "created_at", "id"),
        Index("ix_feedback_draft_duplicate_key", "draft_id", "duplicate_key"),
        # By channel, then status: the agency scoreboard counts a year's opinions by draft, channel and status from
        # this index alone, in its order (consult.scoreboard.services; migration 0031 added `status`).
        Index("ix_feedback_draft_channel_status", "draft_id", "channel", "status"),
        # Every column the summary dashboard groups by (consult.agency.summary): its counts read the index only.
        Index(
            "ix_feedback_summary",
            "draft_id",
            "status",
            "article_id",
            "stance",
            "author_kind",
            "locality",
            "channel",
            "received_on",
            "created_at",
        ),
        # The moderation queue's filters, each read in queue order (oldest first) from its own index.
        Index("ix_feedback_group_status_created", "duplicate_group_id", "status", "created_at", "id"),
        Index("ix_feedback_article_status_created", "article_id", "status", "created_at", "id"),
        Index("ix_feedback_status_channel_created", "status", "channel", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    receipt_code: Mapped[str] = mapped_column(String(20), unique=True)
    submission_id: Mapped[str | None] = mapped_column(String(64), unique=True)  # one opinion per form sent
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id", ondelete="CASCADE"))
    version_id: Mapped[int] = mapped_column(ForeignKey("draft_version.id", ondelete="CASCADE"), index=True)
    # Looked up by ix_feedback_article_status_created, which leads with it (one index less per opinion written).
    article_id: Mapped[int | None] = mapped_column(ForeignKey("article.id", ondelete="SET NULL"))
    clause_id: Mapped[int | None] = mapped_column(ForeignKey("clause.id", ondelete="SET NULL"), index=True)
    stance: Mapped[str] = mapped_column(String(20))
    content: Mapped[str] = mapped_column(Text)
    proposed_wording: Mapped[str] = mapped_column(Text, default="")
    author_name: Mapped[str] = mapped_column(String(255))
    author_kind: Mapped[str] = mapped_column(String(20), default="individual")
    locality: Mapped[str] = mapped_column(String(40), default="unknown")
    locality_detail: Mapped[str] = mapped_column(String(255), default="")
    contact: Mapped[str] = mapped_column(String(255))  # "" once erased (on request or after the retention period)
    contact_erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    consent_name: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_text: Mapped[str] = mapped_column(Text, default="")  # the words the author agreed to, as shown
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    client_hash: Mapped[str | None] = mapped_column(String(32), index=True)  # keyed hash of the IP, never the IP
    status: Mapped[str] = mapped_column(String(20), default=FeedbackStatus.PENDING)
    flags: Mapped[list] = mapped_column(JSON, default=list)  # [{"code", "detail"}] computed on submit
    duplicate_key: Mapped[str | None] = mapped_column(String(40))  # hash of the folded text, for exact copies
    notify: Mapped[bool] = mapped_column(Boolean, default=False)  # email the author on decision and answer
    # The representative of this opinion's group of copies and near copies; NULL for a representative itself
    # (and for an opinion nobody copied). `similarity` is this opinion's rapidfuzz score against it, 0 to 1.
    # Looked up by ix_feedback_group_status_created, which leads with it.
    duplicate_group_id: Mapped[int | None] = mapped_column(ForeignKey("feedback.id", ondelete="SET NULL"))
    similarity: Mapped[float | None] = mapped_column(Float)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    channel: Mapped[str] = mapped_column(String(20), default="web", server_default="web")
    received_on: Mapped[date | None] = mapped_column(Date)  # the day an offline opinion was given
    source_ref: Mapped[str] = mapped_column(String(255), default="", server_default="")  # minutes no., letter ref.
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Bumped by each redaction: a redaction made on an older text loses (consult.moderation.redaction).
    revision: Mapped[int] = mapped_column(default=0, server_default="0")

    draft = relationship("Draft")
    version = relationship("DraftVersion")
    article = relationship("Article")
    clause = relationship("Clause")

    @property
    def public_when_new(self):
        """Whether storing this opinion changes public pages (consult.pagecache): only an approved one does."""
        return self.status == FeedbackStatus.APPROVED

    @property
    def public_author(self):
        """Return the name to show publicly: the author's only with consent."""
        if self.consent_name or self.author_kind == "organisation":
            return self.author_name
        return None

    def __repr__(self):
        return f"<Feedback {self.receipt_code} {self.status}>"


class FeedbackFlag(db.Model):
    """One automatic flag of an opinion, as a row: the queue filters on flags through these indexes.

    A copy of the codes in Feedback.flags (which keeps the details shown), written by database triggers on every
    INSERT into feedback and every UPDATE of its flags (migration 0014): whoever writes flags, however, the rows
    follow at no extra round trip. `draft_id` and
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
