"""A report run: one requested build of a draft's report in one format, run in the background."""

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.database import UTCDateTime, utcnow
from consult.extensions import db

FORMATS = {
    "docx": _l("Synthesis report (Word, DOCX)"),
    "pdf": _l("Synthesis report (PDF)"),
    "xlsx": _l("All opinions and summary tables (Excel, XLSX)"),
    "csv": _l("All opinions (CSV)"),
}
MIME_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


class Audience:
    """Who a report is for: the public (published content only) or the drafting agency."""

    PUBLIC = "public"
    AGENCY = "agency"
    ALL = (PUBLIC, AGENCY)


class RunStatus:
    """Where a run stands."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    ACTIVE = (QUEUED, RUNNING)


RUN_STATUS_LABELS = {
    RunStatus.QUEUED: _l("Waiting to start"),
    RunStatus.RUNNING: _l("Being built"),
    RunStatus.DONE: _l("Ready"),
    RunStatus.FAILED: _l("Failed"),
}


class ReportRun(db.Model):
    """One build of a report file; the file lives in REPORTS_DIR under `file_name`."""

    __tablename__ = "report_run"
    __table_args__ = (Index("ix_report_run_draft_audience_created", "draft_id", "audience", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id", ondelete="CASCADE"))
    fmt: Mapped[str] = mapped_column(String(10))
    audience: Mapped[str] = mapped_column(String(10), default=Audience.AGENCY)
    include_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(10), default=RunStatus.QUEUED)
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    file_name: Mapped[str] = mapped_column(String(255), default="")
    size: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str] = mapped_column(Text, default="")  # for staff and logs; the page shows a fixed message
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    draft = relationship("Draft")
    requested_by = relationship("User")

    def is_stale(self, stale_seconds, now=None):
        """Return whether an active run has made no progress for `stale_seconds` (its worker died)."""
        if self.status not in RunStatus.ACTIVE:
            return False
        return (now or utcnow()) - self.updated_at > timedelta(seconds=stale_seconds)

    @property
    def percent(self):
        """Return how far the build is, 0 to 100."""
        if self.status == RunStatus.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    def __repr__(self):
        return f"<ReportRun {self.id} {self.fmt} {self.audience} {self.status}>"
