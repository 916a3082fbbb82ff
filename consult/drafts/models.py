"""Drafts (dự thảo) and their structure: divisions (Phần, Chương, Mục, Tiểu mục), articles (Điều), clauses (khoản)."""

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.database import UTCDateTime, utcnow
from consult.extensions import db


class DraftStatus:
    """Lifecycle set by the agency; the clock decides within 'open' (see Draft.phase)."""

    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    ANSWERED = "answered"
    ALL = (DRAFT, OPEN, CLOSED, ANSWERED)


class Phase:
    """What a draft is doing right now, computed from its status and the clock."""

    UNPUBLISHED = "unpublished"
    UPCOMING = "upcoming"
    OPEN = "open"
    CLOSED = "closed"
    ANSWERED = "answered"


PHASE_LABELS = {
    Phase.UNPUBLISHED: _l("Not yet published"),
    Phase.UPCOMING: _l("Opens soon"),
    Phase.OPEN: _l("Open for comments"),
    Phase.CLOSED: _l("Closed"),
    Phase.ANSWERED: _l("Answered"),
}

DOC_TYPES = {
    "law": _l("Law"),
    "decree": _l("Decree"),
    "resolution": _l("Resolution"),
    "decision": _l("Decision"),
    "circular": _l("Circular"),
    "directive": _l("Directive"),
    "plan": _l("Plan"),
    "other": _l("Other document"),
}


class Participation:
    """Who may give an opinion on a draft, set by the agency."""

    OPEN = "open"  # anyone, with a name, a locality and an email or phone
    EMAIL_VERIFIED = "email_verified"  # the opinion counts once a code mailed to the author's email is entered
    ALL = (OPEN, EMAIL_VERIFIED)


PARTICIPATION_LABELS = {
    Participation.OPEN: _l("Open to everyone (name and locality)"),
    Participation.EMAIL_VERIFIED: _l("Email verified (a one-time code is sent to the author's email)"),
}


def last_moment(closes_at):
    """Return the last moment before a window's end: windows end at 00:00 of the day after their last day."""
    return closes_at - timedelta(seconds=1)


def window_phase(status, opens_at, closes_at, now=None):
    """Return the Phase of a draft with this status and window at `now` (UTC)."""
    now = now or utcnow()
    if status == DraftStatus.DRAFT:
        return Phase.UNPUBLISHED
    if status == DraftStatus.ANSWERED:
        return Phase.ANSWERED
    if status == DraftStatus.CLOSED or now >= closes_at:
        return Phase.CLOSED
    if now < opens_at:
        return Phase.UPCOMING
    return Phase.OPEN


class Draft(db.Model):
    """A draft legal document put before the public."""

    __tablename__ = "draft"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(160), unique=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    title: Mapped[str] = mapped_column(String(500))
    summary: Mapped[str] = mapped_column(Text, default="")
    doc_type: Mapped[str] = mapped_column(String(20), default="other")
    field: Mapped[str] = mapped_column(String(200), default="")
    contact: Mapped[str] = mapped_column(String(500), default="")
    # Key points in plain words (Nội dung chính): as the agency wrote them, and as sanitised HTML (consult.text.markup)
    key_points: Mapped[str] = mapped_column(Text, default="", server_default="")
    key_points_html: Mapped[str] = mapped_column(Text, default="", server_default="")
    number_symbol: Mapped[str] = mapped_column(String(100), default="")
    participation: Mapped[str] = mapped_column(String(20), default=Participation.OPEN)
    current_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("draft_version.id", use_alter=True, ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(String(20), default=DraftStatus.DRAFT, index=True)
    recorded_phase: Mapped[str] = mapped_column(String(20), default=Phase.UNPUBLISHED)  # last phase logged
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    answers_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # the agency's answers made public
    # Closed before the window's end (consult.drafts.closing): when, and the reason shown on the public page
    closed_early_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    close_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    # An editor's request to close before the legal minimum period, waiting for an administrator
    close_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    close_requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    agency = relationship("Agency")
    versions: Mapped[list["DraftVersion"]] = relationship(
        back_populates="draft",
        order_by="DraftVersion.number",
        cascade="all, delete-orphan",
        foreign_keys="DraftVersion.draft_id",
        passive_deletes=True,
    )
    current_version: Mapped["DraftVersion | None"] = relationship(foreign_keys=[current_version_id], post_update=True)
    extensions: Mapped[list["WindowExtension"]] = relationship(
        back_populates="draft", order_by="WindowExtension.id", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def articles(self):
        """Return the articles of the current version, in order."""
        return self.current_version.articles if self.current_version else []

    @property
    def sections(self):
        """Return the divisions of the current version, in order."""
        return self.current_version.sections if self.current_version else []

    @property
    def preamble(self):
        """Return the preamble (title block, Căn cứ …) of the current version."""
        return self.current_version.preamble if self.current_version else ""

    @property
    def closing(self):
        """Return the closing block (Nơi nhận, signature) of the current version."""
        return self.current_version.closing if self.current_version else ""

    def phase(self, now=None):
        """Return the Phase at `now`: the window is enforced by the clock, not by a cron job."""
        return window_phase(self.status, self.opens_at, self.closes_at, now)

    def accepts_feedback(self, now=None):
        """Return whether citizens may comment at `now`."""
        return self.phase(now) == Phase.OPEN

    @property
    def version_created_at(self):
        """Return when the current version was made (with its id, the key of cached version data)."""
        return self.current_version.created_at if self.current_version else None

    @property
    def is_public(self):
        """Unpublished drafts are seen only by their agency."""
        return self.status != DraftStatus.DRAFT

    @property
    def last_day_at(self):
        """Return the last moment of the window, to show its last day."""
        return last_moment(self.closes_at)

    def days_left(self, now=None):
        """Return whole days until the window closes (0 on the last day)."""
        now = now or utcnow()
        return max(0, (self.closes_at - now).days)

    def next_change(self, now=None):
        """Return the next moment its phase or its days left change by the clock alone, or None if never."""
        now = now or utcnow()
        if self.status != DraftStatus.OPEN or now >= self.closes_at:
            return None
        if now < self.opens_at:
            return self.opens_at
        # days_left is N from closes_at - N days (included) until just after it
        tick = self.closes_at - timedelta(days=(self.closes_at - now).days) + timedelta(microseconds=1)
        return min(tick, self.closes_at)

    def __repr__(self):
        return f"<Draft {self.slug} {self.status}>"


class WindowExtension(db.Model):
    """An extension of a draft's consultation window, with the reason shown to the public."""

    __tablename__ = "window_extension"

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id", ondelete="CASCADE"), index=True)
    previous_closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    new_closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(Text)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    draft: Mapped[Draft] = relationship(back_populates="extensions")

    @property
    def new_last_day_at(self):
        """Return the last moment of the extended window (to show its last day)."""
        return last_moment(self.new_closes_at)

    @property
    def previous_last_day_at(self):
        """Return the last moment of the window before the extension."""
        return last_moment(self.previous_closes_at)


class DraftVersion(db.Model):
    """One version of a draft's text. Editing a published draft adds a version; opinions keep theirs."""

    __tablename__ = "draft_version"
    __table_args__ = (UniqueConstraint("draft_id", "number", name="uq_draft_version_draft_id_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    preamble: Mapped[str] = mapped_column(Text, default="")
    closing: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    draft: Mapped[Draft] = relationship(back_populates="versions", foreign_keys=[draft_id])
    sections: Mapped[list["Section"]] = relationship(
        back_populates="version", order_by="Section.position", cascade="all, delete-orphan", passive_deletes=True
    )
    articles: Mapped[list["Article"]] = relationship(
        back_populates="version", order_by="Article.position", cascade="all, delete-orphan", passive_deletes=True
    )


class Section(db.Model):
    """A division of a draft: a Phần, Chương, Mục or Tiểu mục (kind), possibly inside another one."""

    __tablename__ = "section"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("draft_version.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("section.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="chapter")
    position: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(500), default="")

    version: Mapped[DraftVersion] = relationship(back_populates="sections")
    parent: Mapped["Section | None"] = relationship(remote_side=[id])
    articles: Mapped[list["Article"]] = relationship(back_populates="section", order_by="Article.position")

    @property
    def heading(self):
        """Return the Vietnamese heading of the division, e.g. 'Chương IV' or 'Phần thứ nhất'."""
        from consult.drafts.importing.tree import DIVISION_HEADINGS

        return f"{DIVISION_HEADINGS.get(self.kind, '')} {self.number}".strip()

    @property
    def anchor(self):
        """Return the fragment id of the division on the draft page."""
        return f"{self.kind}-{self.id}"


class Article(db.Model):
    """An article (Điều) of a draft, the unit citizens comment on."""

    __tablename__ = "article"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("draft_version.id", ondelete="CASCADE"), index=True)
    section_id: Mapped[int | None] = mapped_column(ForeignKey("section.id", ondelete="SET NULL"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(500), default="")
    intro: Mapped[str] = mapped_column(Text, default="")  # text before the first clause
    body: Mapped[str] = mapped_column(Text, default="")  # the whole article text as it reads
    key_points: Mapped[str] = mapped_column(Text, default="", server_default="")  # as Draft.key_points
    key_points_html: Mapped[str] = mapped_column(Text, default="", server_default="")

    version: Mapped[DraftVersion] = relationship(back_populates="articles")
    section: Mapped[Section | None] = relationship(back_populates="articles")
    clauses: Mapped[list["Clause"]] = relationship(
        back_populates="article", order_by="Clause.position", cascade="all, delete-orphan"
    )

    @property
    def anchor(self):
        """Return the fragment id of the article on the draft page (dieu-5)."""
        return f"dieu-{self.number}"


class Clause(db.Model):
    """A clause (khoản) of an article, with its points (điểm) kept as a list of {letter, text}.

    An entry with an empty letter is a paragraph after the points that still belongs to the clause.
    Number 0 holds points written directly under an article that has no numbered clauses.
    """

    __tablename__ = "clause"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")
    points: Mapped[list] = mapped_column(JSON, default=list)

    article: Mapped[Article] = relationship(back_populates="clauses")

    @property
    def anchor(self):
        """Return the fragment id of the clause (dieu-5-khoan-2)."""
        return f"{self.article.anchor}-khoan-{self.number}"
