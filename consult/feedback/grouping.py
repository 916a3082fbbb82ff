"""Grouping opinions with their copies and near copies, a batch at a time: before the group commit writes them,
or in a background job.

The group commit (consult.feedback.group_commit), the form's usual path, groups its batch before the INSERT
(group_new), so those opinions are written grouped. Elsewhere (drafts asking for a verified email, the form with
FEEDBACK_GROUP_COMMIT off, `demo load`) an opinion is stored with its text flags, its exact-duplicate key and
the flag "grouping_pending" (shown to moderators, and one of the MODERATION_HOLD_FLAGS: no bulk decision takes it
before it is grouped), then `group_pending_job` is enqueued (consult.jobs). Every pending opinion of the draft
is then grouped in id order, by the same rules as find_group, but a whole batch at a time: one query for the
first exact copies, one for the LSH candidates, one for their texts, one UPDATE and one insert of the band rows
of new representatives. In a web process a grouper thread gathers the opinions of every request of the last
GATHER_SECONDS (a fifth of a second) into one batch, and an opinion is grouped well within a second.

Batches in two processes may overlap: on SQLite a batch holds the write lock from its first read; on PostgreSQL
each sees only what the other has committed, and, as with two requests grouping at the same moment, a group
split that way is merged by `flask --app consult feedback regroup`.
"""

import threading
import time
from collections import Counter, defaultdict
from types import SimpleNamespace
from typing import NamedTuple

from flask import current_app, has_request_context
from sqlalchemy import bindparam, func, select, update

from consult.extensions import db
from consult.feedback.duplicates import (
    MAX_CANDIDATES,
    PENDING,
    Grouping,
    copy_of,
    index_bands,
    near_copy_of,
    opinion_text,
    representative_key,
)
from consult.feedback.intake import one_writer
from consult.feedback.models import Feedback, FeedbackLshBand
from consult.jobs import enqueue
from consult.moderation.models import FeedbackFlag
from consult.text.fingerprint import band_hashes, similarity
from consult.text.flags import duplicate_key

BATCH_SIZE = 200  # opinions per pass: their band hashes (32 each) go in one IN list
GATHER_SECONDS = 0.2  # a web process's grouper waits this long after a signal, gathering the requests' opinions

_lock = threading.Lock()
_waiting = set()  # draft ids signalled to this process's grouper thread
_wake = threading.Event()
_grouper = None


def pending_flag():
    """Return the flag a new opinion carries until the job has grouped it."""
    return {"code": PENDING, "detail": ""}


def schedule_grouping(draft_id):
    """Enqueue the grouping of a draft's pending opinions, to run once the current transaction commits.

    From a web request with JOBS_BACKEND=after_response the draft is handed to the process's grouper thread,
    which takes the opinions of every request of the last GATHER_SECONDS in one batch: a job per request, each
    grouping one opinion, would cost more than grouping in the request. Elsewhere (an RQ worker, a command such
    as `demo load`, tests) the job groups them itself.
    """
    to_grouper = has_request_context() and current_app.config["JOBS_BACKEND"] == "after_response"
    enqueue(hand_to_grouper if to_grouper else group_pending_job, draft_id)


def group_pending_job(draft_id):
    """Job: group every pending opinion of a draft now."""
    group_all_pending(draft_id)


def hand_to_grouper(draft_id):
    """Job run after a response: signal the draft to this process's grouper thread (started on first use)."""
    global _grouper
    with _lock:
        _waiting.add(draft_id)
        if _grouper is None or not _grouper.is_alive():
            _grouper = threading.Thread(target=_grouper_loop, args=(current_app._get_current_object(),),
                                        name="consult-grouping", daemon=True)
            _grouper.start()
    _wake.set()


def _grouper_loop(app):
    """Wait for a signal, gather for GATHER_SECONDS, group the signalled drafts; for the life of the process.

    A draft signalled during a pass is taken by the next one: its opinion was committed before the signal, so
    that pass sees it. If the process dies first, the opinions stay pending until the draft's next opinion (or
    `feedback regroup`) groups them.
    """
    while True:
        _wake.wait()
        time.sleep(GATHER_SECONDS)
        with _lock:
            _wake.clear()
            drafts = sorted(_waiting)
            _waiting.clear()
        with app.app_context():
            for draft_id in drafts:
                try:
                    group_all_pending(draft_id)
                except Exception:  # noqa: BLE001 - the next signal tries again; the thread must live on
                    db.session.rollback()
                    app.logger.exception("Grouping the opinions of draft %s failed", draft_id)
            db.session.remove()


def group_all_pending(draft_id):
    """Group every pending opinion of a draft, committing after each batch."""
    while True:
        with one_writer():
            count = group_pending(draft_id)
            db.session.commit()
        if count < BATCH_SIZE:
            return


def group_pending(draft_id, batch_size=BATCH_SIZE):
    """Group the oldest pending opinions of a draft (at most `batch_size`); return how many; the caller commits."""
    opinion, flag = Feedback.__table__.c, FeedbackFlag.__table__.c
    connection = db.session.connection()
    batch = connection.execute(
        select(opinion.id, opinion.receipt_code, opinion.content, opinion.proposed_wording, opinion.flags,
               opinion.duplicate_key)
        .join_from(Feedback.__table__, FeedbackFlag.__table__, flag.feedback_id == opinion.id)
        .where(flag.draft_id == draft_id, flag.code == PENDING)
        .order_by(opinion.id).limit(batch_size)
        .with_for_update(of=Feedback.__table__, skip_locked=True)
    ).all()
    if not batch:
        return 0
    groupings = _Batch(connection, draft_id, batch).groupings()
    rows = [{"row_id": row.id, "flags": with_grouping(row.flags, grouping), "group_id": grouping.duplicate_group_id,
             "score": grouping.similarity} for row, grouping in zip(batch, groupings)]
    connection.execute(_UPDATE, rows)
    index_bands(draft_id, [(row.id, grouping.bands) for row, grouping in zip(batch, groupings) if grouping.bands])
    return len(batch)


def group_new(connection, draft_id, rows):
    """Return the Grouping of each opinion row of a draft not inserted yet, by the rules of group_pending.

    The group commit gives its rows their ids first (consult.feedback.services.insert_grouped), so that each
    opinion is written once, grouped, instead of written "grouping pending" and updated by a later pass. `rows`
    are dicts from opinion_row with their "id", in id order. The caller inserts them, then index_bands.
    """
    batch = [_NewOpinion(row["id"], row["receipt_code"], row["content"], row["proposed_wording"], row["flags"],
                         row["duplicate_key"], None, None) for row in rows]
    return _Batch(connection, draft_id, batch).groupings()


def with_grouping(flags, grouping):
    """Return an opinion's flags without "grouping pending" and with those of its Grouping it lacks."""
    kept = [item for item in flags or [] if item.get("code") != PENDING]
    present = {item.get("code") for item in kept}
    return kept + [item for item in grouping.flags if item["code"] not in present]


class _NewOpinion(NamedTuple):
    """An opinion of the group commit's batch, grouped before its INSERT (the columns _Batch reads)."""

    id: int
    receipt_code: str
    content: str
    proposed_wording: str
    flags: list
    duplicate_key: str
    duplicate_group_id: int | None
    similarity: float | None


_UPDATE = (
    update(Feedback.__table__)
    .where(Feedback.__table__.c.id == bindparam("row_id"))
    .values(flags=bindparam("flags"), duplicate_group_id=bindparam("group_id"), similarity=bindparam("score"))
)


class _Batch:
    """The groupings of a batch of pending opinions (in id order), looked up a batch at a time."""

    def __init__(self, connection, draft_id, rows):
        self.connection, self.draft_id, self.rows = connection, draft_id, rows
        self.keys = {row.id: duplicate_key(opinion_text(row.content, row.proposed_wording)) for row in rows}
        self.done = {}  # id -> Grouping of the batch's opinions grouped so far
        self.new_bands = defaultdict(list)  # band hash -> ids of the batch's new representatives
        self.texts = {}  # representative id -> (receipt code, comparison key, still a representative)

    def groupings(self):
        """Return the Grouping of every opinion of the batch, in order."""
        firsts = self._first_copies()
        bands = {row.id: band_hashes(self.keys[row.id]) for row in self.rows if firsts[row.duplicate_key].id == row.id}
        hits = self._stored_band_hits([value for values in bands.values() for value in values])
        # The best candidates of each opinion are among its best stored ones and the batch's new groups.
        self._load_texts({representative for row in self.rows if row.id in bands
                          for representative in self._ranked(row, bands[row.id], hits, {})})
        for row in self.rows:
            first = firsts[row.duplicate_key]
            if first.id != row.id:
                grouping = copy_of(self._current(first))
            else:
                grouping = self._near_or_new(row, bands[row.id], hits)
            self.done[row.id] = grouping
            for value in grouping.bands:
                self.new_bands[value].append(row.id)
        return [self.done[row.id] for row in self.rows]

    def _first_copies(self):
        """Return {duplicate key digest: the draft's first opinion with it}, for the batch's digests."""
        found = self.connection.execute(_FIRST_COPIES, {"draft_id": self.draft_id,
                                                         "digests": sorted({row.duplicate_key for row in self.rows})})
        firsts = {row.duplicate_key: row for row in found}
        for row in self.rows:  # opinions grouped before their INSERT (group_new) are found only here
            first = firsts.get(row.duplicate_key)
            if first is None or row.id < first.id:
                firsts[row.duplicate_key] = row
        return firsts

    def _current(self, first):
        """Return a first copy with its group as grouped in this batch, if it was pending too."""
        grouping = self.done.get(first.id)
        if grouping is None:
            return first
        flags = [item for item in first.flags or [] if item.get("code") != PENDING] + grouping.flags
        return SimpleNamespace(**dict(first._asdict(), duplicate_group_id=grouping.duplicate_group_id,
                                      similarity=grouping.similarity, flags=flags))

    def _stored_band_hits(self, values):
        """Return {band hash: [stored representative ids]} for the given hashes on this draft."""
        hits = defaultdict(list)
        if values:
            for representative_id, value in self.connection.execute(
                    _BAND_HITS, {"draft_id": self.draft_id, "hashes": sorted(set(values))}):
                hits[value].append(representative_id)
        return hits

    def _near_or_new(self, row, bands, hits):
        """Return the Grouping of an opinion with no earlier exact copy: a near copy's, or a new group."""
        if not bands:
            return Grouping(None, None, [], [])
        threshold = current_app.config["NEAR_DUPLICATE_THRESHOLD"]
        best = None
        for representative in self._ranked(row, bands, hits, self.new_bands):
            receipt_code, key, is_representative = self.texts[representative]
            if not is_representative:
                continue  # a stale band row: this group was merged into another (see regroup_draft)
            score = similarity(self.keys[row.id], key, threshold)
            if score and (best is None or score > best[1]):
                best = (representative, score, receipt_code)
        if best is None:
            return Grouping(None, None, [], bands)
        return near_copy_of(best[0], best[2], best[1])

    @staticmethod
    def _ranked(row, bands, *indexes):
        """Return the ids of the representatives earlier than `row` sharing most band hashes with it, as
        find_group ranks them (most shared first, then oldest), at most MAX_CANDIDATES."""
        shared = Counter(representative for value in bands for index in indexes
                         for representative in index.get(value, ()) if representative < row.id)
        ranked = sorted(shared.items(), key=lambda item: (-item[1], item[0]))[:MAX_CANDIDATES]
        return [representative for representative, _count in ranked]

    def _load_texts(self, ids):
        """Read the comparison keys of the stored candidate representatives, in one query."""
        for row in self.rows:  # the batch's new representatives are known already
            self.texts[row.id] = (row.receipt_code, self.keys[row.id], True)
        if not ids:
            return
        for found in self.connection.execute(_TEXTS, {"ids": sorted(ids)}):
            key = representative_key(opinion_text(found.content, found.proposed_wording))
            self.texts[found.id] = (found.receipt_code, key, found.duplicate_group_id is None)


# The batch's look-ups, built once (building a statement and its cache key cost more than running it). An
# expanding parameter takes the batch's list of values.
_opinion, _band = Feedback.__table__.c, FeedbackLshBand.__table__.c
_FIRST_COPIES = (
    select(_opinion.id, _opinion.receipt_code, _opinion.duplicate_group_id, _opinion.similarity, _opinion.flags,
           _opinion.duplicate_key)
    .where(_opinion.id.in_(select(func.min(_opinion.id))
                           .where(_opinion.draft_id == bindparam("draft_id"),
                                  _opinion.duplicate_key.in_(bindparam("digests", expanding=True)))
                           .group_by(_opinion.duplicate_key)))
)
_BAND_HITS = (select(_band.representative_id, _band.hash)
              .where(_band.draft_id == bindparam("draft_id"), _band.hash.in_(bindparam("hashes", expanding=True))))
_TEXTS = (select(_opinion.id, _opinion.receipt_code, _opinion.content, _opinion.proposed_wording,
                 _opinion.duplicate_group_id).where(_opinion.id.in_(bindparam("ids", expanding=True))))
