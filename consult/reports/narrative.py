"""The parts of the synthesis report the drafting agency writes itself (consult.reports.models.ReportText): saved
with the draft, audited, and laid out by the DOCX and PDF files."""

from dataclasses import dataclass

from consult.audit import record
from consult.database import utcnow
from consult.extensions import db
from consult.reports.models import ReportText
from consult.text.normalize import clean_text

FIELDS = ("place", "signed_on", "organisation", "overview", "accepted")
TEXTS = ("organisation", "overview", "accepted")
EMPTY = {"place": "", "signed_on": None, "organisation": "", "overview": "", "accepted": ""}


@dataclass(frozen=True)
class Narrative:
    """What a report file shows of the agency's own text: place and day (None: the defaults) and paragraphs."""

    place: str = ""
    signed_on: object = None
    organisation: tuple = ()
    overview: tuple = ()
    accepted: tuple = ()


def report_text_of(draft):
    """Return the draft's ReportText, or None when the agency wrote nothing yet."""
    return db.session.get(ReportText, draft.id)


def save_report_text(actor, draft, values):
    """Store what the agency wrote (`values`: FIELDS); texts in NFC. Return whether anything changed (audited)."""
    cleaned = {name: clean_text(values.get(name) or "") for name in FIELDS if name != "signed_on"}
    cleaned["signed_on"] = values.get("signed_on")
    row = report_text_of(draft)
    before = {name: getattr(row, name) for name in FIELDS} if row is not None else dict(EMPTY)
    if before == cleaned:
        return False
    if row is None:
        row = ReportText(draft_id=draft.id)
        db.session.add(row)
    for name, value in cleaned.items():
        setattr(row, name, value)
    row.updated_by_id, row.updated_at = actor.id, utcnow()
    db.session.flush()
    record(actor, "report.text_saved", draft, before=_audited(before), after=_audited(cleaned))
    return True


def _audited(values):
    """The values as the audit log keeps them (a day as text)."""
    return {name: (value.isoformat() if hasattr(value, "isoformat") else value) for name, value in values.items()}


def narrative_of(draft):
    """Return the draft's Narrative (empty when the agency wrote nothing)."""
    row = report_text_of(draft)
    if row is None:
        return Narrative()
    return Narrative(
        place=row.place,
        signed_on=row.signed_on,
        **{name: paragraphs(getattr(row, name)) for name in TEXTS},
    )


def paragraphs(text):
    """Return the paragraphs of a text: lines, blank ones dropped."""
    return tuple(line.strip() for line in (text or "").split("\n") if line.strip())
