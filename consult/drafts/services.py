"""Creating, editing, opening and closing drafts."""

import re
import secrets

from sqlalchemy import select

from consult.audit import record
from consult.drafts.models import Draft, DraftStatus
from consult.drafts.signals import draft_changed
from consult.drafts.structure import document_to_text, parse_structure, render_structure
from consult.drafts.versions import add_version, apply_structure
from consult.extensions import db
from consult.text import clean_line, clean_text, fold

DRAFT_FIELDS = (
    "title",
    "summary",
    "doc_type",
    "field",
    "contact",
    "number_symbol",
    "opens_at",
    "closes_at",
    "participation",
)


def slugify(title, max_length=80):
    """Return a URL slug from a Vietnamese title (no diacritics, words joined by hyphens)."""
    words = re.findall(r"[a-z0-9]+", fold(title))
    slug = "-".join(words)[:max_length].strip("-")
    return slug or "du-thao"


def unique_slug(title):
    """Return a slug for `title` not yet used by another draft."""
    base = slugify(title)
    slug = base
    while db.session.scalar(select(Draft.id).where(Draft.slug == slug)) is not None:
        slug = f"{base}-{secrets.token_hex(2)}"
    return slug


def _snapshot(draft):
    """Return the audited fields of a draft as JSON-friendly values."""
    values = {name: getattr(draft, name) for name in DRAFT_FIELDS + ("status",)}
    for name in ("opens_at", "closes_at"):
        values[name] = values[name].isoformat() if values[name] else None
    values["articles"] = len(draft.articles)
    return values


def _clean_values(values):
    """Return the draft fields from validated form data, in NFC."""
    cleaned = {name: values[name] for name in DRAFT_FIELDS if name in values}
    for name in ("title", "field", "contact", "number_symbol"):
        if name in cleaned:
            cleaned[name] = clean_line(cleaned[name])
    if "summary" in cleaned:
        cleaned["summary"] = clean_text(cleaned["summary"])
    return cleaned


def create_draft(actor, agency, values, document):
    """Create an unpublished draft whose version 1 has the structure of a parsed Document (or structure text)."""
    parsed = parse_structure(document) if isinstance(document, str) else document
    draft = Draft(agency=agency, slug=unique_slug(values["title"]), status=DraftStatus.DRAFT, **_clean_values(values))
    db.session.add(draft)
    add_version(actor, draft, parsed)
    db.session.flush()
    record(actor, "draft.create", draft, after=_snapshot(draft))
    return draft


def update_draft(actor, draft, values, document, note=""):
    """Change a draft's details and text.

    An unpublished draft is edited in place; a published one whose text changed gets version n+1,
    so opinions stay on the version they were written on.
    """
    before = _snapshot(draft)
    parsed = parse_structure(document) if isinstance(document, str) else document
    for name, value in _clean_values(values).items():
        setattr(draft, name, value)
    if document_to_text(parsed) != render_structure(draft):
        if draft.status == DraftStatus.DRAFT:
            apply_structure(draft.current_version, parsed)
        else:
            version = add_version(actor, draft, parsed, note)
            db.session.flush()
            record(actor, "draft.version", draft, after={"version": version.number, "note": version.note})
    db.session.flush()
    draft_changed.send(draft)  # details, or the articles of a new version, change what search finds
    record(actor, "draft.update", draft, before=before, after=_snapshot(draft))
    return draft


def publish_draft(actor, draft):
    """Open the draft for comments within its window (and to search)."""
    _set_status(actor, draft, DraftStatus.OPEN, "draft.open")
    draft_changed.send(draft)
    return draft


def close_draft(actor, draft, reason=None):
    """Stop taking comments now, whatever the window says (consult.drafts.closing asks for the reason)."""
    return _set_status(actor, draft, DraftStatus.CLOSED, "draft.close", reason=reason)


def mark_answered(actor, draft):
    """Record that the agency has published its answers to every opinion of a closed consultation."""
    return _set_status(actor, draft, DraftStatus.ANSWERED, "draft.answered")


def _set_status(actor, draft, status, action, reason=None):
    """Change the draft's status and audit it (with the reason given, if any)."""
    before = {"status": draft.status}
    draft.status = status
    draft.recorded_phase = draft.phase()  # this change is audited here, not by `drafts record-transitions`
    db.session.flush()
    after = {"status": status} if reason is None else {"status": status, "reason": reason}
    record(actor, action, draft, before=before, after=after)
    return draft
