"""Agencies: the bodies that draft documents and run consultations; the runs of their drafts' summaries."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.extensions import db
from consult.runs import RunMixin


class AgencyKind:
    """Levels of government an agency can sit at."""

    MINISTRY = "ministry"
    PROVINCE = "province"
    DEPARTMENT = "department"
    DISTRICT = "district"
    COMMUNE = "commune"
    OTHER = "other"
    ALL = (MINISTRY, PROVINCE, DEPARTMENT, DISTRICT, COMMUNE, OTHER)


AGENCY_KIND_LABELS = {
    AgencyKind.MINISTRY: _l("Ministry or central agency"),
    AgencyKind.PROVINCE: _l("Provincial people's committee"),
    AgencyKind.DEPARTMENT: _l("Provincial department"),
    AgencyKind.DISTRICT: _l("District level"),
    AgencyKind.COMMUNE: _l("Commune or ward"),
    AgencyKind.OTHER: _l("Other body"),
}


class Agency(db.Model):
    """A drafting agency (cơ quan chủ trì soạn thảo)."""

    __tablename__ = "agency"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(20), default=AgencyKind.OTHER)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"), index=True)
    # The province or city (consult.localities) whose people its drafts concern; "" for a national body.
    locality: Mapped[str] = mapped_column(String(40), default="", server_default="")

    parent: Mapped["Agency | None"] = relationship(remote_side=[id])

    @classmethod
    def concerns(cls, locality):
        """The condition on agencies whose drafts concern the people of `locality` (a province's code): its own
        agencies' and the national bodies' (whose locality is "")."""
        return cls.locality.in_((locality, ""))

    def __repr__(self):
        return f"<Agency {self.slug}>"


class SummaryStep:
    """What a summary run is doing: the page names the step under its progress bar."""

    COUNTING = "counting"
    GROUPING = "grouping"
    THEMES = "themes"


SUMMARY_STEP_LABELS = {
    "": _l("Waiting to start"),
    SummaryStep.COUNTING: _l("Counting the opinions"),
    SummaryStep.GROUPING: _l("Grouping copies"),
    SummaryStep.THEMES: _l("Finding themes"),
}


class SummaryRun(RunMixin, db.Model):
    """One computation of a draft's summary in the background: counts, groups of copies, then themes.

    `stats` is the snapshot the page shows: count_breakdowns() + count_groups() (consult/agency/summary.py),
    plain JSON. At most one run per draft is queued or running (a partial unique index).
    """

    __tablename__ = "summary_run"
    __table_args__ = (
        Index("ix_summary_run_draft_status", "draft_id", "status", "id"),
        Index(
            "uq_summary_run_draft_active",
            "draft_id",
            unique=True,
            postgresql_where=text("status IN ('queued', 'running')"),
            sqlite_where=text("status IN ('queued', 'running')"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id", ondelete="CASCADE"))
    step: Mapped[str] = mapped_column(String(20), default="")
    stats: Mapped[dict | None] = mapped_column(JSON)
    theme_run_id: Mapped[int | None] = mapped_column(ForeignKey("theme_run.id", ondelete="SET NULL"), index=True)

    draft = relationship("Draft")
    theme_run = relationship("ThemeRun")

    @property
    def step_label(self):
        """Return what the run is doing, translated."""
        return SUMMARY_STEP_LABELS.get(self.step, self.step)

    def __repr__(self):
        return f"<SummaryRun {self.id} draft {self.draft_id} {self.status} {self.step}>"
