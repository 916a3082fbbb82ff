"""Files attached to a draft: the original document and its annexes."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from consult.database import UTCDateTime, utcnow
from consult.drafts.models import Draft
from consult.extensions import db


class AttachmentKind:
    """What a file is to its draft."""

    ORIGINAL = "original"
    ANNEX = "annex"
    ALL = (ORIGINAL, ANNEX)


ATTACHMENT_KINDS = {
    AttachmentKind.ORIGINAL: _l("Original document"),
    AttachmentKind.ANNEX: _l("Annex"),
}

# The only types accepted, by the content type sniffed from the bytes: (extension, short name shown to people).
FILE_TYPES = {
    "application/pdf": (".pdf", "PDF"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (".docx", "DOCX"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (".xlsx", "XLSX"),
    "image/png": (".png", "PNG"),
    "image/jpeg": (".jpg", "JPEG"),
    "image/gif": (".gif", "GIF"),
    "image/webp": (".webp", "WebP"),
}


class Attachment(db.Model):
    """A file uploaded by the agency, kept outside static/ under a random name and always downloaded."""

    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default=AttachmentKind.ANNEX)
    filename: Mapped[str] = mapped_column(String(255))  # display name, NFC, cleaned, with the sniffed extension
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)  # uuid4 hex: no user input reaches the disk
    content_type: Mapped[str] = mapped_column(String(100))  # sniffed from the bytes, never taken from the upload
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    draft: Mapped[Draft] = relationship(
        backref=backref("attachments", order_by="Attachment.id", cascade="all, delete-orphan", passive_deletes=True)
    )
    uploaded_by = relationship("User")

    @property
    def extension(self):
        """Return the extension that matches the sniffed type (".pdf")."""
        return FILE_TYPES[self.content_type][0]

    @property
    def kind_label(self):
        """Return the translated name of the kind (original document or annex)."""
        return ATTACHMENT_KINDS.get(self.kind, self.kind)

    @property
    def type_label(self):
        """Return the short name of the file type (PDF, DOCX…)."""
        return FILE_TYPES[self.content_type][1]

    def __repr__(self):
        return f"<Attachment {self.id} {self.filename!r} {self.content_type}>"
