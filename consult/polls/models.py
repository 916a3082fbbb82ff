"""A draft's poll: its questions and their options, and the answers (one response per person, one choice row per
option ticked or "other" written)."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.database import UTCDateTime, utcnow
from consult.extensions import db

MAX_QUESTIONS = 5
MIN_OPTIONS, MAX_OPTIONS = 2, 10
QUESTION_MAX_LENGTH, OPTION_MAX_LENGTH = 300, 150


class QuestionKind:
    """How many options one answer may tick."""

    SINGLE = "single"
    MULTIPLE = "multiple"
    ALL = (SINGLE, MULTIPLE)


QUESTION_KINDS = {
    QuestionKind.SINGLE: _l("One answer"),
    QuestionKind.MULTIPLE: _l("Several answers"),
}


class PollQuestion(db.Model):
    """A closed question of a draft's poll, shown in `position` order."""

    __tablename__ = "poll_question"

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(String(QUESTION_MAX_LENGTH))
    allow_other: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Counted as answers are stored (consult.polls.answering.store_answers), held ones left out: the results are
    # read from these, not counted again at every page (docs: 100k answers took 0.4 s to count on SQLite).
    respondents: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    other_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    options = relationship(
        "PollOption", order_by="PollOption.position", cascade="all, delete-orphan", back_populates="question"
    )


class PollOption(db.Model):
    """One option of a question; never removed once someone ticked it (the foreign key of its choices refuses)."""

    __tablename__ = "poll_option"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("poll_question.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(OPTION_MAX_LENGTH))
    chosen: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # as PollQuestion.respondents

    question = relationship("PollQuestion", back_populates="options")


class PollResponse(db.Model):
    """One person's answer to a draft's poll: a signed-in user's once (unique), an anonymous visitor's marked in
    their session and by `voter_hash`, a keyed hash of their address salted with the day (never the address).

    `held`: sent by a blocked submitter; kept, but not counted in the results (the sender is not told)."""

    __tablename__ = "poll_response"
    __table_args__ = (
        UniqueConstraint("draft_id", "user_id", name="uq_poll_response_draft_user"),
        Index("ix_poll_response_draft_voter", "draft_id", "voter_hash"),
        Index("ix_poll_response_draft_held", "draft_id", "held"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    voter_hash: Mapped[str | None] = mapped_column(String(64))
    held: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    choices = relationship("PollChoice", cascade="all, delete-orphan", back_populates="response")


class PollChoice(db.Model):
    """An option ticked in a response, or its "other" text (option_id None)."""

    __tablename__ = "poll_choice"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("poll_response.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("poll_question.id", ondelete="RESTRICT"), index=True)
    option_id: Mapped[int | None] = mapped_column(ForeignKey("poll_option.id", ondelete="RESTRICT"), index=True)
    other_text: Mapped[str | None] = mapped_column(Text)

    response = relationship("PollResponse", back_populates="choices")
