"""The synthesis report as PDF (fpdf2), DejaVu Sans embedded so every Vietnamese letter shows everywhere."""

import io
from functools import lru_cache

from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.fonts import FontFace

from consult.reports.charts import font_path
from consult.reports.synthesis import iter_sections, prepare

COLUMN_WIDTHS = (12, 33, 42, 95, 85)  # millimetres: landscape A4 less 15 mm margins; STT first
CHUNK = 200  # rows per fpdf2 table: a table is laid out when its block ends, so memory stays bounded


def write_pdf(draft, out_path, audience, include_contact, progress):
    """Write the synthesis report as PDF: header, facts, summary table and charts, then the table of opinions."""
    synthesis = prepare(draft, audience)
    progress(0, synthesis.total_rows)
    pdf = dejavu_pdf("A4", 15, synthesis.header["title"], orientation="L")
    pdf.add_page()
    _header(pdf, synthesis.header)
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(0, 5, synthesis.note, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.multi_cell(0, 6, synthesis.opening, new_x="LMARGIN", new_y="NEXT")
    narrative = synthesis.narrative
    _heading(pdf, synthesis.words["part1"])
    _paragraphs(pdf, narrative.organisation)
    for line in synthesis.facts:
        pdf.multi_cell(0, 6, "- " + line, new_x="LMARGIN", new_y="NEXT")
    _heading(pdf, synthesis.words["part2"])
    _paragraphs(pdf, narrative.overview)
    with pdf.table(text_align="LEFT", line_height=6) as table:
        for values in [synthesis.stance_head] + synthesis.stance_rows:
            row = table.row()
            for value in values:
                row.cell(str(value))
    for _title, png in synthesis.charts:
        pdf.ln(3)
        pdf.image(io.BytesIO(png), w=200)
    _heading(pdf, synthesis.words["part3"])
    _paragraphs(pdf, narrative.accepted)
    _opinion_table(pdf, draft, synthesis, audience, progress)
    if synthesis.poll:
        _poll(pdf, synthesis.poll)
    _signature(pdf, synthesis.words)
    pdf.output(out_path)
    progress(synthesis.total_rows, synthesis.total_rows)


def dejavu_pdf(page_format, margin, title, orientation="P"):
    """A new PDF with DejaVu Sans (regular and bold) embedded, margins of `margin` mm and a page break before the
    bottom one: the report's, the leaflet's and the paper form's (consult.outreach)."""
    pdf = FPDF(orientation=orientation, format=page_format)
    pdf.set_margins(margin, margin, margin)
    pdf.set_auto_page_break(True, margin)
    pdf.add_font("DejaVu", "", str(font_path()))
    pdf.add_font("DejaVu", "B", str(font_path(bold=True)))
    pdf.set_title(title)
    return pdf


def _paragraphs(pdf, texts):
    """The agency's own paragraphs, as written."""
    for text in texts:
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")


def _header(pdf, head):
    """Agency on the left, nation and motto on the right, place and date, title."""
    top = pdf.get_y()
    pdf.set_font("DejaVu", "B", 11)
    pdf.multi_cell(110, 6, head["agency"], align="C", new_x="RIGHT", new_y="TOP")
    left_bottom = pdf.get_y()
    pdf.set_xy(140, top)
    pdf.multi_cell(140, 6, head["nation"] + "\n" + head["motto"], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(max(pdf.get_y(), left_bottom) + 4)
    pdf.set_font("DejaVu", "", 11)
    pdf.multi_cell(0, 6, head["place_date"], align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("DejaVu", "B", 12)
    pdf.multi_cell(0, 7, head["title"], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)


def _heading(pdf, text):
    """A bold section heading."""
    pdf.ln(3)
    pdf.set_font("DejaVu", "B", 11)
    pdf.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)


def _opinion_table(pdf, draft, synthesis, audience, progress):
    """The four-column table in blocks of CHUNK rows, a full-width heading row per article."""
    columns = synthesis.words["columns"]
    bold = FontFace(emphasis="BOLD")
    pending = [(columns, True, False)]
    empty = True

    def flush(block):
        with pdf.table(
            col_widths=COLUMN_WIDTHS, text_align="LEFT", line_height=5, first_row_as_headings=False
        ) as table:
            for cells, strong, spans in block:
                row = table.row()
                if spans:
                    row.cell(cells[0], colspan=len(columns), style=bold)
                else:
                    for cell in cells:
                        row.cell(cell, style=bold if strong else None)

    for heading, rows in iter_sections(draft, synthesis, audience, progress):
        pending.append(([heading], True, True))
        for cells in rows:
            pending.append((cells, False, False))
            empty = False
            if len(pending) >= CHUNK:
                flush(pending)
                pending = []
    if empty:
        pending.append(([synthesis.words["no_opinions"]], False, True))
    if pending:
        flush(pending)


def _poll(pdf, poll):
    """The quick poll's results: a table per question, then the answers written under "Other"."""
    _heading(pdf, poll.heading)
    pdf.multi_cell(0, 6, poll.intro, new_x="LMARGIN", new_y="NEXT")
    for item in poll.tables:
        pdf.ln(2)
        pdf.set_font("DejaVu", "B", 10)
        pdf.multi_cell(0, 6, item.title, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 10)
        with pdf.table(col_widths=(150, 50, 50), text_align="LEFT", line_height=6) as table:
            for values in [poll.head, *item.rows]:
                row = table.row()
                for value in values:
                    row.cell(str(value))
        if item.other_texts:
            pdf.multi_cell(0, 6, item.other_heading, new_x="LMARGIN", new_y="NEXT")
            for text in item.other_texts:
                pdf.multi_cell(0, 6, "- " + text, new_x="LMARGIN", new_y="NEXT")


def _signature(pdf, words):
    """The signature block on the right."""
    pdf.ln(8)
    pdf.set_font("DejaVu", "B", 11)
    pdf.set_x(150)
    pdf.multi_cell(130, 6, words["signature_title"], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf.set_x(150)
    pdf.multi_cell(130, 6, words["signature_note"], align="C", new_x="LMARGIN", new_y="NEXT")


@lru_cache(maxsize=4)
def font_characters(path):
    """Return the set of characters the font at `path` can draw (its cmap)."""
    return frozenset(chr(code) for code in TTFont(path).getBestCmap())


def missing_glyphs(text, path=None):
    """Return the characters of `text` (other than line breaks) the report font cannot draw."""
    covered = font_characters(str(path or font_path()))
    return sorted({char for char in text if char not in covered and char not in "\n\r"})
