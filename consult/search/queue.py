"""The moderation queue's text search: the pending opinions holding every word typed, folded as the site's search
folds them (hoà = hòa = hoa, đ = d; the last word may be the start of one), matched in the queue's own index
(consult.feedback.models.QueueText, one row per pending opinion: SQLite FTS5, PostgreSQL a GIN index).

The queue is read oldest first and neither text index gives its matches in that order, so the plan is chosen here
from the number of matches (read up to MATCH_CAP from the text index), not left to estimates:

- few matches: their ids are the candidates, and the page is sorted from them alone;
- more: the words are frequent, and walking the queue in its order, checking each opinion's folded words by its key,
  finds a page soon (at least one opinion in pending / MATCH_CAP holds them).

The cap balances the two: reading the matches costs about as much per match as the walk per opinion passed, so the
worst case, at the cap, is about MATCH_CAP reads either way (bench/queue.py, docs/benchmarks.md).

SQLite's FTS5 intersects a rare word with a frequent one slowly (it reads the frequent word's whole list), so there
each word is looked up alone and the rarest gives the candidates, the other words being checked on their row.
"""

import json
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import Integer, any_, bindparam, column, exists, func, literal, select, table, text
from sqlalchemy.dialects.postgresql import ARRAY

from consult.database import dialect_name
from consult.extensions import db
from consult.feedback.models import QueueText
from consult.search.folding import parse_query
from consult.search.models import QUEUE_FTS_TABLE, TSV_COLUMN

MATCH_CAP = 5000


@dataclass
class QueueMatch:
    """A text search of the queue: a condition on the opinion's id; `matches`, how many pending opinions hold the
    words when the text index alone tells (else None); `frequent` when the queue is walked checking each opinion."""

    condition: object
    matches: int | None
    frequent: bool = False
    settings: dict = field(default_factory=dict)  # PostgreSQL plan settings for the statements using it


def queue_match(typed, feedback_id, cap=None):
    """Return the QueueMatch of what a moderator typed, for the id column `feedback_id`; None without a word."""
    query = parse_query(typed)
    if query is None:
        return None
    cap = MATCH_CAP if cap is None else cap
    if dialect_name() == "postgresql":
        return _postgres_match(query, feedback_id, cap)
    patterns = _patterns(query)
    candidates, checked = _sqlite_candidates(query, cap)
    if candidates is None:
        return QueueMatch(_words_on_row(feedback_id, patterns), None, True)
    rest = [pattern for index, pattern in enumerate(patterns) if index not in checked]
    values = func.json_each(bindparam(None, json.dumps(candidates))).table_valued("value")
    condition = feedback_id.in_(select(values.c.value))
    if rest:
        condition = condition & _words_on_row(feedback_id, rest)
    return QueueMatch(condition, None if rest else len(candidates))


# PostgreSQL: the words found in more than 1 in 100 of the first SAMPLE rows of queue_text are taken as frequent
# without asking the GIN index, which hands over its matches only after reading every entry of each word (0.3 s for
# a word of every opinion at 1M) and then reads each match's row (0.1 s for 5,000 matches on a busy machine).
SAMPLE = 1000
FREQUENT_IN_SAMPLE = 10
# The walk of the queue in its order, one primary-key probe of queue_text per opinion passed: never a hash or merge
# join of every match, nor a bitmap of the GIN index or a scan of the table (PostgreSQL estimates a tsquery's rows
# from its statistics, which may be far off, and chose those at 1M pending: seconds), nor parallel workers.
WALK_SETTINGS = {
    "enable_hashjoin": "off",
    "enable_mergejoin": "off",
    "enable_bitmapscan": "off",
    "enable_seqscan": "off",
    "max_parallel_workers_per_gather": "0",
}


def _postgres_match(query, feedback_id, cap):
    """Sample, then the GIN index for words that are not frequent: few matches are given as an id array, more are
    checked on each opinion's row of queue_text by its key."""
    words = [*query.words[:-1], query.words[-1] + (":*" if query.prefix else "")]
    tsquery = "to_tsquery('simple', :queue_words)"
    params = {"queue_words": " & ".join(words)}
    sampled = db.session.scalar(
        text(
            f"SELECT count(*) FROM (SELECT {TSV_COLUMN} FROM queue_text LIMIT {SAMPLE}) AS sampled "
            f"WHERE sampled.{TSV_COLUMN} @@ {tsquery}"
        ).bindparams(**params)
    )
    on_row = text(f"queue_text.{TSV_COLUMN} @@ {tsquery}").bindparams(**params)
    if sampled < FREQUENT_IN_SAMPLE:
        ids = db.session.scalars(select(QueueText.feedback_id).where(on_row).limit(cap + 1)).all()
        if len(ids) <= cap:
            return QueueMatch(feedback_id == any_(bindparam(None, ids, type_=ARRAY(Integer))), len(ids))
    condition = exists(select(QueueText.feedback_id).where(QueueText.feedback_id == feedback_id, on_row))
    return QueueMatch(condition, None, True, WALK_SETTINGS)


_FTS = table(QUEUE_FTS_TABLE, column("rowid"))


def _sqlite_candidates(query, cap):
    """Return (ids of at most `cap` opinions holding the words, positions of the words those ids are known to
    hold), or (None, ()) when the words are frequent."""
    terms = [f'"{word}"' for word in query.words]
    if query.prefix:
        terms[-1] += "*"
    best = None
    for index, term in enumerate(terms):
        ids = _fts_ids(term, cap)
        if best is None or len(ids) < len(best[0]):
            best = (ids, {index})
        if not ids:
            break
    if len(best[0]) <= cap:
        return best
    if len(terms) > 1:  # every word is frequent on its own; together they may not be
        ids = _fts_ids(" AND ".join(terms), cap)
        if len(ids) <= cap:
            return ids, set(range(len(terms)))
    return None, ()


def _fts_ids(match, cap):
    """Return up to cap + 1 rowids (opinion ids) matching an FTS5 expression."""
    statement = select(_FTS.c.rowid).where(text(f"{QUEUE_FTS_TABLE} MATCH :match").bindparams(match=match))
    return db.session.scalars(statement.limit(cap + 1)).all()


def _patterns(query):
    """Return a LIKE pattern per word, on the folded words with a space added at both ends."""
    patterns = [f"% {word} %" for word in query.words]  # folded words hold no % or _ (letters and digits only)
    if query.prefix:
        patterns[-1] = f"% {query.words[-1]}%"
    return patterns


def _words_on_row(feedback_id, patterns):
    """Condition: the opinion's row of queue_text holds every pattern (one primary-key probe)."""
    spaced = literal(" ") + QueueText.folded + literal(" ")
    return exists(
        select(QueueText.feedback_id).where(
            QueueText.feedback_id == feedback_id, *[spaced.like(pattern) for pattern in patterns]
        )
    )


@contextmanager
def plan_settings(match):
    """Apply a match's PostgreSQL plan settings to the statements run inside (for this transaction only), then put
    the earlier values back; nothing without settings."""
    settings = match.settings if match is not None else {}
    if not settings:
        yield
        return
    names = list(settings)
    earlier = db.session.execute(text("SELECT " + ", ".join(f"current_setting('{name}')" for name in names))).one()
    _set(settings)
    try:
        yield
    finally:
        _set(dict(zip(names, earlier, strict=True)))


def _set(settings):
    """Set plan settings for the current transaction (SET LOCAL)."""
    values = {f"value_{index}": value for index, value in enumerate(settings.values())}
    calls = [f"set_config('{name}', :value_{index}, true)" for index, name in enumerate(settings)]
    db.session.execute(text("SELECT " + ", ".join(calls)).bindparams(**values))
