"""A draft's leaflet (tờ rơi) as a one-page PDF, A4 or A5, to print and hand out at a meeting, a ward office or a
market: the agency, the title, the consultation window, the key points in plain words (or the summary), a QR code
and a short address leading to the draft's page, and where to send an opinion on paper.

Built with fpdf2 and DejaVu Sans (every Vietnamese letter), as the reports are; the QR code by segno.
"""

import io
import re

import segno
from flask_babel import gettext as _

from consult.i18n import format_date
from consult.reports.pdf_export import dejavu_pdf

SIZES = {"a4": ((210, 297), 1.0), "a5": ((148, 210), 0.72)}  # page (mm), scale of type and spacing
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_EMPHASIS = re.compile(r"\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)")
_BULLET = re.compile(r"^[-*+]\s+")


def leaflet_pdf(draft, page_url, short_url, size="a4"):
    """Return the leaflet of `draft` as PDF bytes; its QR code leads to `page_url`, `short_url` is printed to type."""
    page_format, scale = SIZES[size]
    margin = 15 * scale
    pdf = dejavu_pdf(page_format, margin, draft.title)
    pdf.add_page()
    width = pdf.epw

    def paragraph(text, points, bold=False, gap=2):
        pdf.set_font("DejaVu", "B" if bold else "", points * scale)
        pdf.multi_cell(width, points * scale * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap * scale)

    paragraph(draft.agency.name.upper(), 11, bold=True)
    paragraph(_("PUBLIC CONSULTATION ON A DRAFT"), 13, bold=True, gap=1)
    paragraph(draft.title, 16, bold=True, gap=3)
    window = _(
        "Opinions are taken from %(start)s to %(end)s.",
        start=format_date(draft.opens_at),
        end=format_date(draft.last_day_at),
    )
    paragraph(window, 12, bold=True, gap=4)
    points = plain_key_points(draft.key_points) or draft.summary
    if points:
        paragraph(_("Key points"), 13, bold=True, gap=1)
        paragraph(points, 11, gap=4)

    qr_size = 45 * scale
    top = pdf.get_y()
    if top + qr_size > pdf.h - margin:
        pdf.add_page()
        top = pdf.get_y()
    pdf.image(qr_png(page_url, border=2), x=margin, y=top, w=qr_size, h=qr_size)
    pdf.set_xy(margin + qr_size + 5 * scale, top)
    text_width = width - qr_size - 5 * scale
    pdf.set_font("DejaVu", "B", 12 * scale)
    pdf.multi_cell(text_width, 6 * scale, _("Read the draft and give your opinion:"), new_x="LEFT", new_y="NEXT")
    pdf.set_font("DejaVu", "", 11 * scale)
    pdf.multi_cell(text_width, 6 * scale, _("scan this code with a phone, or type"), new_x="LEFT", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 13 * scale)
    pdf.multi_cell(text_width, 7 * scale, short_url, new_x="LEFT", new_y="NEXT")
    pdf.set_y(max(pdf.get_y(), top + qr_size) + 4 * scale)
    where = draft.contact or draft.agency.name
    paragraph(_("On paper: write your opinion and send or bring it to %(where)s.", where=where), 11)
    return bytes(pdf.output())


def qr_png(data, border):
    """A QR code of `data` as a PNG file in memory, `border` modules of white around it. Never a Micro QR code,
    which zbar and most phones do not read."""
    png = io.BytesIO()
    segno.make(data, error="m", micro=False).save(png, kind="png", scale=10, border=border)
    png.seek(0)
    return png


def plain_key_points(text):
    """Key points as written (a few Markdown marks) made plain text for print: bullets, no marks, links' addresses
    after their words."""
    lines = []
    for line in (text or "").split("\n"):
        line = _LINK.sub(r"\1 (\2)", line)
        line = _BULLET.sub("• ", line)
        lines.append(_EMPHASIS.sub("", line))
    return "\n".join(lines).strip()
