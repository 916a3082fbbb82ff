"""The agency's answers to opinions (tiếp thu, giải trình), published on the draft and on each receipt."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from consult.database import UTCDateTime, utcnow
from consult.extensions import db

# The four outcomes of the agency's report on the consultation (báo cáo tiếp thu, giải trình).
ANSWER_KINDS = {
    "accepted": _l("Accepted"),  # tiếp thu
    "partly_accepted": _l("Partly accepted"),  # tiếp thu một phần
    "explained": _l("Explained"),  # giải trình
    "not_accepted": _l("Not accepted"),  # không tiếp thu
}


class AnswerText(db.Model):
    """What the agency says: one kind and explanation, shared by every opinion answered with it at once.

    A batch of 1,204 identical letters answered together stores its explanation once; correcting it is one
    update (and one audit row) instead of 1,204, and the opinions it covers stay listed together.
    """

    __tablename__ = "answer_text"

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    explanation: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    draft = relationship("Draft")


class Answer(db.Model):
    """The answer one opinion received; public only once `published_at` is set."""

    __tablename__ = "answer"
    # The agency scoreboard counts answers and published answers per text from this index alone (migration 0031).
    __table_args__ = (Index("ix_answer_text_id_published_at", "text_id", "published_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    feedback_id: Mapped[int] = mapped_column(ForeignKey("feedback.id", ondelete="CASCADE"), unique=True)
    text_id: Mapped[int] = mapped_column(ForeignKey("answer_text.id", ondelete="CASCADE"))
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    feedback = relationship("Feedback", backref=backref("answer", uselist=False, passive_deletes=True))
    text: Mapped[AnswerText] = relationship()

    @property
    def kind(self):
        """Return the answer's kind code (accepted, partly_accepted, explained, not_accepted)."""
        return self.text.kind

    @property
    def explanation(self):
        """Return the agency's explanation."""
        return self.text.explanation

    @property
    def changed_at(self):
        """Return when this opinion's answer last changed: relinked to another text, or its text edited."""
        return max(self.updated_at, self.text.updated_at)

    @property
    def changed_since_published(self):
        """Return whether the answer was changed after it was published (shown as 'updated on')."""
        return self.published_at is not None and self.changed_at > self.published_at

    def __repr__(self):
        return f"<Answer {self.feedback_id} {self.text_id}>"
