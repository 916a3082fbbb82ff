"""A report run: one requested build of a draft's report in one format, run in the background."""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.database import UTCDateTime, utcnow
from consult.extensions import db
from consult.runs import RunMixin, RunStatus

FORMATS = {
    "docx": _l("Synthesis report (Word, DOCX)"),
    "pdf": _l("Synthesis report (PDF)"),
    "xlsx": _l("All opinions and summary tables (Excel, XLSX)"),
    "csv": _l("All opinions (CSV)"),
    "zip": _l("All four files above in one ZIP"),
}
MIME_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "zip": "application/zip",
}


class Audience:
    """Who a report is for: the public (published content only) or the drafting agency."""

    PUBLIC = "public"
    AGENCY = "agency"
    ALL = (PUBLIC, AGENCY)


RUN_STATUS_LABELS = {
    RunStatus.QUEUED: _l("Waiting to start"),
    RunStatus.RUNNING: _l("Being built"),
    RunStatus.DONE: _l("Ready"),
    RunStatus.FAILED: _l("Failed"),
}


class ReportRun(RunMixin, db.Model):
    """One build of a report file; the file lives in REPORTS_DIR under `file_name`."""

    __tablename__ = "report_run"
    __table_args__ = (Index("ix_report_run_draft_audience_created", "draft_id", "audience", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id", ondelete="CASCADE"))
    fmt: Mapped[str] = mapped_column(String(10))
    audience: Mapped[str] = mapped_column(String(10), default=Audience.AGENCY)
    include_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    file_name: Mapped[str] = mapped_column(String(255), default="")
    size: Mapped[int] = mapped_column(Integer, default=0)

    draft = relationship("Draft")

    def __repr__(self):
        return f"<ReportRun {self.id} {self.fmt} {self.audience} {self.status}>"


class ReportText(db.Model):
    """What the drafting agency writes for its synthesis report, kept with the draft: the place and date above the
    title (else the agency's province and the build date), and the narrative parts the figures cannot write."""

    __tablename__ = "report_text"

    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id", ondelete="CASCADE"), primary_key=True)
    place: Mapped[str] = mapped_column(String(120), default="")
    signed_on: Mapped[date | None] = mapped_column(Date)
    organisation: Mapped[str] = mapped_column(Text, default="")  # how the consultation was organised (part I)
    overview: Mapped[str] = mapped_column(Text, default="")  # the results in a few words (part II)
    accepted: Mapped[str] = mapped_column(Text, default="")  # what was taken up and why (part III)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self):
        return f"<ReportText {self.draft_id}>"
