"""Groups of copies and near copies of one opinion (form letters) on a draft, kept as each opinion arrives.

A group is its representative, the first opinion of it to arrive, plus every later opinion pointing at it through
`duplicate_group_id` (NULL on the representative). Only representatives are in the LSH index
(FeedbackLshBand), and a candidate joins a group only once rapidfuzz confirms it against the representative's
text: merging on LSH alone, or indexing every member, chains unrelated opinions into one group.

Cost of grouping one opinion, whatever the size of the draft: one query for an exact copy (its group); otherwise one query for
the candidate representatives (at most MAX_CANDIDATES, with their texts), then one insert of the band rows if the
opinion starts a group. Two workers taking near copies at the same moment may both start a group; nothing fails,
and `regroup_draft` (the `feedback regroup` command) merges such split groups later.

find_group() only reads, so a writer of one INSERT can use it before the INSERT and call index_bands() after;
assign_duplicate_group() does both for a Feedback object (staff entry, offline imports). Opinions sent through the
form are grouped after their request, a batch at a time, by consult.feedback.grouping, with the same rules.
"""

import functools
import hashlib
from typing import NamedTuple

from flask import current_app
from sqlalchemy import bindparam, delete, func, insert, select, text
from sqlalchemy.orm import aliased

from consult.extensions import db
from consult.feedback.models import Feedback, FeedbackLshBand
from consult.text.fingerprint import BANDS, band_hashes, similarity
from consult.text.flags import duplicate_key

DUPLICATE = "duplicate"
NEAR_DUPLICATE = "near_duplicate"
PENDING = "grouping_pending"  # sent through the form, not grouped yet (consult.feedback.grouping)
MAX_CANDIDATES = 5
_NOT_YET_STORED = 2**31 - 1  # every stored opinion is earlier than one not yet stored


class Grouping(NamedTuple):
    """Where an opinion goes: its group columns, the flags to add, and the band hashes to index if it starts one."""

    duplicate_group_id: int | None
    similarity: float | None
    flags: list
    bands: list


def opinion_text(content, proposed_wording=""):
    """Return the text compared between opinions: the content and the proposed wording, as flags read it."""
    return f"{content}\n{proposed_wording or ''}"


def find_group(draft_id, text, flags, digest=None, before_id=None):
    """Return the Grouping of an opinion among the earlier ones on its draft; write nothing.

    Exact copies (same duplicate key) join the group of the first copy; otherwise the LSH candidates are confirmed
    by a rapidfuzz ratio of at least NEAR_DUPLICATE_THRESHOLD and the most similar one is joined; otherwise the
    opinion starts a group (its bands are returned, for index_bands once it has an id). `flags` are the flags
    already computed, and only flags not among them are returned (the "duplicate" flag naming the first copy is
    found here, the one place that looks exact copies up).
    """
    key = duplicate_key(text)
    digest = digest or hashlib.sha1(key.encode("utf-8")).hexdigest()
    params = {"draft_id": draft_id, "before_id": before_id or _NOT_YET_STORED}
    first = _run("first_copy", dict(params, digest=digest)).first()
    if first is not None:
        grouping = copy_of(first)
        present = {flag.get("code") for flag in flags or []}
        return grouping._replace(flags=[flag for flag in grouping.flags if flag["code"] not in present])
    bands = band_hashes(key)  # none for a short text: those only ever meet as exact copies
    if not bands:
        return Grouping(None, None, [], [])
    best = _best_candidate(key, dict(params, **{f"band{number}": value for number, value in enumerate(bands)}))
    if best is None:
        return Grouping(None, None, [], bands)
    representative, score = best
    return near_copy_of(representative.id, representative.receipt_code, score)


def near_copy_of(representative_id, receipt_code, score):
    """Return the Grouping of a near copy of a representative, its flag naming it and the similarity."""
    detail = f"{receipt_code} ({round(score * 100)}%)"
    return Grouping(representative_id, score, [{"code": NEAR_DUPLICATE, "detail": detail}], [])


def assign_duplicate_group(feedback):
    """Put a Feedback in the group of an earlier exact or near copy on its draft, or make it a representative.

    Adds the "duplicate" flag if missing and a "near_duplicate" flag naming the representative; a new
    representative is flushed (for its id) and its band hashes stored.
    """
    text = opinion_text(feedback.content, feedback.proposed_wording)
    if feedback.duplicate_key is None:
        feedback.duplicate_key = hashlib.sha1(duplicate_key(text).encode("utf-8")).hexdigest()
    grouping = find_group(feedback.draft.id, text, feedback.flags, feedback.duplicate_key, feedback.id)
    feedback.duplicate_group_id, feedback.similarity = grouping.duplicate_group_id, grouping.similarity
    for flag in grouping.flags:
        _add_flag(feedback, flag["code"], flag["detail"])
    if grouping.bands:
        if feedback.id is None:
            db.session.add(feedback)
            db.session.flush()
        index_bands(feedback.draft_id, [(feedback.id, grouping.bands)])


@functools.cache
def _statements():
    """Build the statements run on every submit once (Core, bound parameters): building costs more than running."""
    opinion, band = Feedback.__table__.c, FeedbackLshBand.__table__.c
    first_copy = (
        select(opinion.id, opinion.receipt_code, opinion.duplicate_group_id, opinion.similarity, opinion.flags)
        .where(opinion.draft_id == bindparam("draft_id"), opinion.duplicate_key == bindparam("digest"),
               opinion.id < bindparam("before_id"))
        .order_by(opinion.id)
        .limit(1)
    )
    shared = func.count().label("shared")
    hits = (
        select(band.representative_id, shared)
        # One parameter per band rather than an "expanding" list: a third less time on every submit.
        .where(band.hash.in_([bindparam(f"band{number}") for number in range(BANDS)]),
               band.draft_id == bindparam("draft_id"), band.representative_id < bindparam("before_id"))
        .group_by(band.representative_id)
        .order_by(shared.desc(), band.representative_id)
        .limit(MAX_CANDIDATES)
        .subquery()
    )
    candidates = (
        select(opinion.id, opinion.receipt_code, opinion.content, opinion.proposed_wording, opinion.duplicate_group_id)
        .join_from(Feedback.__table__, hits, hits.c.representative_id == opinion.id)
        .order_by(hits.c.shared.desc(), opinion.id)
    )
    # On PostgreSQL one row per band costs twice the server time of one statement reading an array (32 foreign
    # key checks), and psycopg's client time follows; SQLite's executemany runs in C.
    insert_array = text(
        "INSERT INTO feedback_lsh_band (representative_id, band, draft_id, hash) "
        "SELECT :representative_id, number - 1, :draft_id, hash "
        "FROM unnest(CAST(:hashes AS BIGINT[])) WITH ORDINALITY AS bands(hash, number)"
    )
    return {"first_copy": first_copy, "candidates": candidates, "insert_bands": insert(FeedbackLshBand.__table__),
            "insert_bands_array": insert_array}


def _run(name, params):
    """Run one of the prepared statements in the session's transaction."""
    # On the connection: a tenth of a millisecond less than through the session, and no autoflush (regroup
    # flushes itself; a new opinion's look-ups concern other rows).
    return db.session.connection().execute(_statements()[name], params)


def copy_of(first):
    """Return the Grouping of an exact copy; a copy of a member is as similar to the representative as that member."""
    flags = [{"code": DUPLICATE, "detail": first.receipt_code}]
    if first.duplicate_group_id is None:
        return Grouping(first.id, 1.0, flags, [])
    flags += [flag for flag in first.flags or [] if flag.get("code") == NEAR_DUPLICATE][:1]
    return Grouping(first.duplicate_group_id, first.similarity, flags, [])


def _best_candidate(key, params):
    """Return (representative row, similarity) of the most similar confirmed candidate, or None.

    One query: the representatives sharing most band hashes with the text, at most MAX_CANDIDATES, with their
    texts; each is compared with rapidfuzz.
    """
    threshold = current_app.config["NEAR_DUPLICATE_THRESHOLD"]
    best = None
    for candidate in _run("candidates", params):
        if candidate.duplicate_group_id is not None:
            continue  # a stale band row: this group was merged into another (see regroup_draft)
        score = similarity(key, representative_key(opinion_text(candidate.content, candidate.proposed_wording)),
                           threshold)
        if score and (best is None or score > best[1]):
            best = (candidate, score)
    return best


@functools.lru_cache(maxsize=2048)
def representative_key(text):
    """Return duplicate_key(text), cached: a campaign's representative is compared with every copy that arrives."""
    return duplicate_key(text)


def index_bands(draft_id, representatives):
    """Store the band hashes of opinions that start a group, [(id, bands)], so that later copies find them; one
    statement (executemany) for them all."""
    if not representatives:
        return
    if db.session.connection().dialect.name == "postgresql":
        _run("insert_bands_array", [{"representative_id": representative_id, "draft_id": draft_id, "hashes": bands}
                                    for representative_id, bands in representatives])
        return
    _run("insert_bands", [{"representative_id": representative_id, "band": band, "draft_id": draft_id, "hash": value}
                          for representative_id, bands in representatives for band, value in enumerate(bands)])


def _add_flag(feedback, code, detail):
    """Add a flag unless the opinion already has one with this code (flag_feedback adds "duplicate" first)."""
    flags = list(feedback.flags or [])
    if not any(flag.get("code") == code for flag in flags):
        feedback.flags = flags + [{"code": code, "detail": detail}]


def regroup_draft(draft, batch_size=500):
    """Recompute every group of a draft in one streaming pass in id order; yield the count after each batch.

    Constant memory: one batch of opinions at a time (the caller may commit between batches). Each opinion is
    assigned again against the groups rebuilt so far, so representatives that missed each other (two workers
    at the same moment) end up in one group, and flags point at the new representatives.
    """
    db.session.execute(delete(FeedbackLshBand).where(
        FeedbackLshBand.representative_id.in_(select(Feedback.id).where(Feedback.draft_id == draft.id))))
    last_id, done = 0, 0
    while True:
        batch = db.session.scalars(
            select(Feedback).where(Feedback.draft_id == draft.id, Feedback.id > last_id)
            .order_by(Feedback.id).limit(batch_size)
        ).all()
        if not batch:
            return
        # Opinions sent since the pass began indexed themselves; they are assigned again like the others.
        db.session.execute(delete(FeedbackLshBand).where(FeedbackLshBand.representative_id.in_([f.id for f in batch])))
        for feedback in batch:
            feedback.duplicate_group_id = feedback.similarity = None
            feedback.flags = [flag for flag in feedback.flags or []
                              if flag.get("code") not in (DUPLICATE, NEAR_DUPLICATE, PENDING)]
            assign_duplicate_group(feedback)
            db.session.flush()  # the next opinion's look-ups read the groups rebuilt so far
        last_id, done = batch[-1].id, done + len(batch)
        yield done


def select_grouped(draft, *columns):
    """Return SELECT `columns` FROM the draft's opinions that are in a group, joined to their representative.

    The draft is read on the representative (a group never spans two drafts): the draft's ids come from one index
    and each group's members from ix_feedback_group_status_created, instead of reading every opinion of the draft
    for its duplicate_group_id (at 1M opinions on SQLite, 0.25 s instead of 1.5 s).
    """
    representative = aliased(Feedback)
    return (select(*columns).join_from(Feedback, representative, representative.id == Feedback.duplicate_group_id)
            .where(representative.draft_id == draft.id))


def duplicate_groups(draft, min_size=2, limit=50):
    """Return [(representative, size)] of the draft's groups of at least `min_size` opinions, largest first."""
    members = func.count(Feedback.id)
    sizes = (
        select_grouped(draft, Feedback.duplicate_group_id.label("representative_id"), members.label("members"))
        .group_by(Feedback.duplicate_group_id)
        .having(members >= min_size - 1)
        .order_by(members.desc(), Feedback.duplicate_group_id)
        .limit(limit)
        .subquery()
    )
    rows = db.session.execute(
        select(Feedback, sizes.c.members + 1)
        .join(sizes, sizes.c.representative_id == Feedback.id)
        .order_by(sizes.c.members.desc(), Feedback.id)
    ).all()
    return [(representative, size) for representative, size in rows]


def group_counts(draft):
    """Return (groups of two or more, opinions in them) for a draft."""
    groups, members = db.session.execute(select_grouped(
        draft, func.count(func.distinct(Feedback.duplicate_group_id)), func.count(Feedback.duplicate_group_id))).one()
    return groups, members + groups
