"""The paper opinion form (phiếu góp ý) of a draft, or of one of its articles: a one-page PDF to print, fill in by
hand and send back, carrying a form code (printed, and as a QR code) that staff type or scan into the offline entry,
which then knows the draft and the article and that the opinion came in writing.

A form code reads PG<draft id>-<article number, 0 for the whole draft>-<two check characters>, e.g. PG12-5-K7: the
check characters catch a mistyped digit.
"""

import re
import zlib

from flask_babel import gettext as _

from consult.feedback.models import STANCES
from consult.i18n import format_date
from consult.outreach.leaflet import SIZES, qr_png
from consult.reports.pdf_export import dejavu_pdf

_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off paper
_CODE = re.compile(r"^PG(\d{1,9})-(\d{1,4})-([A-Z0-9]{2})$")
BOX = "☐"  # U+2610, in DejaVu Sans


def form_code(draft_id, article_number=None):
    """The code of the paper form of a draft (or of one of its articles)."""
    body = f"PG{draft_id}-{article_number or 0}"
    return f"{body}-{_check(body)}"


def read_form_code(text):
    """Return (draft id, article number or None) of a form code as typed or scanned (any case, spaces ignored), or
    None if it is not one."""
    code = re.sub(r"\s+", "", text or "").upper()
    match = _CODE.match(code)
    if match is None or _check(f"PG{match[1]}-{match[2]}") != match[3]:
        return None
    return int(match[1]), int(match[2]) or None


def _check(body):
    value = zlib.crc32(body.encode("ascii"))
    return _ALPHABET[value % 32] + _ALPHABET[(value // 32) % 32]


def paper_form_pdf(draft, code, article=None):
    """Return the paper form of `draft` (about `article` if given) as PDF bytes, A4."""
    page_format, _scale = SIZES["a4"]
    pdf = dejavu_pdf(page_format, 15, _("Opinion form") + " · " + draft.title)
    pdf.add_page()
    width = pdf.epw

    pdf.image(qr_png(code, border=4), x=pdf.w - 15 - 32, y=12, w=32, h=32)
    pdf.set_font("DejaVu", "B", 14)
    pdf.multi_cell(width - 35, 7, _("OPINION FORM ON A DRAFT"), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(width - 35, 5, draft.agency.name, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 11)
    pdf.multi_cell(width - 35, 6, draft.title, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(width - 35, 5, _("Form code: %(code)s", code=code), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(max(pdf.get_y(), 47))

    def label(text):
        pdf.set_font("DejaVu", "B", 10)
        pdf.multi_cell(width, 6, text, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 10)

    def lines(count):
        for _line in range(count):
            pdf.ln(7)
            pdf.line(15, pdf.get_y(), 15 + width, pdf.get_y())
        pdf.ln(3)

    if article is not None:
        label(_("About: Article %(number)d", number=article.number) + (f". {article.title}" if article.title else ""))
    else:
        label(_("About (article and clause, or the whole draft):"))
        lines(1)
    label(_("Your view:") + "   " + "   ".join(f"{BOX} {name}" for name in map(str, STANCES.values())))
    label(_("Your opinion:"))
    lines(9)
    label(_("Wording you propose (optional):"))
    lines(4)
    label(_("Full name or organisation name:"))
    lines(1)
    label(_("Commune or ward, province or city:"))
    lines(1)
    label(_("Phone, email or address for a reply (never published):"))
    lines(1)
    pdf.multi_cell(
        width,
        6,
        f"{BOX} " + _("I agree that my name is published with my opinion."),
        align="L",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(2)
    where = draft.contact or draft.agency.name
    send = _("Send or bring this form to %(where)s by %(date)s.", where=where, date=format_date(draft.last_day_at))
    pdf.set_font("DejaVu", "B", 10)
    pdf.multi_cell(width, 5, send, align="L", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
