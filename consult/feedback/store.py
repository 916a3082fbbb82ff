"""Storing opinions: one function for every way an opinion arrives.

The web form (through the process's writer, consult.feedback.writer), staff typing an opinion gathered offline, an
imported file of them and the API all build rows with `opinion_row` and store them with `store_opinions`, one or
many at a time, by the same rules: the text cleaned, flagged (profanity, spam signals), matched against
submitter blocks, grouped with its earlier copies and near copies (consult.grouping), given a receipt code, and
stored once per form however often the form is sent.
"""

import itertools
from collections import defaultdict

from consult.database import insert_or_skip, lock_for_writing, utcnow
from consult.extensions import db
from consult.feedback.blocks import blocked_flags
from consult.feedback.contacts import contact_is_email
from consult.feedback.models import Feedback, FeedbackStatus
from consult.feedback.receipts import Receipt, new_receipt_code, saved_receipts
from consult.grouping.index import index_bands
from consult.grouping.rules import Opinion, group_rows, opinion_text, text_digest, with_grouping
from consult.metrics import count_opinions_stored
from consult.pagecache import mark_pages_changed
from consult.text import clean_line, clean_text
from consult.text.flags import compute_flags

# Opinions not stored yet are grouped under provisional ids above every stored one (consult.grouping.rules).
PROVISIONAL = 2**62


class StoreConflict(Exception):
    """Part of a batch was stored by another writer at the same moment; store its rows again, one at a time."""


def opinion_row(
    draft,
    values,
    *,
    article_id=None,
    clause_id=None,
    user=None,
    submission_id=None,
    consent_text="",
    client_hash=None,
    status=FeedbackStatus.PENDING,
    entered_by=None,
    now=None,
):
    """Return the row of an opinion on the current version of `draft` from checked `values` (FeedbackForm's
    data, or an offline row's, which also gives its channel, day received and source reference)."""
    now = now or utcnow()
    contact = clean_line(values.get("contact") or "")
    return {
        "draft_id": draft.id,
        "version_id": draft.current_version_id,
        "article_id": article_id,
        "clause_id": clause_id,
        "submission_id": submission_id,
        "stance": values["stance"],
        "content": clean_text(values["content"]),
        "proposed_wording": clean_text(values.get("proposed_wording") or ""),
        "author_name": clean_line(values["author_name"]),
        "author_kind": values["author_kind"],
        "locality": values["locality"],
        "locality_detail": clean_line(values.get("locality_detail") or ""),
        "contact": contact,
        "consent_name": bool(values.get("consent_name")),
        "consent_text": consent_text,
        "consent_at": now,
        "client_hash": client_hash,
        "status": status,
        "notify": bool(values.get("notify")) and contact_is_email(contact),
        "user_id": getattr(user, "id", None),
        "channel": values.get("channel") or "web",
        "received_on": values.get("received_on"),
        "source_ref": clean_line(values.get("source_ref") or ""),
        "entered_by_id": getattr(entered_by, "id", None),
        "created_at": now,
    }


def store_opinions(rows):
    """Store opinion rows from opinion_row in the session's transaction; return a Receipt for each, in order.
    The caller commits.

    A row whose submission id is stored already, or comes earlier in `rows`, is the same form sent again: it gets
    the receipt of the opinion stored for it (the unique index skips it; it is not looked up first, as forms are
    rarely sent twice). Raises StoreConflict when some of these forms were stored already and the batch's groups
    cannot be kept (only for several rows at once, one of them sent again with another text).
    """
    connection = db.session.connection()
    lock_for_writing(connection)
    if any(row["status"] == FeedbackStatus.APPROVED for row in rows):  # public at once (staff entry, import)
        mark_pages_changed(db.session)
    keys = [row["submission_id"] or f"row-{number}" for number, row in enumerate(rows)]
    first = dict(zip(reversed(keys), reversed(rows), strict=True))  # the first row of each form
    receipts = _insert(connection, {key: first[key] for key in dict.fromkeys(keys)})
    return [receipts[key] for key in keys]


def _insert(connection, rows):
    """Flag, group and insert new rows, {key: row}; return {key: Receipt}."""
    rows = {key: _flagged(row) for key, row in rows.items()}
    for row, blocked in zip(rows.values(), blocked_flags(connection, list(rows.values())), strict=True):
        row["flags"] += blocked
    groups = _grouped(connection, list(rows.values()))
    # A row joining a group started in this batch is inserted after the batch's representatives, once their ids
    # are known: a representative never points at another opinion, so two inserts are always enough.
    real_ids, receipts = {}, {}
    for joining in (False, True):
        part = {key: row for key, row in rows.items() if _in_batch_group(row) == joining}
        for row in part.values():
            if joining:
                if row["duplicate_group_id"] not in real_ids:  # its representative was stored meanwhile, elsewhere
                    raise StoreConflict()
                row["duplicate_group_id"] = real_ids[row["duplicate_group_id"]]
        for key, receipt in _insert_rows(connection, part).items():
            if receipt.new:
                real_ids[part[key]["id"]] = receipt.id
            receipts[key] = receipt
    for draft_id, representatives in groups.items():
        index_bands(
            connection,
            draft_id,
            [(real_ids[provisional], bands) for provisional, bands in representatives if provisional in real_ids],
        )
    count_opinions_stored(row for key, row in rows.items() if receipts[key].new)
    return receipts


def _flagged(row):
    """Return a copy of a row with its text's flags and duplicate key, and a receipt code."""
    text = opinion_text(row["content"], row["proposed_wording"])
    return dict(
        row,
        receipt_code=new_receipt_code(),
        duplicate_key=text_digest(text),
        flags=[{"code": flag.code, "detail": flag.detail} for flag in compute_flags(text)],
        duplicate_group_id=None,
        similarity=None,
    )


def _grouped(connection, rows):
    """Give rows provisional ids and their groups; return {draft id: [(provisional id, bands)]} of the rows that
    start a group."""
    counter = itertools.count(PROVISIONAL)
    by_draft = defaultdict(list)
    for row in rows:
        row["id"] = next(counter)
        by_draft[row["draft_id"]].append(row)
    representatives = defaultdict(list)
    for draft_id, draft_rows in by_draft.items():
        opinions = [
            Opinion(
                row["id"],
                row["receipt_code"],
                row["content"],
                row["proposed_wording"],
                row["flags"],
                row["duplicate_key"],
                article_id=row["article_id"],
            )
            for row in draft_rows
        ]
        for row, grouping in zip(draft_rows, group_rows(connection, draft_id, opinions), strict=True):
            row.update(
                flags=with_grouping(row["flags"], grouping),
                duplicate_group_id=grouping.duplicate_group_id,
                similarity=grouping.similarity,
            )
            if grouping.bands:
                representatives[draft_id].append((row["id"], grouping.bands))
    return representatives


def _in_batch_group(row):
    """Whether a row joins a group whose representative is in its own batch (a provisional id)."""
    return (row["duplicate_group_id"] or 0) >= PROVISIONAL


def _insert_rows(connection, rows):
    """Insert rows, {key: row}, skipping any a unique key refuses; return {key: Receipt}.

    A row refused for its submission id was stored by another writer at the same moment (a double click reaching
    two processes): its Receipt is that opinion's. A row refused for its receipt code (one chance in about 10^11
    per pair) draws another code and is inserted again.
    """
    stored, waiting = {}, dict(rows)
    for _attempt in range(5):
        if not waiting:
            return stored
        params = [{name: value for name, value in row.items() if name != "id"} for row in waiting.values()]
        inserted = insert_or_skip(connection, Feedback.__table__, params, "receipt_code")
        for key, row in list(waiting.items()):
            if row["receipt_code"] in inserted:
                stored[key] = Receipt(inserted[row["receipt_code"]], row["receipt_code"], row["status"], new=True)
                del waiting[key]
        elsewhere = saved_receipts(connection, [row["submission_id"] for row in waiting.values()])
        stored.update(
            (key, elsewhere[row["submission_id"]]) for key, row in waiting.items() if row["submission_id"] in elsewhere
        )
        waiting = {key: row for key, row in waiting.items() if row["submission_id"] not in elsewhere}
        for row in waiting.values():
            row["receipt_code"] = new_receipt_code()
    raise RuntimeError("no free receipt code was drawn in five tries")
