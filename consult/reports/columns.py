"""The columns of the opinion sheets, each defined once: the report's sheet (XLSX and CSV, one set per audience) and
the agency's download of its opinions (CSV) pick theirs, in their own order."""

from flask_babel import gettext as _

from consult.reports.data import author_label
from consult.reports.labels import Labels
from consult.reports.models import Audience

# The report's sheet: what everybody may read, the agency's columns in the middle and at the end.
PUBLIC_SHEET = (
    "receipt_code",
    "received",
    "channel",
    "given_on",
    "source_ref",
    "target",
    "stance",
    "author_kind",
    "author",
    "locality",
    "content",
    "proposed_wording",
    "same_as",
    "similarity",
    "answer",
    "explanation",
)
AGENCY_SHEET = (
    PUBLIC_SHEET[:12] + ("locality_detail", "status", "consent_name") + PUBLIC_SHEET[12:] + ("answer_published",)
)
# The agency's download: the opinion and its moderation (rows read `with_reason`), no groups nor answers.
DOWNLOAD = (
    "receipt_code",
    "received",
    "channel",
    "given_on",
    "source_ref",
    "status",
    "target",
    "stance",
    "content",
    "proposed_wording",
    "author",
    "author_kind",
    "locality",
    "locality_detail",
    "consent_name",
    "rejection_reason",
)


def columns(audience, include_contact):
    """Return [(title, width, cell function(row))] of the report's opinion sheet for an audience.

    A row is one of data.iter_sheet_rows: the opinion's columns, its article and clause numbers, its group's
    representative code, and its answer's kind, explanation and publication (None when the audience may not read it).
    """
    if audience == Audience.AGENCY:
        return _pick(audience, AGENCY_SHEET + (("contact",) if include_contact else ()))
    return _pick(audience, PUBLIC_SHEET)  # a public sheet never has contacts


def download_columns(include_contact):
    """Return the columns of the agency's download of every opinion (rows of iter_sheet_rows with_reason)."""
    return _pick(Audience.AGENCY, DOWNLOAD + (("contact",) if include_contact else ()))


def titles(cols):
    """Return the titles of `columns`, the header row."""
    return [title for title, _width, _cell in cols]


def cell_functions(cols):
    """Return the cell functions of `columns`, to call on each row: [cell(row) for cell in functions]."""
    return [cell for _title, _width, cell in cols]


def _pick(audience, names):
    """Return the columns `names` as the audience reads them, in that order."""
    label = Labels()
    every = {
        "receipt_code": (_("Receipt code"), 14, lambda r: r.receipt_code),
        "received": (_("Received (dd/mm/yyyy)"), 17, lambda r: label.datetime(r.created_at)),
        "channel": (_("Channel"), 18, lambda r: label("channel", r.channel)),
        "given_on": (
            _("Given offline on (dd/mm/yyyy)"),
            14,
            lambda r: r.received_on.strftime("%d/%m/%Y") if r.received_on else "",
        ),
        "source_ref": (_("Source reference"), 16, lambda r: r.source_ref),
        "target": (_("Article"), 18, lambda r: label.numbered_target(r.article_number, r.clause_number)),
        "stance": (_("Stance"), 12, lambda r: label("stance", r.stance)),
        "author_kind": (_("Author kind"), 12, lambda r: label("kind", r.author_kind)),
        "author": (_("Author"), 24, lambda r: author_label(r, audience, label.withheld)),
        "locality": (_("Locality"), 18, lambda r: label.locality(r.locality)),
        "content": (_("Opinion"), 60, lambda r: r.content),
        "proposed_wording": (_("Proposed wording"), 40, lambda r: r.proposed_wording),
        "locality_detail": (_("Commune / ward"), 18, lambda r: r.locality_detail),
        "status": (_("Status"), 14, lambda r: label("status", r.status)),
        "consent_name": (_("Name may be published"), 10, lambda r: label.yes if r.consent_name else label.no),
        "rejection_reason": (
            _("Reason not published"),
            24,
            lambda r: label("reason", r.reason_code) if r.reason_code else "",
        ),
        "same_as": (_("Same content as"), 14, lambda r: r.representative_code or ""),
        "similarity": (
            _("Similarity (%)"),
            10,
            lambda r: round(r.similarity * 100) if r.similarity is not None else "",
        ),
        "answer": (_("Answer"), 16, lambda r: label("answer", r.answer_kind) if r.answer_kind else ""),
        "explanation": (_("Acceptance or explanation"), 60, lambda r: r.answer_explanation if r.answer_kind else ""),
        "answer_published": (
            _("Answer published"),
            10,
            lambda r: (label.yes if r.answer_published_at else label.no) if r.answer_kind else "",
        ),
        "contact": (_("Contact (email or phone)"), 24, lambda r: r.contact),
    }
    return [every[name] for name in names]
