"""Receipt codes: what the author of an opinion is given to follow it, and looking an opinion up by one."""

import secrets
from typing import NamedTuple

from sqlalchemy import select

from consult.database import one_of
from consult.extensions import db
from consult.feedback.models import Feedback

RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"  # no 0/O, 1/I/L or U: easy to read aloud and retype


class Receipt(NamedTuple):
    """What the author of a stored opinion is given: its id (for staff tools) and its receipt code; `new` is False
    for the opinion stored earlier from the same form (sent again)."""

    id: int
    receipt_code: str
    status: str
    new: bool = False


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


def find_by_receipt(code):
    """Return the opinion with this receipt code, or None."""
    return db.session.scalar(select(Feedback).where(Feedback.receipt_code == normalise_receipt_code(code)))


def saved_receipts(connection, submission_ids):
    """Return {submission id: Receipt} of the opinions stored already from these forms (a form sent again)."""
    wanted = sorted({value for value in submission_ids if value})
    if not wanted:
        return {}
    rows = connection.execute(_SAVED, {"ids": wanted})
    return {row.submission_id: Receipt(row.id, row.receipt_code, row.status) for row in rows}


_SAVED = select(Feedback.submission_id, Feedback.id, Feedback.receipt_code, Feedback.status).where(
    one_of(Feedback.submission_id, "ids")
)
