"""Building filled-in offline-opinion files for tests: from the real template (XLSX) or as CSV in any encoding."""

import csv
import io
import unicodedata
from datetime import timedelta

import openpyxl

from consult.database import utcnow
from consult.i18n import LOCAL_TZ
from consult.offline.files import COLUMNS_BY_KEY
from consult.offline.template import template_xlsx


def today():
    """Return today's date in Viet Nam."""
    return utcnow().astimezone(LOCAL_TZ).date()


def row(**changes):
    """Return a valid row as {column key: cell}; a change of None empties the cell."""
    values = {
        "channel": "Hội nghị, hội thảo",
        "received_on": today().strftime("%d/%m/%Y"),
        "source_ref": "BB-12/2026",
        "article": "2",
        "clause": "1",
        "stance": "Không đồng ý",
        "content": "Đề nghị bổ sung hộ kinh doanh vào đối tượng áp dụng.",
        "proposed_wording": "",
        "author_name": "Hội Doanh nghiệp phường Cửa Nam",
        "author_kind": "Tổ chức",
        "locality": "Hà Nội",
        "locality_detail": "Phường Cửa Nam",
        "contact": "0912 345 678",
    }
    values.update(changes)
    return {key: value for key, value in values.items() if value is not None}


def fill_xlsx(rows, template=None):
    """Return the bytes of the XLSX template with `rows` written under its header, as a person fills it in."""
    workbook = openpyxl.load_workbook(io.BytesIO(template or template_xlsx()))
    sheet = workbook["Ý kiến"]
    headers = [cell.value for cell in sheet[1]]
    for number, values in enumerate(rows, start=2):
        for key, value in values.items():
            sheet.cell(row=number, column=headers.index(COLUMNS_BY_KEY[key].header) + 1, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_text(rows, delimiter=","):
    """Return a CSV text with the template's header and `rows`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    keys = list(COLUMNS_BY_KEY)
    writer.writerow([COLUMNS_BY_KEY[key].header for key in keys])
    for values in rows:
        writer.writerow([values.get(key, "") for key in keys])
    return buffer.getvalue()


def cp1258(text):
    """Encode Vietnamese text the way Windows-1258 stores it: letters with ^, ( or horn precomposed, tones combining."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(mark for mark in parts if mark not in tones))
            out += base.encode("cp1258") + "".join(mark for mark in parts if mark in tones).encode("cp1258")
    return bytes(out)


def days_ago(days):
    """Return the date `days` before today in Viet Nam, as dd/mm/yyyy."""
    return (today() - timedelta(days=days)).strftime("%d/%m/%Y")
