"""The search index: one row per public draft, current article and approved opinion, holding its folded text."""

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from consult.extensions import db


class Kind:
    """What an index entry stands for."""

    DRAFT = "draft"
    ARTICLE = "article"
    OPINION = "opinion"
    ALL = (DRAFT, ARTICLE, OPINION)


# Objects each engine keeps beside the table, created by migration 0011 and not described by the models:
# SQLite's FTS5 table (and its shadow tables); PostgreSQL's stored column to_tsvector('simple', folded) and its
# GIN index (a stored tsvector, not an expression index, so that checking a row never re-parses its text).
FTS_TABLE = "search_fts"
TSV_COLUMN = "folded_tsv"
GIN_INDEX = "ix_search_entry_folded_tsv"


class SearchEntry(db.Model):
    """Text of one public object, folded (no diacritics, đ→d, lower case) and reduced to words joined by spaces.

    Never shown to anyone: snippets are cut from the original accented text of the object.
    """

    __tablename__ = "search_entry"
    __table_args__ = (
        UniqueConstraint("kind", "object_id", name="uq_search_entry_kind"),
        # Newest entries of a kind first, everywhere or in one draft: what a page of frequent words walks.
        Index("ix_search_entry_kind_id", "kind", "id"),
        Index("ix_search_entry_draft_kind_id", "draft_id", "kind", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)  # the FTS5 rowid; results come newest entry first
    kind: Mapped[str] = mapped_column(String(10))
    object_id: Mapped[int] = mapped_column(Integer)  # draft, article or feedback id, by kind
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id", ondelete="CASCADE"))
    folded: Mapped[str] = mapped_column(Text)


# An index on an expression that each engine writes its own way, made by migration 0020 only: the decision times
# the admin dashboard's percentiles read (consult.admin.dashboard).
DECISION_SECONDS_INDEX = "ix_feedback_decision_seconds"


def include_name(name, type_, parent_names):
    """Keep the engine's own search objects, and the other engine-specific indexes, out of Alembic's comparison
    with the models."""
    if type_ == "table":
        return not name.startswith(FTS_TABLE)
    return (type_, name) not in {("column", TSV_COLUMN), ("index", GIN_INDEX), ("index", DECISION_SECONDS_INDEX)}
