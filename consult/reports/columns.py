"""The columns of the opinion sheets (XLSX, CSV): one definition per audience, shared by both formats."""

from flask_babel import gettext as _

from consult.reports.data import author_label
from consult.reports.labels import Labels
from consult.reports.models import Audience


def columns(audience, include_contact):
    """Return [(title, width, cell function(row))] of the opinion sheet for an audience.

    A row is one of data.iter_sheet_rows: the opinion's columns, its article and clause numbers, its group's
    representative code, and its answer's kind, explanation and publication (None when the audience may not read it).
    """
    agency = audience == Audience.AGENCY
    label = Labels()
    cols = [
        (_("Receipt code"), 14, lambda r: r.receipt_code),
        (_("Received (dd/mm/yyyy)"), 17, lambda r: label.datetime(r.created_at)),
        (_("Channel"), 18, lambda r: label("channel", r.channel)),
        (_("Given offline on (dd/mm/yyyy)"), 14, lambda r: r.received_on.strftime("%d/%m/%Y") if r.received_on else ""),
        (_("Source reference"), 16, lambda r: r.source_ref),
        (_("Article"), 18, lambda r: label.numbered_target(r.article_number, r.clause_number)),
        (_("Stance"), 12, lambda r: label("stance", r.stance)),
        (_("Author kind"), 12, lambda r: label("kind", r.author_kind)),
        (_("Author"), 24, lambda r: author_label(r, audience, label.withheld)),
        (_("Locality"), 18, lambda r: label.locality(r.locality)),
        (_("Opinion"), 60, lambda r: r.content),
        (_("Proposed wording"), 40, lambda r: r.proposed_wording),
    ]
    if agency:
        cols += [
            (_("Commune / ward"), 18, lambda r: r.locality_detail),
            (_("Status"), 14, lambda r: label("status", r.status)),
            (_("Name may be published"), 10, lambda r: label.yes if r.consent_name else label.no),
        ]
    cols += [
        (_("Same content as"), 14, lambda r: r.representative_code or ""),
        (_("Similarity (%)"), 10, lambda r: round(r.similarity * 100) if r.similarity is not None else ""),
        (_("Answer"), 16, lambda r: label("answer", r.answer_kind) if r.answer_kind else ""),
        (_("Acceptance or explanation"), 60, lambda r: r.answer_explanation if r.answer_kind else ""),
    ]
    if agency:
        cols.append((_("Answer published"), 10,
                     lambda r: (label.yes if r.answer_published_at else label.no) if r.answer_kind else ""))
        if include_contact:
            cols.append((_("Contact (email or phone)"), 24, lambda r: r.contact))
    return cols


def cell_functions(cols):
    """Return the cell functions of `columns`, to call on each row: [cell(row) for cell in functions]."""
    return [cell for _title, _width, cell in cols]
