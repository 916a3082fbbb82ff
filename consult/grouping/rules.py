"""Where an opinion goes: the group of an earlier exact copy, of a confirmed near copy, or a group of its own.

`group_rows` decides for a batch of opinions of one draft at a time, with a few queries whatever the batch's size:
one for the first exact copies, one for the LSH candidates, one for the candidates' texts. The batch's opinions
meet each other as well as the stored ones, in id order, so grouping a batch gives what grouping its opinions one
by one would.
"""

import functools
import hashlib
from collections import Counter, defaultdict
from typing import NamedTuple

from flask import current_app
from sqlalchemy import bindparam, func, select

from consult.database import one_of
from consult.feedback.models import Feedback
from consult.grouping.distinct import says_otherwise
from consult.grouping.models import FeedbackLshBand
from consult.text.fingerprint import band_hashes, similarity
from consult.text.flags import duplicate_key

DUPLICATE = "duplicate"
NEAR_DUPLICATE = "near_duplicate"
# Left on opinions by earlier versions, which grouped them after storing them; `feedback regroup` clears it.
LEGACY_PENDING = "grouping_pending"
MAX_CANDIDATES = 5  # representatives whose texts are compared with a new opinion, the most alike by LSH first


class Opinion(NamedTuple):
    """What grouping reads of an opinion, stored or about to be stored."""

    id: int
    receipt_code: str
    content: str
    proposed_wording: str
    flags: list
    duplicate_key: str
    duplicate_group_id: int | None = None
    similarity: float | None = None
    article_id: int | None = None  # the article it targets (None: the whole draft); copies target the same one


class Grouping(NamedTuple):
    """Where an opinion goes: its group columns, the flags to add, and the band hashes to index if it starts one."""

    duplicate_group_id: int | None
    similarity: float | None
    flags: list
    bands: list


def opinion_text(content, proposed_wording=""):
    """Return the text compared between opinions: the content and the proposed wording."""
    return f"{content}\n{proposed_wording or ''}"


def text_digest(text):
    """Return the `duplicate_key` column of an opinion's text: a hash its exact copies share."""
    return hashlib.sha1(duplicate_key(text).encode("utf-8")).hexdigest()


def group_rows(connection, draft_id, opinions):
    """Return the Grouping of each Opinion of a draft, in order.

    `opinions` are in id order, and every stored opinion they may join has a smaller id (opinions not stored yet
    carry provisional ids above every stored one: consult.feedback.store).
    """
    return _Batch(connection, draft_id, opinions).groupings()


def with_grouping(flags, grouping):
    """Return an opinion's flags with those of its Grouping it lacks (and without the legacy pending flag)."""
    kept = [item for item in flags or [] if item.get("code") != LEGACY_PENDING]
    present = {item.get("code") for item in kept}
    return kept + [item for item in grouping.flags if item["code"] not in present]


def without_grouping(flags):
    """Return an opinion's flags without those its grouping gave it (before it is grouped again)."""
    return [item for item in flags or [] if item.get("code") not in (DUPLICATE, NEAR_DUPLICATE, LEGACY_PENDING)]


def copy_of(first):
    """Return the Grouping of an exact copy; a copy of a member is as similar to the representative as that member."""
    flags = [{"code": DUPLICATE, "detail": first.receipt_code}]
    if first.duplicate_group_id is None:
        return Grouping(first.id, 1.0, flags, [])
    flags += [flag for flag in first.flags or [] if flag.get("code") == NEAR_DUPLICATE][:1]
    return Grouping(first.duplicate_group_id, first.similarity, flags, [])


def near_copy_of(representative_id, receipt_code, score):
    """Return the Grouping of a near copy of a representative, its flag naming it and the similarity."""
    detail = f"{receipt_code} ({round(score * 100)}%)"
    return Grouping(representative_id, score, [{"code": NEAR_DUPLICATE, "detail": detail}], [])


def _copy_key(opinion):
    """What exact copies share: the digest of their words, and the article they target."""
    return opinion.duplicate_key, opinion.article_id


@functools.lru_cache(maxsize=2048)
def representative_key(text):
    """Return duplicate_key(text), cached: a campaign's representative is compared with every copy that arrives."""
    return duplicate_key(text)


class _Batch:
    """The groupings of a batch of opinions of one draft (in id order), looked up a batch at a time."""

    def __init__(self, connection, draft_id, opinions):
        self.connection, self.draft_id, self.opinions = connection, draft_id, opinions
        self.keys = {row.id: duplicate_key(opinion_text(row.content, row.proposed_wording)) for row in opinions}
        self.done = {}  # id -> Grouping of the batch's opinions grouped so far
        self.new_bands = defaultdict(list)  # band hash -> ids of the batch's new representatives
        self.texts = {}  # representative id -> (receipt code, comparison key, still a representative, article id)

    def groupings(self):
        """Return the Grouping of every opinion of the batch, in order."""
        firsts = self._first_copies()
        bands = {row.id: band_hashes(self.keys[row.id]) for row in self.opinions if firsts[_copy_key(row)].id == row.id}
        hits = self._stored_band_hits([value for values in bands.values() for value in values])
        # The best candidates of each opinion are among its best stored ones and the batch's new groups.
        self._load_texts(
            {
                representative
                for row in self.opinions
                if row.id in bands
                for representative in self._ranked(row, bands[row.id], hits, {})
            }
        )
        for row in self.opinions:
            first = firsts[_copy_key(row)]
            if first.id != row.id:
                grouping = copy_of(self._current(first))
            else:
                grouping = self._near_or_new(row, bands[row.id], hits)
            self.done[row.id] = grouping
            for value in grouping.bands:
                self.new_bands[value].append(row.id)
        return [self.done[row.id] for row in self.opinions]

    def _first_copies(self):
        """Return {(duplicate key digest, article id): the draft's first opinion with them}, for the batch's digests:
        the same words on two articles are two opinions."""
        found = self.connection.execute(
            _FIRST_COPIES, {"draft_id": self.draft_id, "digests": sorted({row.duplicate_key for row in self.opinions})}
        )
        firsts = {}
        for stored in found:
            first = Opinion(content="", proposed_wording="", **stored._asdict())
            firsts[_copy_key(first)] = first
        for row in self.opinions:  # opinions not stored yet are found only here
            first = firsts.get(_copy_key(row))
            if first is None or row.id < first.id:
                firsts[_copy_key(row)] = row
        return firsts

    def _current(self, first):
        """Return a first copy with its group as grouped in this batch, if it is one of the batch."""
        grouping = self.done.get(first.id)
        if grouping is None:
            return first
        return first._replace(
            duplicate_group_id=grouping.duplicate_group_id,
            similarity=grouping.similarity,
            flags=with_grouping(without_grouping(first.flags), grouping),
        )

    def _stored_band_hits(self, values):
        """Return {band hash: [stored representative ids]} for the given hashes on this draft."""
        hits = defaultdict(list)
        if values:
            for representative_id, value in self.connection.execute(
                _BAND_HITS, {"draft_id": self.draft_id, "hashes": sorted(set(values))}
            ):
                hits[value].append(representative_id)
        return hits

    def _near_or_new(self, row, bands, hits):
        """Return the Grouping of an opinion with no earlier exact copy: a near copy's, or a new group.

        A text too short for bands (consult.text.fingerprint) only ever meets its exact copies.
        """
        if not bands:
            return Grouping(None, None, [], [])
        threshold = current_app.config["NEAR_DUPLICATE_THRESHOLD"]
        best = None
        for representative in self._ranked(row, bands, hits, self.new_bands):
            receipt_code, key, is_representative, article_id = self.texts[representative]
            if not is_representative:
                continue  # a stale band row: this group was merged into another (regroup)
            if article_id != row.article_id:
                continue  # alike words on another article: another opinion
            score = similarity(self.keys[row.id], key, threshold)
            if score and says_otherwise(self.keys[row.id], key):
                continue  # alike letters, another meaning (consult.grouping.distinct)
            if score and (best is None or score > best[2]):
                best = (representative, receipt_code, score)
        if best is None:
            return Grouping(None, None, [], bands)
        return near_copy_of(*best)

    @staticmethod
    def _ranked(row, bands, *indexes):
        """Return the ids of the representatives earlier than `row` sharing most band hashes with it (most shared
        first, then oldest), at most MAX_CANDIDATES."""
        shared = Counter(
            representative
            for value in bands
            for index in indexes
            for representative in index.get(value, ())
            if representative < row.id
        )
        ranked = sorted(shared.items(), key=lambda item: (-item[1], item[0]))[:MAX_CANDIDATES]
        return [representative for representative, _count in ranked]

    def _load_texts(self, ids):
        """Read the comparison keys of the stored candidate representatives, in one query."""
        for row in self.opinions:  # the batch's own representatives are known already
            self.texts[row.id] = (row.receipt_code, self.keys[row.id], True, row.article_id)
        stored = sorted(ids - self.texts.keys())
        if not stored:
            return
        for found in self.connection.execute(_TEXTS, {"ids": stored}):
            key = representative_key(opinion_text(found.content, found.proposed_wording))
            self.texts[found.id] = (found.receipt_code, key, found.duplicate_group_id is None, found.article_id)


# Built once: building a statement and its cache key costs more than running it. A list parameter (one_of) takes
# the batch's values.
_opinion, _band = Feedback.__table__.c, FeedbackLshBand.__table__.c
_FIRST_COPIES = select(
    _opinion.id,
    _opinion.receipt_code,
    _opinion.flags,
    _opinion.duplicate_key,
    _opinion.duplicate_group_id,
    _opinion.similarity,
    _opinion.article_id,
).where(
    _opinion.id.in_(
        select(func.min(_opinion.id))
        .where(_opinion.draft_id == bindparam("draft_id"), one_of(_opinion.duplicate_key, "digests"))
        .group_by(_opinion.duplicate_key, _opinion.article_id)
    )
)
_BAND_HITS = select(_band.representative_id, _band.hash).where(
    _band.draft_id == bindparam("draft_id"), one_of(_band.hash, "hashes")
)
_TEXTS = select(
    _opinion.id,
    _opinion.receipt_code,
    _opinion.content,
    _opinion.proposed_wording,
    _opinion.duplicate_group_id,
    _opinion.article_id,
).where(one_of(_opinion.id, "ids"))
