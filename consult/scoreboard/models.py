"""Which agencies are expected to consult in a period, as the administrators set it."""

from datetime import datetime

from sqlalchemy import ForeignKey, SmallInteger, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.database import UTCDateTime, utcnow
from consult.extensions import db

WHOLE_YEAR = 0  # `quarter` of an expectation for the whole year


class AgencyExpectation(db.Model):
    """An agency expected to put at least one draft to consultation in a year (quarter 0) or one of its quarters."""

    __tablename__ = "agency_expectation"
    __table_args__ = (
        UniqueConstraint("year", "quarter", "agency_id", name="uq_agency_expectation_year_quarter_agency_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(SmallInteger)
    quarter: Mapped[int] = mapped_column(SmallInteger, default=WHOLE_YEAR)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    agency = relationship("Agency")

    def __repr__(self):
        return f"<AgencyExpectation {self.agency_id} {self.year} Q{self.quarter}>"


class DraftTally(db.Model):
    """The stored opinion counts of a draft whose window has ended (consult.scoreboard.tally), marked stale by
    triggers on feedback, answer and answer_text (migration 0035) whenever they may have changed."""

    __tablename__ = "draft_tally"

    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id", ondelete="CASCADE"), primary_key=True)
    stale: Mapped[bool] = mapped_column(default=True)
    version: Mapped[int] = mapped_column(default=0)  # one more at each recount: an older recount stores nothing
    online: Mapped[int] = mapped_column(default=0)
    offline: Mapped[int] = mapped_column(default=0)
    published: Mapped[int] = mapped_column(default=0)
    answered: Mapped[int] = mapped_column(default=0)
    answers_published: Mapped[int] = mapped_column(default=0)

    def __repr__(self):
        return f"<DraftTally {self.draft_id}{' stale' if self.stale else ''}>"
