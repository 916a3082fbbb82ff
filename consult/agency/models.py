"""Agencies: the bodies that draft documents and run consultations."""

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.extensions import db


class AgencyKind:
    """Levels of government an agency can sit at."""

    MINISTRY = "ministry"
    PROVINCE = "province"
    DEPARTMENT = "department"
    DISTRICT = "district"
    COMMUNE = "commune"
    OTHER = "other"
    ALL = (MINISTRY, PROVINCE, DEPARTMENT, DISTRICT, COMMUNE, OTHER)


class Agency(db.Model):
    """A drafting agency (cơ quan chủ trì soạn thảo)."""

    __tablename__ = "agency"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(20), default=AgencyKind.OTHER)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"), index=True)

    parent: Mapped["Agency | None"] = relationship(remote_side=[id])

    def __repr__(self):
        return f"<Agency {self.slug}>"
