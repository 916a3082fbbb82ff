"""The offline-opinions file: its columns and words, and reading an XLSX or CSV file into rows.

The header row and the words in the cells are Vietnamese whatever the interface language, like the province
names: the file is a working document of Vietnamese agencies. Headers and words are matched after folding
(no diacritics, any case, punctuation ignored), so "Ngay nhan" and "ĐỒNG Ý" are understood.
"""

import csv
import functools
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l

from consult.drafts.importing.errors import FileLimitExceeded
from consult.drafts.importing.limits import check_archive
from consult.drafts.importing.readers import decode_text
from consult.localities import PROVINCES
from consult.text import fold

MAX_ROWS = 100_000  # opinions in one file: larger files are split (checking and storing them take minutes)


@dataclass(frozen=True)
class Column:
    """One column of the file: the key of the value, its name in messages, its header in the template."""

    key: str
    name: str
    header: str
    required: bool = False  # the column must be in the file (its cells are then required too)
    aliases: tuple = ()
    width: int = 16


COLUMNS = (
    Column("channel", "Kênh", "Kênh", True, ("kenh tiep nhan",), 22),
    Column("received_on", "Ngày nhận", "Ngày nhận (dd/mm/yyyy)", True, ("ngay", "ngay tiep nhan"), 14),
    Column("source_ref", "Số/ký hiệu nguồn", "Số/ký hiệu nguồn", False, ("ma nguon", "so ky hieu", "nguon"), 20),
    Column("article", "Điều", "Điều", False, ("dieu so",), 7),
    Column("clause", "Khoản", "Khoản", False, ("khoan so",), 7),
    Column("stance", "Quan điểm", "Quan điểm", True, (), 16),
    Column("content", "Nội dung góp ý", "Nội dung góp ý", True, ("noi dung", "y kien", "y kien gop y"), 60),
    Column("proposed_wording", "Đề xuất sửa đổi", "Đề xuất sửa đổi", False, ("de xuat", "de xuat sua doi bo sung"), 40),
    Column("author_name", "Họ tên / tổ chức", "Họ tên / tổ chức", True, ("ho ten", "ho va ten", "ten to chuc"), 28),
    Column("author_kind", "Loại chủ thể", "Loại chủ thể", False, ("chu the",), 14),
    Column("locality", "Tỉnh/thành phố", "Tỉnh/thành phố", False, ("tinh", "tinh thanh"), 20),
    Column("locality_detail", "Xã/phường", "Xã/phường", False, ("xa", "phuong", "phuong xa"), 20),
    Column("contact", "Liên hệ", "Liên hệ (email, điện thoại, địa chỉ)", False, ("dia chi lien he",), 28),
)
COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}

# The words accepted in a cell, per stored code; the first is the one the template's lists offer.
CHANNEL_WORDS = {
    "meeting": ("Hội nghị, hội thảo", "Hội nghị", "Hội thảo", "Tọa đàm", "Cuộc họp", "Họp"),
    "letter": ("Văn bản, thư", "Văn bản", "Công văn", "Thư", "Thư tay"),
    "hotline": ("Đường dây nóng", "Điện thoại"),
    "mass_organisation": ("Mặt trận, đoàn thể", "Mặt trận", "Đoàn thể", "Mặt trận Tổ quốc"),
    "email": ("Thư điện tử", "Email", "E-mail"),
    "other": ("Kênh khác", "Khác"),
}
STANCE_WORDS = {  # the template offers the online form's words (Tán thành, Không tán thành)
    "support": ("Tán thành", "Đồng ý", "Nhất trí", "Ủng hộ"),
    "oppose": ("Không tán thành", "Không đồng ý", "Phản đối"),
    "other": ("Ý kiến khác", "Khác"),
}
KIND_WORDS = {
    "individual": ("Cá nhân",),
    "organisation": ("Tổ chức", "Cơ quan", "Đơn vị", "Doanh nghiệp"),
}
ANONYMOUS = "Ẩn danh"
ANONYMOUS_WORDS = ("Ẩn danh", "Giấu tên", "Không rõ", "Không tên")
LOCALITY_WORDS = {
    "abroad": ("Nước ngoài",),
    "unknown": ("Không rõ", "Không xác định"),
    "ho-chi-minh": ("TP HCM", "TPHCM", "HCM", "Sài Gòn"),
    "hue": ("Thừa Thiên Huế",),
    "dak-lak": ("Đắc Lắc",),
}
_LOCALITY_PREFIXES = ("thanh pho ", "tp ", "tinh ")

_BRACKETS = re.compile(r"\([^)]*\)")
_NOT_ALNUM = re.compile(r"[\W_]+")


class OfflineFileError(ValueError):
    """The file cannot be read as offline opinions; `message` says why, `errors` lists (row, column, message)."""

    def __init__(self, message, errors=()):
        super().__init__(message)
        self.message = message
        self.errors = list(errors)


@functools.lru_cache(maxsize=4096)  # a file repeats the same few channels, stances and provinces
def word_key(value):
    """Return the form words and headers are compared in: folded, brackets and punctuation gone."""
    return _NOT_ALNUM.sub(" ", fold(_BRACKETS.sub(" ", str(value or "")))).strip()


def word_index(words, labels=None):
    """Return {folded word: code} for a table of accepted words, with the codes and the interface's labels."""
    index = {}
    for code, spellings in words.items():
        for spelling in (code, code.replace("_", " "), *spellings):
            index.setdefault(word_key(spelling), code)
    for code, text in (labels or {}).items():
        index.setdefault(word_key(str(text)), code)
    return index


@functools.cache
def _anonymous_keys():
    return frozenset(word_key(word) for word in ANONYMOUS_WORDS)


def is_anonymous(value):
    """Return whether a name cell says the author gave no name."""
    return word_key(value) in _anonymous_keys()


@functools.cache
def _locality_index():
    index = word_index(LOCALITY_WORDS)
    for code, name in PROVINCES.items():
        for spelling in (name, code):
            index.setdefault(_strip_prefix(word_key(spelling)), code)
    return index


def _strip_prefix(key):
    for prefix in _LOCALITY_PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix):
            return key[len(prefix) :]
    return key


def match_locality(value):
    """Return the locality code of a typed province name ("Ha Noi", "TP. Hồ Chí Minh"), "unknown" if blank, or None."""
    key = word_key(value)
    if not key:
        return "unknown"
    index = _locality_index()
    return index.get(key) or index.get(_strip_prefix(key))


def column_for_header(text):
    """Return the Column a header cell names, or None for a column the importer ignores (STT, notes …)."""
    key = word_key(text)
    for column in COLUMNS:
        if key in (word_key(column.header), word_key(column.name), column.key, *column.aliases):
            return column
    return None


def cell_text(value):
    """Return a cell as text: whole numbers without ".0", dates as dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime, date)):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


XLSX, CSV = "xlsx", "csv"


def detect_kind(data):
    """Return XLSX or CSV from the bytes; refuse any other file with a message saying what to do."""
    if not data:
        raise OfflineFileError(_l("The file is empty."))
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as package:
                names = set(package.namelist())
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            raise OfflineFileError(_l("The Excel file could not be opened; it may be damaged.")) from None
        if "xl/workbook.xml" in names and not any(name.lower().endswith("vbaproject.bin") for name in names):
            return XLSX
        raise OfflineFileError(_l("This file is not an Excel workbook (.xlsx). Use the XLSX or CSV template."))
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise OfflineFileError(
            _l(
                "This is an old Excel (.xls) file. Save it as “Excel Workbook (.xlsx)” or "
                "“CSV UTF-8” and upload it again."
            )
        )
    if data.startswith(b"%PDF"):
        raise OfflineFileError(_l("A PDF file cannot be read. Use the XLSX or CSV template."))
    return CSV


def read_offline_file(source):
    """Return an iterator of (row number, {column key: cell}) from an XLSX or CSV file (a path or a file object).

    The header row is checked at once (missing columns raise OfflineFileError); data rows are read lazily,
    so a 100,000-row file is never held whole as Python objects. Empty rows are skipped.
    """
    if hasattr(source, "read"):
        data = source.read()
    else:
        with open(source, "rb") as handle:
            data = handle.read()
    kind = detect_kind(data)
    if kind == XLSX:
        _check_xlsx(data)
    lines = _xlsx_lines(data) if kind == XLSX else _csv_lines(data)
    for number, cells in lines:
        if any(cell_text(cell) for cell in cells):
            positions = _header_positions(number, cells)
            return _data_rows(lines, positions)
    raise OfflineFileError(_l("The file has no header row. Start from the template."))


def _header_positions(number, cells):
    """Return {column key: cell index} of a header row; refuse missing or repeated columns."""
    positions, errors = {}, []
    for index, cell in enumerate(cells):
        column = column_for_header(cell_text(cell))
        if column is None:
            continue
        if column.key in positions:
            errors.append((number, column.name, str(_l("This column appears twice in the header row."))))
        positions[column.key] = index
    for column in COLUMNS:
        if column.required and column.key not in positions:
            errors.append((number, column.name, str(_l("This column is missing from the header row."))))
    if errors:
        raise OfflineFileError(_l("The header row does not match the template."), errors)
    return positions


def _data_rows(lines, positions):
    """Yield (row number, {key: cell}) for each non-empty data row; refuse a file of more than MAX_ROWS."""
    count = 0
    for number, cells in lines:
        row = {key: cells[index] if index < len(cells) else None for key, index in positions.items()}
        if any(cell_text(value) for value in row.values()):
            count += 1
            if count > MAX_ROWS:
                raise OfflineFileError(_too_many_rows())
            yield number, row


def _too_many_rows():
    """Return the message refusing a file of more than MAX_ROWS opinions."""
    return _l(
        "The file has more than %(limit)d opinions. Split it into files of at most %(limit)d rows and import them "
        "one after the other.",
        limit=MAX_ROWS,
    )


# The parts of an XLSX that openpyxl reads whole (the shared strings: every text cell of the workbook), and the
# sheets it reads row by row. A workbook of MAX_ROWS full rows stays far below these.
XLSX_PART_LIMITS = [(r"xl/sharedStrings\.xml", 64), (r"xl/worksheets/.*\.xml", 256), (r".*\.xml|.*\.rels", 16)]
XLSX_TOTAL_LIMIT = 400


def _check_xlsx(data):
    """Refuse a workbook whose parts unpack beyond their limits (a ZIP bomb, a gigabyte in one cell)."""
    try:
        check_archive(data, XLSX_PART_LIMITS, XLSX_TOTAL_LIMIT)
    except FileLimitExceeded as error:
        raise OfflineFileError(error.message) from None
    except (zipfile.BadZipFile, OSError, EOFError):
        raise OfflineFileError(_l("The Excel file could not be opened; it may be damaged.")) from None


def _xlsx_lines(data):
    """Yield (row number, cells) of the sheet "Ý kiến" (else the first sheet), values as Excel stores them."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds of errors for broken files
        raise OfflineFileError(_l("The Excel file could not be opened; it may be damaged.")) from None
    try:
        sheets = [sheet for sheet in workbook.worksheets if word_key(sheet.title) == "y kien"]
        sheet = (sheets or workbook.worksheets)[0]
        # The size the sheet declares (Excel always writes it) refuses an oversized file before its rows are read;
        # a file that leaves it out is counted row by row (_data_rows).
        if (sheet.max_row or 0) > MAX_ROWS + 1:
            raise OfflineFileError(_too_many_rows())
        yield from enumerate(sheet.iter_rows(values_only=True), start=1)
    except OfflineFileError:
        raise
    except Exception:  # noqa: BLE001 - a damaged or hostile sheet (an XML bomb) fails while its rows are read
        raise OfflineFileError(_l("The Excel file could not be opened; it may be damaged.")) from None
    finally:
        workbook.close()


def _csv_lines(data):
    """Yield (record number, cells) of a CSV text: UTF-8 (with or without BOM), UTF-16 or Windows-1258.

    The separator is the one that makes the most known headers: Excel with Vietnamese regional settings
    writes ";".
    """
    try:
        text = decode_text(data)
    except UnicodeDecodeError:
        raise OfflineFileError(
            _l("The CSV file is neither UTF-8, UTF-16 nor Windows-1258; save it as “CSV UTF-8” and try again.")
        ) from None
    if "\x00" in text:
        raise OfflineFileError(_l("This file is neither an Excel workbook (.xlsx) nor a CSV file."))
    first_line = text.lstrip("\ufeff\r\n").split("\n", 1)[0]
    delimiter = max(",;\t", key=lambda sep: sum(column_for_header(cell) is not None for cell in first_line.split(sep)))
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=delimiter)
    try:
        yield from enumerate(reader, start=1)
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise OfflineFileError(
                _l(
                    "A cell of the CSV file holds more than %(limit)d characters: no opinion is "
                    "that long. Check the file's quotation marks.",
                    limit=csv.field_size_limit(),
                )
            ) from None
        raise OfflineFileError(_l("The CSV file is damaged (a quoted cell is not closed).")) from None
