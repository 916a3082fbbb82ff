"""Opinion counts of drafts whose window has ended, stored so that the scoreboard does not count a year's opinions
at every request.

This buys issue 17's figure: the scoreboard of a year at 1,000 agencies and 1M opinions within 200 ms uncached;
counting the million opinions and their answers from the indexes took 190 ms on SQLite and 250 ms on PostgreSQL
of each request (docs/benchmarks.md, 07/12/2026).

- A draft_tally row holds a draft's figures as `consult.scoreboard.services.opinion_counts` computes them. Only a
  draft whose window has ended has one: an open draft's opinions arrive at the rate of a national consultation,
  and each would wait on its draft's row to mark it; open drafts (a few at a time) are counted at every request.
- Triggers (migration 0035) mark a row stale whenever what it counts may change: an opinion added, removed, or its
  status, channel or draft changed; an answer added, removed, moved to another text or (un)published; an answer
  text removed. No code path can forget it, the bulk ones included.
- The scoreboard reads the rows joined to its drafts (`stored_columns`) and `recount`s the stale or missing ones:
  it clears the mark (a writer that marked the row holds its lock until it commits, so the clearing waits for it),
  then counts in later statements, which see that writer's rows; a writer after the clearing marks the row again.
  Each clearing adds one to the row's version and a recount stores its figures only under the version it cleared:
  a slower recount never overwrites a newer one.
"""

from sqlalchemy import bindparam, delete, update
from sqlalchemy.dialects import postgresql, sqlite

from consult.database import dialect_name
from consult.extensions import db
from consult.scoreboard.models import DraftTally

FIGURES = ("online", "offline", "published", "answered", "answers_published")
ZERO = (0, 0, 0, 0, 0)


def stored_columns():
    """Return the columns a statement on drafts adds, outer-joined on `stored_join`, to read their stored counts:
    (stale, *FIGURES); all None when the draft has no row."""
    table = DraftTally.__table__
    return (table.c.stale, *(table.c[name] for name in FIGURES))


def stored_join(draft_id_column):
    """Return (table, on clause) to outer-join the stored counts to a statement on drafts."""
    table = DraftTally.__table__
    return table, table.c.draft_id == draft_id_column


def read_stored(stale, *figures):
    """Return the figures of a row read with `stored_columns`, or None when they must be counted (stale, none)."""
    return None if stale is None or stale else tuple(figures)


def recount(draft_ids, count):
    """Count these drafts (their window has ended) with `count(ids)`, store their figures and return them,
    {draft id: figures}."""
    table = DraftTally.__table__
    dialect = postgresql if dialect_name(db.session.connection()) == "postgresql" else sqlite
    db.session.execute(
        dialect.insert(table).on_conflict_do_nothing(),
        [{"draft_id": draft_id, "stale": True, "version": 0, **dict.fromkeys(FIGURES, 0)} for draft_id in draft_ids],
    )
    cleared = db.session.execute(
        update(table)
        .where(table.c.draft_id.in_(draft_ids))
        .values(stale=False, version=table.c.version + 1)
        .returning(table.c.draft_id, table.c.version)
    ).all()
    db.session.commit()
    figures = {draft_id: tuple(row) for draft_id, row in count(draft_ids).items()}
    store = (
        update(table)
        .where(table.c.draft_id == bindparam("id"), table.c.version == bindparam("cleared"))
        .values({name: bindparam(f"n_{name}") for name in FIGURES})
    )
    db.session.execute(
        store,
        [
            {
                "id": draft_id,
                "cleared": version,
                **{f"n_{n}": v for n, v in zip(FIGURES, figures.get(draft_id, ZERO), strict=True)},
            }
            for draft_id, version in cleared
        ],
    )
    db.session.commit()
    return {draft_id: figures.get(draft_id, ZERO) for draft_id in draft_ids}


def forget(draft_ids):
    """Drop the stored rows of these drafts, open again: their writers must not wait on a row nobody reads."""
    table = DraftTally.__table__
    db.session.execute(delete(table).where(table.c.draft_id.in_(draft_ids)))
    db.session.commit()
