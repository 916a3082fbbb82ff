"""What a contact given with an opinion looks like: an email address or a phone number, and when two are the same."""

import re

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE_RE = re.compile(r"^\+?[0-9][0-9 .\-]{7,18}[0-9]$")


def contact_is_valid(value):
    """Accept an email address or a phone number (Vietnamese or international)."""
    value = (value or "").strip()
    return bool(EMAIL_RE.match(value) or PHONE_RE.match(value))


def contact_is_email(value):
    """Return whether a contact is an email address (not a phone number)."""
    return bool(EMAIL_RE.match((value or "").strip()))


def contact_identity(value):
    """Return one form for a contact: an email lower-cased; a phone as its last 9 digits, so that
    0912 345 678, 0912.345.678 and +84 912 345 678 are the same phone."""
    value = (value or "").strip().lower()
    digits = "".join(ch for ch in value if ch.isdigit())
    return value if "@" in value or len(digits) < 8 else digits[-9:]


def same_contact(stored, typed):
    """Return whether a typed email or phone is the stored one."""
    return bool(stored) and contact_identity(stored) == contact_identity(typed)
