"""Importing a draft from a DOCX, HTML or text file: read, parse, guess the title, save."""

import re
from dataclasses import dataclass
from datetime import timedelta

from flask_babel import lazy_gettext as _l

from consult.database import utcnow
from consult.drafts.importing.parser import ParseError, parse_lines
from consult.drafts.importing.readers import read_lines
from consult.drafts.services import create_draft, update_draft

DEFAULT_WINDOW_DAYS = 60

DOC_TYPE_WORDS = [
    ("BỘ LUẬT", "law", "Bộ luật"),
    ("LUẬT", "law", "Luật"),
    ("HIẾN PHÁP", "other", "Hiến pháp"),
    ("PHÁP LỆNH", "other", "Pháp lệnh"),
    ("NGHỊ ĐỊNH", "decree", "Nghị định"),
    ("NGHỊ QUYẾT", "resolution", "Nghị quyết"),
    ("QUYẾT ĐỊNH", "decision", "Quyết định"),
    ("THÔNG TƯ LIÊN TỊCH", "circular", "Thông tư liên tịch"),
    ("THÔNG TƯ", "circular", "Thông tư"),
    ("CHỈ THỊ", "directive", "Chỉ thị"),
    ("KẾ HOẠCH", "plan", "Kế hoạch"),
]
PROPER_NAMES = [
    "Cộng hòa xã hội chủ nghĩa",
    "Việt Nam",
    "Quốc hội",
    "Chính phủ",
    "Thủ tướng",
    "Hà Nội",
    "Thành phố Hồ Chí Minh",
    "Nhà nước",
    "Đảng Cộng sản",
]
NUMBER_RE = re.compile(r"^(?:[\w ]+\s)?[Ss]ố\s*:\s*(?P<number>[\w./\-–]+)")
HEADER_LINES = {"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"}


@dataclass
class ParsedFile:
    """What was read from a file, before anything is saved."""

    format: str
    document: object
    title: str
    doc_type: str
    number_symbol: str


def read_document(data):
    """Read and parse an uploaded file; raise ParseError with a clear message if it cannot be."""
    kind, lines = read_lines(data)
    document = parse_lines(lines)
    title, doc_type = guess_title(document.preamble)
    return ParsedFile(kind, document, title, doc_type, guess_number(document.preamble))


def guess_title(preamble):
    """Return (title, doc type code) from the title block: 'LUẬT' + 'AN NINH MẠNG' → 'Luật An ninh mạng'."""
    for index, line in enumerate(preamble):
        if line in HEADER_LINES or not line.isupper():
            continue
        for word, code, label in DOC_TYPE_WORDS:
            if line == word or line.startswith(word + " "):
                subject = [line[len(word) :].strip()] if line != word else []
                for following in preamble[index + 1 :]:
                    if not following.isupper() or following.startswith(("CĂN CỨ", "LỜI NÓI ĐẦU")):
                        break
                    subject.append(following)
                return _title_case(label, " ".join(part for part in subject if part)), code
    return "", "other"


def _title_case(label, subject):
    """Write a capitalised subject the way titles read: first letter and proper names capitalised."""
    text = subject.lower()
    for name in PROPER_NAMES:
        text = re.sub(re.escape(name.lower()), name, text)
    if text and not text.startswith("nước "):
        text = text[0].upper() + text[1:]
    return f"{label} {text}".strip()


def guess_number(preamble):
    """Return the number and symbol (số, ký hiệu) from the title block, e.g. 24/2018/QH14."""
    for line in preamble[:15]:
        match = NUMBER_RE.match(line)
        if match and any(ch.isdigit() for ch in match.group("number")):
            return match.group("number").strip(".")
    return ""


def import_draft(actor, agency, parsed, title=None, now=None):
    """Save a parsed file as an unpublished draft of `agency`, open for the default period from today."""
    now = now or utcnow()
    title = title or parsed.title
    if not title:
        raise ParseError(
            _l("The file's title block names no document type (LUẬT, NGHỊ ĐỊNH, QUYẾT ĐỊNH…); give the title.")
        )
    values = {
        "title": title,
        "summary": "",
        "doc_type": parsed.doc_type,
        "field": "",
        "contact": "",
        "number_symbol": parsed.number_symbol,
        "opens_at": now,
        "closes_at": now + timedelta(days=DEFAULT_WINDOW_DAYS),
    }
    return create_draft(actor, agency, values, parsed.document)


def import_version(actor, draft, parsed, note=""):
    """Make a parsed file the draft's new text (a new version once the draft is published)."""
    return update_draft(actor, draft, {}, parsed.document, note=note or "")
