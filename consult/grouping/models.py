"""The LSH index of group representatives."""

from sqlalchemy import BigInteger, ForeignKey, Index, SmallInteger
from sqlalchemy.orm import Mapped, mapped_column

from consult.extensions import db


class FeedbackLshBand(db.Model):
    """One LSH band hash of a group's representative: opinions sharing a band hash are candidate near copies.

    Only representatives are indexed, so a new opinion is compared with one text per group; the table lives in the
    database so that every worker shares it. Rows go with their representative (and so with its draft) by cascade.
    """

    __tablename__ = "feedback_lsh_band"
    # Hash first: a look-up is one `hash IN (...)` (band numbers are mixed into the hashes), which PostgreSQL
    # plans quickly and serves from this index even before it has statistics on the table.
    __table_args__ = (Index("ix_feedback_lsh_band_lookup", "hash", "draft_id"),)

    representative_id: Mapped[int] = mapped_column(ForeignKey("feedback.id", ondelete="CASCADE"), primary_key=True)
    band: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    draft_id: Mapped[int]
    hash: Mapped[int] = mapped_column(BigInteger)
