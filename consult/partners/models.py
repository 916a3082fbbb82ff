"""An API key of a partner channel: who holds it, which drafts it may send opinions to, whether it still works."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.database import UTCDateTime, utcnow
from consult.extensions import db


class PartnerKey(db.Model):
    """A key is shown once, when issued: `ck_<prefix>_<secret>`. The prefix finds the row; only a hash of the
    secret is kept, so the table alone lets nobody send an opinion."""

    __tablename__ = "partner_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))  # the partner, e.g. "Hội Phụ nữ phường Hoàn Kiếm"
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id", ondelete="CASCADE"), index=True)
    draft_ids: Mapped[list] = mapped_column(JSON, default=list)  # [] for every draft of the agency
    channel: Mapped[str] = mapped_column(String(20))  # recorded with each opinion (consult.feedback.models.CHANNELS)
    prefix: Mapped[str] = mapped_column(String(16), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    agency = relationship("Agency")

    @property
    def active(self):
        return self.revoked_at is None

    def may_send_to(self, draft):
        """Whether opinions on `draft` may come with this key."""
        return self.active and draft.agency_id == self.agency_id and (not self.draft_ids or draft.id in self.draft_ids)

    def __repr__(self):
        return f"<PartnerKey {self.prefix} {self.name}>"
