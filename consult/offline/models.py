"""A file of offline opinions being checked, then saved, by a background job (consult.offline.runs)."""

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.extensions import db
from consult.runs import RunMixin, RunStatus

__all__ = ["OfflineImport", "RunStatus"]


class ImportStep:
    """What the run's job does: check every row of the file, or save them once staff confirmed."""

    CHECK = "check"
    SAVE = "save"


class OfflineImport(RunMixin, db.Model):
    """One uploaded file of offline opinions: its check (mistakes by row, or a preview), then its saving."""

    __tablename__ = "offline_import"

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id", ondelete="CASCADE"), index=True)
    step: Mapped[str] = mapped_column(String(10), default=ImportStep.CHECK)
    file_name: Mapped[str] = mapped_column(String(255), default="")
    upload: Mapped[str] = mapped_column(String(64), default="")  # the kept file's token (consult.offline.uploads)
    sha256: Mapped[str] = mapped_column(String(64), default="")
    # The check's outcome: a message about the whole file, the first mistakes by row and column, their count, or
    # what saving would do (consult.offline.services.preview, with codes and numbers rather than labels).
    file_message: Mapped[str] = mapped_column(String(1000), default="")
    mistakes: Mapped[list] = mapped_column(JSON, default=list)
    mistake_count: Mapped[int] = mapped_column(Integer, default=0)
    summary: Mapped[dict | None] = mapped_column(JSON)
    saved: Mapped[int | None] = mapped_column(Integer)
    skipped: Mapped[int | None] = mapped_column(Integer)

    draft = relationship("Draft")

    @property
    def checked_clean(self):
        """Return whether the check found every row right (the file may then be saved)."""
        return (
            self.status == RunStatus.DONE
            and self.summary is not None
            and not self.mistake_count
            and not self.file_message
        )
