"""Theme runs: one computation of a draft's themes, its themes, and which opinions each theme holds."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.database import UTCDateTime, utcnow
from consult.extensions import db


class ThemeRunStatus:
    """Where a run is: the page shows the last finished run while a new one runs."""

    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class ThemeRun(db.Model):
    """One computation of a draft's themes over its approved opinions, with the settings it used."""

    __tablename__ = "theme_run"
    __table_args__ = (Index("ix_theme_run_draft_status", "draft_id", "status", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(20), default=ThemeRunStatus.RUNNING)
    opinions: Mapped[int] = mapped_column(Integer, default=0)  # approved opinions read
    # {"method": ..., "seed": ..., "scopes": [{"article_id", "opinions", "unthemed", "skipped"}]}
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    themes: Mapped[list["Theme"]] = relationship(
        back_populates="run", order_by="Theme.position", cascade="all, delete-orphan", passive_deletes=True
    )


class Theme(db.Model):
    """A group of opinions on one article (or on the whole draft) that share words, with a label and quotes."""

    __tablename__ = "theme"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("theme_run.id", ondelete="CASCADE"), index=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[int | None] = mapped_column(ForeignKey("article.id", ondelete="SET NULL"), index=True)
    position: Mapped[int] = mapped_column(Integer)  # order on the page: article order, then size
    label: Mapped[str] = mapped_column(String(255))
    terms: Mapped[list] = mapped_column(JSON, default=list)  # the label's terms, accented
    size: Mapped[int] = mapped_column(Integer)
    support: Mapped[int] = mapped_column(Integer, default=0)
    oppose: Mapped[int] = mapped_column(Integer, default=0)
    other: Mapped[int] = mapped_column(Integer, default=0)
    quote_ids: Mapped[list] = mapped_column(JSON, default=list)  # opinions closest to the theme's centre
    # The opinions of a scope that no theme holds well (the page names it "Ý kiến khác"), shown last.
    catch_all: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The agency's named theme this one was drawn to by its seed words (its name is the label).
    seed_id: Mapped[int | None] = mapped_column(ForeignKey("theme_seed.id", ondelete="SET NULL"), index=True)

    run: Mapped[ThemeRun] = relationship(back_populates="themes")
    article = relationship("Article")
    seed = relationship("ThemeSeed")

    @property
    def title(self):
        """Return what the pages call the theme: "Ý kiến khác" for the catch-all, else its label."""
        return _l("Other opinions") if self.catch_all else self.label


class ThemeSeed(db.Model):
    """A theme the agency named with a few seed words: every run draws the opinions nearest those words to it."""

    __tablename__ = "theme_seed"

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    words: Mapped[list] = mapped_column(JSON, default=list)  # the seed words or phrases, as typed
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ThemeMember(db.Model):
    """An approved opinion in a theme: every theme is traceable to the opinions it was made of."""

    __tablename__ = "theme_member"

    theme_id: Mapped[int] = mapped_column(ForeignKey("theme.id", ondelete="CASCADE"), primary_key=True)
    feedback_id: Mapped[int] = mapped_column(
        ForeignKey("feedback.id", ondelete="CASCADE"), primary_key=True, index=True
    )
