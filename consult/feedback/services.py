"""Receiving opinions from citizens."""

import hashlib
import secrets
from collections import defaultdict
from datetime import timedelta

from typing import NamedTuple

from sqlalchemy import bindparam, func, insert, select, text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import selectinload

from consult.audit import record
from consult.database import utcnow
from consult.drafts.models import Draft
from consult.extensions import db
from consult.feedback.duplicates import assign_duplicate_group, index_bands, opinion_text
from consult.feedback.grouping import group_new, pending_flag, schedule_grouping, with_grouping
from consult.feedback.models import Feedback, FeedbackStatus
from consult.text import clean_line, clean_text
from consult.feedback.forms import contact_is_email
from consult.text.flags import compute_flags, duplicate_key
from consult.moderation.blocks import blocked_flags

RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"  # no 0/O, 1/I/L or U: easy to read aloud and retype
DEADLOCK = "40P01"  # PostgreSQL's deadlock_detected


class WindowClosed(Exception):
    """The draft is not taking opinions at this moment."""


def new_receipt_code():
    """Return a random receipt code like 7K3M-Q9TX (30^8 combinations; the unique index catches a repeat)."""
    number = secrets.randbelow(len(RECEIPT_ALPHABET) ** 8)  # one draw from the system's random source, not eight
    raw = ""
    for _position in range(8):
        number, digit = divmod(number, len(RECEIPT_ALPHABET))
        raw += RECEIPT_ALPHABET[digit]
    return f"{raw[:4]}-{raw[4:]}"


def normalise_receipt_code(value):
    """Return a typed receipt code in its stored form (upper case, one hyphen)."""
    raw = "".join(ch for ch in (value or "").upper() if ch.isalnum())
    return f"{raw[:4]}-{raw[4:]}" if len(raw) == 8 else raw


class Receipt(NamedTuple):
    """What the author of a stored opinion is given: its id (for staff tools) and its receipt code."""

    id: int
    receipt_code: str
    status: str


def submit_feedback(draft, values, article_id=None, clause_id=None, user=None, now=None, submission_id=None,
                    consent_text="", client_hash=None, status=FeedbackStatus.PENDING):
    """Store an opinion as pending moderation (or `status`) and return its Receipt; refuse when the window is not
    open. The caller commits.

    `draft` is a Draft or a FormDraft snapshot. The form's usual path sends the same row to the process's group
    commit instead (consult.feedback.group_commit), which writes the opinions of many requests at once.
    """
    row = opinion_row(draft, values, article_id=article_id, clause_id=clause_id, user=user, now=now,
                      submission_id=submission_id, consent_text=consent_text, client_hash=client_hash, status=status)
    receipt = insert_opinions(db.session.connection(), [row])[0]
    schedule_grouping(draft.id)
    return receipt


def opinion_row(draft, values, article_id=None, clause_id=None, user=None, now=None, submission_id=None,
                consent_text="", client_hash=None, status=FeedbackStatus.PENDING):
    """Return the feedback row of an opinion sent now (its text cleaned and flagged), or raise WindowClosed.

    Only what the text alone tells is flagged here; insert_opinions adds the flags that need the database.
    """
    if not draft.accepts_feedback(now):
        raise WindowClosed()
    now = now or utcnow()
    row = {
        "draft_id": draft.id,
        "version_id": draft.current_version_id,
        "article_id": article_id,
        "clause_id": clause_id,
        "receipt_code": new_receipt_code(),
        "submission_id": submission_id,
        "stance": values["stance"],
        "content": clean_text(values["content"]),
        "proposed_wording": clean_text(values.get("proposed_wording") or ""),
        "author_name": clean_line(values["author_name"]),
        "author_kind": values["author_kind"],
        "locality": values["locality"],
        "locality_detail": clean_line(values.get("locality_detail") or ""),
        "contact": clean_line(values["contact"]),
        "consent_name": bool(values.get("consent_name")),
        "consent_text": consent_text,
        "consent_at": now,
        "client_hash": client_hash,
        "status": status,
        "notify": bool(values.get("notify")) and contact_is_email(values["contact"]),
        "user_id": getattr(user, "id", None),
        "created_at": now,
        "duplicate_group_id": None,
        "similarity": None,
    }
    row["flags"], row["duplicate_key"] = feedback_flags(row["content"], row["proposed_wording"])
    return row


def insert_opinions(connection, rows):
    """Insert opinion rows from opinion_row in one statement; return their Receipts, in order. The caller commits.

    Each row is flagged first when a block matches its submitter (held, never told: consult.moderation.blocks),
    and "grouping pending": copies and near copies are grouped by a job once this commits, a batch of opinions
    at a time; until then moderators see the flag, and bulk decisions leave the opinion alone. (The group commit
    groups its rows before writing them instead: insert_grouped.)
    """
    blocks = blocked_flags(connection, rows)
    flagged = [dict(row, flags=[*row["flags"], *blocked, pending_flag()]) for row, blocked in zip(rows, blocks)]
    ids = connection.execute(_INSERT_FEEDBACK, flagged).scalars().all()
    return [Receipt(opinion_id, row["receipt_code"], row["status"]) for opinion_id, row in zip(ids, rows)]


def insert_grouped(connection, rows):
    """Insert opinion rows from opinion_row, each grouped already with its earlier copies and near copies, in one
    executemany; return their Receipts, in order. The caller holds the write lock (one_writer) and commits.

    The group commit's way (consult.feedback.group_commit): the rows take their ids first, so their grouping is
    worked out before the INSERT and each opinion is written once, grouped and never "grouping pending", instead
    of inserted, then read, updated and indexed again by a grouping pass. Blocks flag rows as in insert_opinions.
    """
    blocks = blocked_flags(connection, rows)
    flagged = [dict(row, id=opinion_id, flags=[*row["flags"], *blocked])
               for row, blocked, opinion_id in zip(rows, blocks, next_ids(connection, len(rows)))]
    by_draft = defaultdict(list)
    for row in flagged:
        by_draft[row["draft_id"]].append(row)
    representatives = defaultdict(list)
    for draft_id, draft_rows in by_draft.items():
        for row, grouping in zip(draft_rows, group_new(connection, draft_id, draft_rows)):
            row.update(flags=with_grouping(row["flags"], grouping), duplicate_group_id=grouping.duplicate_group_id,
                       similarity=grouping.similarity)
            if grouping.bands:
                representatives[draft_id].append((row["id"], grouping.bands))
    connection.execute(_INSERT_FEEDBACK_MANY, flagged)
    for draft_id, bands in representatives.items():
        index_bands(draft_id, bands)
    return [Receipt(row["id"], row["receipt_code"], row["status"]) for row in flagged]


def next_ids(connection, count):
    """Return the ids the next `count` opinions will have, ascending. On SQLite the caller must hold the write
    lock (one_writer) until they are inserted; PostgreSQL takes them from the column's sequence."""
    if connection.dialect.name == "postgresql":
        return sorted(connection.execute(_NEXT_IDS, {"count": count}).scalars())
    last = connection.execute(_LAST_ID).scalar() or 0
    return list(range(last + 1, last + 1 + count))


_NEXT_IDS = text("SELECT nextval(pg_get_serial_sequence('feedback', 'id')) FROM generate_series(1, :count)")
_LAST_ID = select(func.max(Feedback.id))


# Built once: on the busiest endpoint, building and cache-keying a statement per request costs more than running it.
# The ids come back in the order of the rows, however many are inserted at once.
_INSERT_FEEDBACK = insert(Feedback.__table__).returning(Feedback.__table__.c.id, sort_by_parameter_order=True)
# The group commit's rows carry their ids: the driver's executemany (one prepared statement; PostgreSQL's pipeline).
_INSERT_FEEDBACK_MANY = insert(Feedback.__table__)


def flag_feedback(feedback):
    """Set the automatic flags, duplicate key and duplicate group of a Feedback (staff entry, offline imports)."""
    feedback.flags, feedback.duplicate_key = feedback_flags(feedback.content, feedback.proposed_wording)
    assign_duplicate_group(feedback)


def feedback_flags(content, proposed_wording=""):
    """Return (flags, duplicate key) read from an opinion's text alone: profanity and spam signals.

    Copies of earlier opinions are looked up with the near copies (consult.feedback.duplicates, .grouping).
    """
    text = opinion_text(content, proposed_wording)
    flags = [{"code": flag.code, "detail": flag.detail} for flag in compute_flags(text)]
    return flags, hashlib.sha1(duplicate_key(text).encode("utf-8")).hexdigest()


def approved_feedback_query(draft, article=None, clause=None):
    """Return the select of a draft's public opinions (on one article or clause if given), newest first."""
    query = (
        select(Feedback)
        .where(Feedback.draft_id == draft.id, Feedback.status == FeedbackStatus.APPROVED)
        .options(selectinload(Feedback.clause))  # versions and articles come from the draft already loaded
    )
    if article is not None:
        query = query.where(Feedback.article_id == article.id)
    if clause is not None:
        query = query.where(Feedback.clause_id == clause.id)
    return query.order_by(Feedback.created_at.desc(), Feedback.id.desc())


def approved_counts(draft):
    """Return ({article_id: n}, {clause_id: n}) of approved opinions for one draft, in one query."""
    rows = db.session.execute(
        select(Feedback.article_id, Feedback.clause_id, func.count(Feedback.id))
        .where(Feedback.draft_id == draft.id, Feedback.status == FeedbackStatus.APPROVED)
        .group_by(Feedback.article_id, Feedback.clause_id)
    )
    by_article, by_clause = {}, {}
    for article_id, clause_id, count in rows:
        by_article[article_id] = by_article.get(article_id, 0) + count
        if clause_id is not None:
            by_clause[clause_id] = count
    return by_article, by_clause


def find_by_receipt(code):
    """Return the opinion with this receipt code, or None."""
    return db.session.scalar(select(Feedback).where(Feedback.receipt_code == normalise_receipt_code(code)))


def contact_identity(value):
    """Return one form for a contact: an email lower-cased; a phone as its last 9 digits, so that
    0912 345 678, 0912.345.678 and +84 912 345 678 are the same phone."""
    value = (value or "").strip().lower()
    digits = "".join(ch for ch in value if ch.isdigit())
    return value if "@" in value or len(digits) < 8 else digits[-9:]


def same_contact(stored, typed):
    """Return whether a typed email or phone is the stored one."""
    return bool(stored) and contact_identity(stored) == contact_identity(typed)


def erase_contact(feedback, reason, now=None):
    """Erase an opinion's contact details, keeping the opinion; audited without the erased value."""
    if not feedback.contact:
        return False
    feedback.contact = ""
    feedback.contact_erased_at = now or utcnow()
    db.session.flush()
    record(None, "feedback.contact_erased", feedback, after={"reason": reason})
    return True


def erase_expired_contacts(retention_days, now=None):
    """Erase the contacts of opinions on drafts closed more than `retention_days` ago; return how many."""
    now = now or utcnow()
    limit = now - timedelta(days=retention_days)
    opinions = db.session.scalars(
        select(Feedback).join(Draft, Feedback.draft_id == Draft.id)
        .where(Draft.closes_at < limit, Feedback.contact != "")
    ).all()
    for feedback in opinions:
        erase_contact(feedback, "retention", now)
    return len(opinions)


def find_by_submission(submission_id):
    """Return the opinion saved from this form submission id, or None."""
    if not submission_id:
        return None
    return db.session.scalar(select(Feedback).where(Feedback.submission_id == submission_id))


def saved_receipts(submission_ids):
    """Return {submission id: Receipt} of the opinions saved already from these forms (sent again):
    the batch form of find_by_submission, in one query."""
    wanted = [value for value in submission_ids if value]
    if not wanted:
        return {}
    rows = db.session.connection().execute(_SAVED, {"ids": wanted})
    return {row.submission_id: Receipt(row.id, row.receipt_code, row.status) for row in rows}


def is_conflict(error):
    """Whether a write failed on a unique key, or because PostgreSQL broke a deadlock with another writer: either
    way, the same write may succeed when tried again."""
    if isinstance(error, IntegrityError):
        return True
    return isinstance(error, OperationalError) and getattr(error.orig, "sqlstate", None) == DEADLOCK


def store_once(write, submission_id, redraw=None, attempts=3):
    """Run write(), which stores one opinion and commits, until it succeeds; return the opinion's Receipt.

    A unique key refused means the same form was saved already (a double click, a reload, a resend), and the
    receipt given then is returned; otherwise the random receipt code met an existing one, and redraw() draws
    another before the next try. A deadlock PostgreSQL broke is tried again. The last error is raised when every
    try failed; any other error at once.
    """
    for attempt in range(attempts):
        try:
            return write()
        except (IntegrityError, OperationalError) as error:
            if not is_conflict(error):
                raise
            db.session.rollback()
            if isinstance(error, IntegrityError):
                saved = saved_receipts([submission_id])
                if saved:
                    return saved[submission_id]
            if attempt == attempts - 1:
                raise
            if isinstance(error, IntegrityError) and redraw is not None:
                redraw()


_SAVED = (select(Feedback.submission_id, Feedback.id, Feedback.receipt_code, Feedback.status)
          .where(Feedback.submission_id.in_(bindparam("ids", expanding=True))))
