"""Matching folded words: SQLite FTS5 locally, PostgreSQL full-text search in production, chosen by the engine.

Both search the same folded words (see folding.index_text), so a query finds the same entries on either. Each
backend returns a Page: index rows (entry id, kind, object id) newest first, after or before a key, and how many
entries match, counted up to a cap.
"""

from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import column, func, literal_column, select, table, text

from consult.database import dialect_name
from consult.extensions import db
from consult.search.models import FTS_TABLE, TSV_COLUMN, Kind, SearchEntry


@dataclass
class Page:
    """Index rows of one page and what lies around it."""

    rows: list
    total: int  # matching entries, at most the cap
    more: bool  # more entries than the cap match
    has_previous: bool
    has_next: bool


class SqliteBackend:
    """An FTS5 table over search_entry (external content, kept in step by triggers), kind and draft as columns.

    FTS5 walks its matches in rowid order itself, so newest-first pages cost the same at any depth.
    """

    fts = table(FTS_TABLE, column("rowid"))

    def page(self, query, kind, draft_id, after, before, limit, cap):
        """Return the Page of entries matching `query` after or before a key."""
        phrases = [f'folded : "{word}"' for word in query.words]
        if query.prefix:
            phrases[-1] += "*"
        # kind and draft are columns of the FTS table too, so FTS5 intersects them with the words itself.
        phrases.append(f'kind : "{check_kind(kind)}"')
        if draft_id is not None:
            phrases.append(f'draft_id : "{int(draft_id)}"')
        matching = text(f"{FTS_TABLE} MATCH :match").bindparams(match=" AND ".join(phrases))
        counted = db.session.scalar(
            select(func.count()).select_from(select(self.fts.c.rowid).where(matching).limit(cap + 1).subquery())
        )
        statement = (
            select(self.fts.c.rowid, SearchEntry.kind, SearchEntry.object_id)
            .select_from(self.fts)
            .join(SearchEntry, SearchEntry.id == self.fts.c.rowid)
            .where(matching)
        )
        return keyset_page(statement, self.fts.c.rowid, after, before, limit, min(counted, cap), counted > cap)

    def rebuild(self):
        """Rebuild the FTS5 index from search_entry (repairs an index that drifted from its table)."""
        db.session.execute(text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')"))


class PostgresBackend:
    """A GIN index on the stored to_tsvector('simple', folded).

    A GIN index cannot give its matches newest first, so the plan is chosen here, from the number of matches,
    rather than left to estimates (which for a misspelt prefix can be off a thousandfold and lead to reading
    the whole table): up to `cap` matches are read through the index alone and ordered in memory; when there are
    more, the words are common, and walking the newest entries of the kind (or of the draft) finds a page soon.
    """

    def page(self, query, kind, draft_id, after, before, limit, cap):
        """Return the Page of entries matching `query` after or before a key."""
        words = list(query.words)
        if query.prefix:
            words[-1] += ":*"
        statement = select(SearchEntry.id, SearchEntry.kind, SearchEntry.object_id).where(
            text(f"search_entry.{TSV_COLUMN} @@ to_tsquery('simple', :tsquery)").bindparams(tsquery=" & ".join(words)),
            # A constant of three, written literally so that each kind gets its own plan and statistics.
            SearchEntry.kind == literal_column(f"'{check_kind(kind)}'"),
        )
        if draft_id is not None:
            statement = statement.where(SearchEntry.draft_id == draft_id)
        with _only("enable_seqscan", "enable_indexscan", "enable_indexonlyscan"):  # the GIN index, nothing else
            matches = db.session.execute(statement.limit(cap + 1)).all()
        if len(matches) <= cap:
            return memory_page(matches, after, before, limit)
        with _only("enable_seqscan", "enable_bitmapscan", "enable_sort"):  # ordered walk of (kind|draft, id)
            return keyset_page(statement, SearchEntry.id, after, before, limit, cap, True)

    def rebuild(self):
        """Nothing to do: PostgreSQL keeps the GIN index in step with the table."""


@contextmanager
def _only(*plans_off):
    """Turn plan types off for the statements run inside, in a savepoint whose rollback turns them on again."""
    savepoint = db.session.begin_nested()
    try:
        db.session.execute(text("SELECT " + ", ".join(f"set_config('{name}', 'off', true)" for name in plans_off)))
        yield
    finally:
        savepoint.rollback()


def keyset_page(statement, key, after, before, limit, total, more):
    """Run `statement` for the `limit` rows after (or before) a key, newest first."""
    if before is not None:
        rows = db.session.execute(statement.where(key > before).order_by(key.asc()).limit(limit + 1)).all()
        return Page(list(reversed(rows[:limit])), total, more, has_previous=len(rows) > limit, has_next=True)
    if after is not None:
        statement = statement.where(key < after)
    rows = db.session.execute(statement.order_by(key.desc()).limit(limit + 1)).all()
    return Page(rows[:limit], total, more, has_previous=after is not None, has_next=len(rows) > limit)


def memory_page(matches, after, before, limit):
    """Return the Page of every match (already all read) after or before a key, newest first."""
    ordered = sorted(matches, key=lambda row: row[0], reverse=True)
    if before is not None:
        newer = [row for row in ordered if row[0] > before]
        rows = newer[-limit:]
        return Page(rows, len(ordered), False, has_previous=len(newer) > limit, has_next=len(newer) < len(ordered))
    older = [row for row in ordered if after is None or row[0] < after]
    return Page(older[:limit], len(ordered), False, has_previous=len(older) < len(ordered), has_next=len(older) > limit)


def backend():
    """Return the backend for the database in use."""
    return PostgresBackend() if dialect_name() == "postgresql" else SqliteBackend()


def check_kind(kind):
    """Refuse anything but the known kinds (they are written into SQL)."""
    if kind not in Kind.ALL:
        raise ValueError(f"unknown search kind {kind!r}")
    return kind
