"""The opinions as an Excel workbook: summary sheets, then one row per opinion, memory flat in the number of rows."""

import xlsxwriter
from flask_babel import gettext as _

from consult.feedback.models import AUTHOR_KINDS, CHANNELS, STANCES
from consult.i18n import label
from consult.reports.columns import cell_functions, columns
from consult.reports.data import figures, iter_sheet_rows
from consult.reports.poll_section import poll_section
from consult.reports.summary import count_opinions, seen_statuses
from consult.reports.text import article_heading, wording


def write_xlsx(draft, out_path, audience, include_contact, progress):
    """Write the workbook; constant_memory flushes each opinion row to disk as soon as the next one starts."""
    numbers = figures(draft, audience)
    statuses = seen_statuses(audience)
    total = count_opinions(draft, statuses)
    progress(0, total)
    workbook = xlsxwriter.Workbook(
        out_path,
        {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
    )
    bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#E8EEF4"})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    # Tabs appear in the order they are added; each sheet is then written top to bottom (constant_memory).
    by_article = workbook.add_worksheet(_("By article")[:31])
    by_kind = workbook.add_worksheet(_("By author kind")[:31])
    by_locality = workbook.add_worksheet(_("By locality")[:31])
    by_channel = workbook.add_worksheet(_("By channel")[:31])
    by_day = workbook.add_worksheet(_("By day")[:31])
    poll = poll_section(draft, audience, wording())
    poll_sheet = workbook.add_worksheet(_("Quick poll")[:31]) if poll else None
    opinions = workbook.add_worksheet(_("List of opinions")[:31])

    cols = columns(audience, include_contact)
    for index, (title, width, _cell) in enumerate(cols):
        opinions.set_column(index, index, width, wrap if width >= 40 else None)
        opinions.write_string(0, index, title, bold)
    opinions.freeze_panes(1, 1)
    row, cells = 0, list(enumerate(cell_functions(cols)))
    write_string, write_number = opinions.write_string, opinions.write_number
    for row, item in enumerate(iter_sheet_rows(draft, statuses, audience), start=1):
        for index, cell in cells:
            value = cell(item)
            if value.__class__ is str:  # nearly every cell: skip the checks below
                if value:
                    write_string(row, index, value)
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                write_number(row, index, value)
            elif value:
                write_string(row, index, str(value))
        if row % 1000 == 0:
            progress(row, total)
    opinions.autofilter(0, 0, max(row, 1), len(cols) - 1)

    stances = list(STANCES)
    _table(
        by_article,
        bold,
        [_("Article")] + [label(STANCES, code) for code in stances] + [_("Total")],
        [
            [article_heading(item)] + [item["counts"].get(code, 0) for code in stances] + [item["total"]]
            for item in numbers["articles"]
        ]
        + [[_("Total")] + [numbers["stance_totals"].get(code, 0) for code in stances] + [numbers["counted"]]],
    )
    _table(
        by_kind,
        bold,
        [_("Author kind"), _("Opinions")],
        [[label(AUTHOR_KINDS, code), count] for code, count in numbers["by_kind"]],
    )
    _table(by_locality, bold, [_("Locality"), _("Opinions")], [list(item) for item in numbers["by_locality"]])
    _table(
        by_channel,
        bold,
        [_("Channel"), _("Opinions")],
        [[label(CHANNELS, code), count] for code, count in numbers["by_channel"]],
    )
    _table(
        by_day,
        bold,
        [_("Day (dd/mm/yyyy)"), _("Opinions")],
        [[day.strftime("%d/%m/%Y"), count] for day, count in numbers["by_day"] if count],
    )
    if poll:
        _poll_sheet(poll_sheet, bold, wrap, workbook.add_format({"num_format": "0.0%"}), poll)
    workbook.close()
    progress(total, total)


def _table(sheet, bold, header, rows):
    """Write a small summary table: a header row, then rows of a label and numbers."""
    sheet.set_column(0, 0, 40)
    sheet.set_column(1, len(header) - 1, 14)
    for index, title in enumerate(header):
        sheet.write_string(0, index, title, bold)
    for number, cells in enumerate(rows, start=1):
        for index, value in enumerate(cells):
            if isinstance(value, (int, float)):
                sheet.write_number(number, index, value)
            else:
                sheet.write_string(number, index, str(value))


def _poll_sheet(sheet, bold, wrap, share_format, poll):
    """The quick poll's results: per question its title, a table of options, then the answers written under
    "Other" (the agency's workbook only), one below the other."""
    sheet.set_column(0, 0, 60, wrap)
    sheet.set_column(1, 2, 16)
    sheet.write_string(0, 0, poll.intro)
    row = 2
    for item in poll.tables:
        sheet.write_string(row, 0, item.title, bold)
        row += 1
        for index, title in enumerate(poll.head):
            sheet.write_string(row, index, title, bold)
        for (option, count, _share), percent in zip(item.rows, item.percents, strict=True):
            row += 1
            sheet.write_string(row, 0, option)
            sheet.write_number(row, 1, count)
            sheet.write_number(row, 2, percent / 100, share_format)
        if item.other_texts:
            row += 1
            sheet.write_string(row, 0, item.other_heading, bold)
            for text in item.other_texts:
                row += 1
                sheet.write_string(row, 0, text)
        row += 2
