"""The columns of the opinion sheets (XLSX, CSV): one definition per audience, shared by both formats."""

from flask_babel import gettext as _

from consult.reports.data import author_label, visible_answer
from consult.reports.labels import Labels
from consult.reports.models import Audience


def columns(audience, include_contact):
    """Return [(title, width, cell function(feedback, answer))] of the opinion sheet for an audience."""
    agency = audience == Audience.AGENCY
    label = Labels()
    cols = [
        (_("Receipt code"), 14, lambda f, a: f.receipt_code),
        (_("Received (dd/mm/yyyy)"), 17, lambda f, a: label.datetime(f.created_at)),
        (_("Channel"), 18, lambda f, a: label("channel", f.channel)),
        (_("Given offline on (dd/mm/yyyy)"), 14, lambda f, a: f.received_on.strftime("%d/%m/%Y") if f.received_on else ""),
        (_("Source reference"), 16, lambda f, a: f.source_ref),
        (_("Article"), 18, lambda f, a: label.target(f.article, f.clause)),
        (_("Stance"), 12, lambda f, a: label("stance", f.stance)),
        (_("Author kind"), 12, lambda f, a: label("kind", f.author_kind)),
        (_("Author"), 24, lambda f, a: author_label(f, audience, label.withheld)),
        (_("Locality"), 18, lambda f, a: label.locality(f.locality)),
        (_("Opinion"), 60, lambda f, a: f.content),
        (_("Proposed wording"), 40, lambda f, a: f.proposed_wording),
    ]
    if agency:
        cols += [
            (_("Commune / ward"), 18, lambda f, a: f.locality_detail),
            (_("Status"), 14, lambda f, a: label("status", f.status)),
            (_("Name may be published"), 10, lambda f, a: label.yes if f.consent_name else label.no),
        ]
    cols += [
        (_("Same content as"), 14, lambda f, a: getattr(f, "representative_code", "")),
        (_("Similarity (%)"), 10, lambda f, a: round(f.similarity * 100) if f.similarity is not None else ""),
        (_("Answer"), 16, lambda f, a: label("answer", a.kind) if a else ""),
        (_("Acceptance or explanation"), 60, lambda f, a: a.explanation if a else ""),
    ]
    if agency:
        cols.append((_("Answer published"), 10, lambda f, a: (label.yes if a.published_at else label.no) if a else ""))
        if include_contact:
            cols.append((_("Contact (email or phone)"), 24, lambda f, a: f.contact))
    return cols


def row_cells(cols, feedback, audience, draft):
    """Return one opinion's cells."""
    answer = visible_answer(feedback, audience, draft)
    return [cell(feedback, answer) for _title, _width, cell in cols]
