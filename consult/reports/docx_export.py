"""The synthesis report as a Word document in the Vietnamese administrative layout (python-docx)."""

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from lxml.etree import SubElement

from consult.reports.synthesis import iter_sections, prepare

COLUMN_WIDTHS = [Cm(1.2), Cm(3.3), Cm(4.3), Cm(9.2), Cm(7.7)]  # landscape A4 less margins; STT first


def write_docx(draft, out_path, audience, include_contact, progress):
    """Write the synthesis report; table rows are appended as XML, far faster than python-docx's add_row."""
    synthesis = prepare(draft, audience)
    progress(0, synthesis.total_rows)
    document = Document()
    _page_setup(document)
    _header(document, synthesis)
    document.add_paragraph(synthesis.note).runs[0].italic = True
    document.add_paragraph(synthesis.opening)
    narrative = synthesis.narrative
    _heading(document, synthesis.words["part1"])
    _paragraphs(document, narrative.organisation)
    for line in synthesis.facts:
        document.add_paragraph(line, style="List Bullet")
    _heading(document, synthesis.words["part2"])
    _paragraphs(document, narrative.overview)
    _stance_table(document, synthesis)
    for _title, png in synthesis.charts:
        document.add_picture(io.BytesIO(png), width=Cm(24))
    _heading(document, synthesis.words["part3"])
    _paragraphs(document, narrative.accepted)
    _opinion_table(document, draft, synthesis, audience, progress)
    if synthesis.poll:
        _poll(document, synthesis.poll)
    _signature(document, synthesis.words)
    document.save(out_path)
    progress(synthesis.total_rows, synthesis.total_rows)


def _page_setup(document):
    """Landscape A4, Times New Roman 13 as in administrative documents."""
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin = section.bottom_margin = Cm(2)
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")


def _header(document, synthesis):
    """Agency name on the left, nation and motto on the right, then place and date, then the title."""
    head = synthesis.header
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    _centered(left.paragraphs[0], head["agency"], bold=True)
    _centered(right.paragraphs[0], head["nation"], bold=True)
    motto = right.add_paragraph()
    _centered(motto, head["motto"], bold=True).underline = True
    place = document.add_paragraph()
    place.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    place.add_run(head["place_date"]).italic = True
    _centered(document.add_paragraph(), head["title"], bold=True)


def _centered(paragraph, text, bold=False):
    """Put centred text in a paragraph; return its run."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = bold
    return run


def _paragraphs(document, texts):
    """The agency's own paragraphs, as written."""
    for text in texts:
        document.add_paragraph(text)


def _heading(document, text):
    """A bold section heading (I., II., III.)."""
    document.add_paragraph().add_run(text).bold = True


def _stance_table(document, synthesis):
    """Opinions by article and stance."""
    table = document.add_table(rows=1, cols=len(synthesis.stance_head))
    table.style = "Table Grid"
    for cell, title in zip(table.rows[0].cells, synthesis.stance_head, strict=False):
        cell.paragraphs[0].add_run(title).bold = True
    for values in synthesis.stance_rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=False):
            cell.text = str(value)


def _opinion_table(document, draft, synthesis, audience, progress):
    """The table: target | author(s) | content | tiếp thu, giải trình, a heading row per article."""
    columns = synthesis.words["columns"]
    table = document.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for cell, title, width in zip(table.rows[0].cells, columns, COLUMN_WIDTHS, strict=False):
        cell.width = width
        cell.paragraphs[0].add_run(title).bold = True
    header_row = table.rows[0]._tr
    header_row.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeat the header on every page
    tbl = table._tbl
    for width, col in zip(COLUMN_WIDTHS, tbl.tblGrid.findall(qn("w:gridCol")), strict=False):
        col.set(qn("w:w"), str(int(width.twips)))
    empty = True
    for heading, rows in iter_sections(draft, synthesis, audience, progress):
        tbl.append(_row([heading], bold=True, span=len(columns)))
        for cells in rows:
            tbl.append(_row(cells))
            empty = False
    if empty:
        tbl.append(_row([synthesis.words["no_opinions"]], span=len(columns)))


def _poll(document, poll):
    """The quick poll's results: a table per question, then the answers written under "Other"."""
    _heading(document, poll.heading)
    document.add_paragraph(poll.intro)
    for item in poll.tables:
        document.add_paragraph().add_run(item.title).bold = True
        table = document.add_table(rows=1, cols=len(poll.head))
        table.style = "Table Grid"
        for cell, title in zip(table.rows[0].cells, poll.head, strict=True):
            cell.paragraphs[0].add_run(title).bold = True
        for values in item.rows:
            for cell, value in zip(table.add_row().cells, values, strict=True):
                cell.text = str(value)
        if item.other_texts:
            document.add_paragraph(item.other_heading)
            for text in item.other_texts:
                document.add_paragraph(text, style="List Bullet")


def _row(cells, bold=False, span=None):
    """Return a <w:tr> of plain-text cells, one paragraph per line; `span` merges one cell across the columns."""
    tr = OxmlElement("w:tr")
    for text in cells:
        tc = SubElement(tr, qn("w:tc"))
        if span:
            SubElement(SubElement(tc, qn("w:tcPr")), qn("w:gridSpan")).set(qn("w:val"), str(span))
        for line in text.split("\n"):
            paragraph = SubElement(tc, qn("w:p"))
            run = SubElement(paragraph, qn("w:r"))
            if bold:
                SubElement(SubElement(run, qn("w:rPr")), qn("w:b"))
            node = SubElement(run, qn("w:t"))
            node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            node.text = line
    return tr


def _signature(document, words):
    """The signature block on the right."""
    block = document.add_table(rows=1, cols=2)
    cell = block.rows[0].cells[1]
    _centered(cell.paragraphs[0], words["signature_title"], bold=True)
    _centered(cell.add_paragraph(), words["signature_note"]).italic = True
