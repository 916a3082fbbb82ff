"""The one table page views are kept in: a number per draft (or the home page) and local day, nothing else."""

from datetime import date

from sqlalchemy import ForeignKey, Index, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from consult.extensions import db

SITE_ONLY = text("draft_id IS NULL")


class PageViewDay(db.Model):
    """How many times the public pages of a draft (its page, parts and articles), or the home page when `draft_id`
    is None, were sent on one day in Asia/Ho_Chi_Minh. No address, agent, cookie or hash of any visitor is kept."""

    __tablename__ = "page_view_day"
    __table_args__ = (
        UniqueConstraint("draft_id", "day"),
        # NULLs never collide in a unique constraint: the home page's one row a day needs its own index.
        Index("uq_page_view_day_site_day", "day", unique=True, postgresql_where=SITE_ONLY, sqlite_where=SITE_ONLY),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int | None] = mapped_column(ForeignKey("draft.id", ondelete="CASCADE"))
    day: Mapped[date]
    views: Mapped[int] = mapped_column(default=0)
