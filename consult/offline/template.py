"""The template staff fill in with opinions gathered offline: an XLSX workbook with lists and instructions, or a CSV."""

import io

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from consult.csvfiles import stream_csv
from consult.localities import PROVINCES, locality_choices
from consult.offline.files import ANONYMOUS, CHANNEL_WORDS, COLUMNS, KIND_WORDS, LOCALITY_WORDS, STANCE_WORDS

DATA_SHEET, HELP_SHEET, LISTS_SHEET = "Ý kiến", "Hướng dẫn", "Danh mục"
LAST_ROW = 1_048_575  # the lists and formats cover every row Excel has

COLUMN_HELP = {
    "channel": _l("How the opinion was received: %(values)s."),
    "received_on": _l(
        "The day the opinion was given, as dd/mm/yyyy or an Excel date: not in the future, not "
        "before the consultation opened, not after its last day."
    ),
    "source_ref": _l("Number of the minutes, reference of the letter or of the call."),
    "article": _l("Number of the article the opinion is about; empty for the whole draft."),
    "clause": _l("Number of the clause of that article."),
    "stance": _l("One of: %(values)s."),
    "content": _l("The opinion as it was given."),
    "proposed_wording": _l("The wording proposed instead."),
    "author_name": _l("Name of the person or organisation; “%(anonymous)s” if the person gave no name."),
    "author_kind": _l("One of: %(values)s; empty means %(default)s."),
    "locality": _l(
        "Province or city, as on the sheet “%(sheet)s” (“Ha Noi” or “TP. Hồ Chí Minh” are understood); "
        "empty if not known."
    ),
    "locality_detail": _l("Commune or ward"),
    "contact": _l("Email, phone number or postal address to reply to; never published."),
}

LIST_OF_COLUMN = {"channel": 0, "stance": 1, "author_kind": 2, "locality": 3}  # letters A to D of the lists sheet


def lists():
    """Return (header, values) of the lists sheet's columns: the first accepted word of each code, the provinces."""
    provinces = [name for code, name in locality_choices() if code in PROVINCES]
    return (
        ("Kênh", [words[0] for words in CHANNEL_WORDS.values()]),
        ("Quan điểm", [words[0] for words in STANCE_WORDS.values()]),
        ("Loại chủ thể", [words[0] for words in KIND_WORDS.values()]),
        ("Tỉnh/thành phố", provinces + [LOCALITY_WORDS["abroad"][0], LOCALITY_WORDS["unknown"][0]]),
    )


def column_help(column):
    """Return what to enter in a column, in the interface language."""
    listed = lists()[LIST_OF_COLUMN[column.key]][1] if column.key in LIST_OF_COLUMN else []
    return str(COLUMN_HELP[column.key]) % {
        "values": ", ".join(listed),
        "default": KIND_WORDS["individual"][0],
        "anonymous": ANONYMOUS,
        "sheet": LISTS_SHEET,
    }


def template_csv():
    """Return the CSV template: the header row, written like every CSV of the application (consult.csvfiles)."""
    return "".join(stream_csv([column.header for column in COLUMNS], [])).encode("utf-8")


def template_xlsx():
    """Return the XLSX template: the sheet to fill in, the instructions and the lists of accepted words."""
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    _data_sheet(workbook)
    _help_sheet(workbook)
    _lists_sheet(workbook)
    workbook.close()
    return buffer.getvalue()


def _data_sheet(workbook):
    """The sheet of opinions: a bold header, date and text formats, and drop-down lists where they help."""
    sheet = workbook.add_worksheet(DATA_SHEET)
    header = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DDEBF7", "border": 1})
    formats = {
        "received_on": workbook.add_format({"num_format": "dd/mm/yyyy"}),
        "content": workbook.add_format({"text_wrap": True, "valign": "top"}),
        "proposed_wording": workbook.add_format({"text_wrap": True, "valign": "top"}),
        "source_ref": workbook.add_format({"num_format": "@"}),
        "contact": workbook.add_format({"num_format": "@"}),  # keeps the leading 0 of phone numbers
    }
    for index, column in enumerate(COLUMNS):
        sheet.set_column(index, index, column.width, formats.get(column.key))
        sheet.write(0, index, column.header, header)
        sheet.write_comment(0, index, column_help(column), {"x_scale": 2, "y_scale": 1.5})
        if column.key in LIST_OF_COLUMN:
            letter = "ABCD"[LIST_OF_COLUMN[column.key]]
            count = len(lists()[LIST_OF_COLUMN[column.key]][1])
            # A helping list only: other spellings ("Ha Noi", "dong y") are accepted by the importer.
            sheet.data_validation(
                1,
                index,
                LAST_ROW,
                index,
                {
                    "validate": "list",
                    "source": f"='{LISTS_SHEET}'!${letter}$2:${letter}${count + 1}",
                    "show_error": False,
                },
            )
        elif column.key in ("article", "clause"):
            sheet.data_validation(
                1,
                index,
                LAST_ROW,
                index,
                {
                    "validate": "integer",
                    "criteria": ">=",
                    "value": 1,
                    "error_type": "warning",
                    "error_message": _("Enter a number, e.g. 5."),
                },
            )
    sheet.freeze_panes(1, 0)
    sheet.set_row(0, 32)
    sheet.activate()


def _help_sheet(workbook):
    """The instructions: how the file is read, then one line per column."""
    sheet = workbook.add_worksheet(HELP_SHEET)
    title = workbook.add_format({"bold": True, "font_size": 14})
    bold = workbook.add_format({"bold": True, "border": 1, "bg_color": "#DDEBF7"})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top", "border": 1})
    sheet.set_column(0, 0, 26)
    sheet.set_column(1, 1, 12)
    sheet.set_column(2, 2, 90, workbook.add_format({"text_wrap": True, "valign": "top"}))
    sheet.write(0, 0, _("How to fill in this file"), title)
    paragraphs = [
        _(
            "Enter one opinion per row on the sheet “%(sheet)s”, from row 2. Keep the header row; the columns may be "
            "in any order, and other columns (such as STT) are ignored.",
            sheet=DATA_SHEET,
        ),
        _(
            "Columns marked “%(yes)s” must be filled in on every row. Words are understood with or without diacritics, "
            "in any case.",
            yes=_("Yes"),
        ),
        _(
            "The whole file is checked before anything is saved: if a row has a mistake, every mistake is listed by "
            "row and column and nothing is saved. Rows already imported are recognised and not saved twice."
        ),
        _("The same columns can be saved as a CSV file (UTF-8)."),
    ]
    for row, text in enumerate(paragraphs, start=2):
        sheet.merge_range(row, 0, row, 2, text, workbook.add_format({"text_wrap": True, "valign": "top"}))
        sheet.set_row(row, 32)
    first = len(paragraphs) + 3
    for index, text in enumerate((_("Column"), _("Required"), _("What to enter"))):
        sheet.write(first, index, text, bold)
    for row, column in enumerate(COLUMNS, start=first + 1):
        sheet.write(row, 0, column.header, wrap)
        sheet.write(row, 1, _("Yes") if column.required else "", wrap)
        sheet.write(row, 2, column_help(column), wrap)


def _lists_sheet(workbook):
    """The accepted words, which the drop-down lists of the data sheet point at."""
    sheet = workbook.add_worksheet(LISTS_SHEET)
    bold = workbook.add_format({"bold": True})
    for index, (header, values) in enumerate(lists()):
        sheet.set_column(index, index, 24)
        sheet.write(0, index, header, bold)
        sheet.write_column(1, index, values)
