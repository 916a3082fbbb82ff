"""Turn an uploaded file (DOCX, HTML, plain text) into text lines for the parser.

The type is decided from the content, never from the file name. Plain text may be UTF-8 (with or
without BOM), UTF-16 or Windows-1258 (the Vietnamese Windows code page, which stores tone marks as
combining characters; NFC normalisation composes them).
"""

import io
import re
import zipfile

from flask_babel import lazy_gettext as _l

from consult.drafts.importing.errors import FileLimitExceeded
from consult.drafts.importing.limits import MAX_LINES, MAX_PARAGRAPHS, check_archive, check_html
from consult.drafts.importing.parser import ARTICLE_RE, ParseError, normalise_line

DOCX, HTML, TEXT = "docx", "html", "text"
BLOCK_TAGS = {
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "br",
    "caption",
    "center",
    "dd",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
}
NOISE_TAGS = [
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "object",
    "svg",
    "button",
    "select",
    "input",
    "textarea",
    "nav",
    "menu",
    "head",
]
_HTML_START = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|div|p|table|span)\b", re.I | re.S
)


def detect_format(data):
    """Return DOCX, HTML or TEXT from the bytes; refuse formats we cannot read with a clear message."""
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return DOCX
        except zipfile.BadZipFile:
            raise ParseError(_l("The Word document could not be opened; it may be damaged.")) from None
        raise ParseError(_l("This file is a ZIP archive but not a Word (.docx) document."))
    if data.startswith(b"%PDF"):
        raise ParseError(
            _l("PDF files cannot be read as structured text. Upload the DOCX or HTML version of the draft.")
        )
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ParseError(
            _l("This is an old Word (.doc) file. Open it in Word and save it as .docx, then upload it again.")
        )
    head = decode_text(data[:4096], probe=True)
    if _HTML_START.match(head.encode("utf-8")):
        return HTML
    return TEXT


def decode_text(data, probe=False):
    """Decode text bytes: BOMs first, then UTF-16 by its zero bytes, then strict UTF-8, else Windows-1258."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace" if probe else "strict")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace" if probe else "strict")
    sample = data[:2000]
    if len(sample) >= 4 and sample.count(0) >= len(sample) // 4:
        even_zeros = sample[0::2].count(0)
        odd_zeros = sample[1::2].count(0)
        return data.decode(
            "utf-16-be" if even_zeros > odd_zeros else "utf-16-le", errors="replace" if probe else "strict"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        if probe and error.start > len(data) - 4:
            return data[: error.start].decode("utf-8")  # a character cut at the end of the sample
    return data.decode("cp1258", errors="replace" if probe else "strict")


def _limited(lines):
    """Return the lines of a file, refused when there are more than MAX_LINES."""
    if len(lines) > MAX_LINES:
        raise FileLimitExceeded(
            _l("The text has more than %(limit)d lines. Split the draft into several files.", limit=MAX_LINES)
        )
    return lines


def text_lines(data):
    """Return the lines of a plain-text file."""
    try:
        text = decode_text(data)
    except UnicodeDecodeError:
        raise ParseError(
            _l("The text file is neither UTF-8, UTF-16 nor Windows-1258; save it as UTF-8 and try again.")
        ) from None
    if "\x00" in text:
        raise ParseError(_l("This does not look like a text file."))
    return _limited(text.splitlines())


def html_lines(data):
    """Return the text lines of the part of an HTML page that holds the articles."""
    from bs4 import BeautifulSoup

    check_html(data)
    soup = BeautifulSoup(decode_text(data) if not data.lstrip().startswith(b"<?xml") else data, "lxml")
    for tag in soup(NOISE_TAGS):
        tag.decompose()
    root = _article_container(soup) or soup.body or soup
    lines, current = [], []

    def flush():
        text = normalise_line("".join(current))
        if text:
            lines.append(text)
        current.clear()

    def walk(node):
        for child in node.children:
            name = getattr(child, "name", None)
            if name is None:
                if child.__class__.__name__ in ("Comment", "Doctype", "Declaration", "ProcessingInstruction"):
                    continue
                current.append(re.sub(r"\s+", " ", str(child)))
            elif name in BLOCK_TAGS:
                flush()
                walk(child)
                flush()
            else:
                walk(child)

    walk(root)
    flush()
    return _limited(lines)


def _article_container(soup):
    """Return the smallest element holding every article heading, so menus and footers stay out."""
    headings = []
    for block in soup.find_all(["p", "div", "td", "li", "h1", "h2", "h3", "h4", "h5", "h6", "span", "b", "strong"]):
        if block.find(["p", "div", "td", "li"]):
            continue
        if ARTICLE_RE.match(normalise_line(block.get_text(" "))):
            headings.append(block)
    if not headings:
        return None
    common = list(headings[0].parents)
    for heading in headings[1:]:
        ancestors = set(map(id, heading.parents))
        common = [node for node in common if id(node) in ancestors]
    return common[0] if common else None


def docx_lines(data):
    """Return the paragraph lines of a DOCX body, tables included, in document order."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    from consult.drafts.importing.docx_numbering import Numbering

    _check_docx(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - python-docx raises many kinds of errors for broken files
        raise ParseError(_l("The Word document could not be opened; it may be damaged.")) from None
    lines = []
    numbering = Numbering(document)

    def add_block(block):
        if isinstance(block, Paragraph):
            label = numbering.label(block)
            text = f"{label} {block.text}" if label else block.text
            lines.extend(text.split("\n"))
        elif isinstance(block, Table):
            seen = set()
            for row in block.rows:
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell is returned once per grid column it spans
                        continue
                    seen.add(id(cell._tc))
                    for inner in cell.iter_inner_content():
                        add_block(inner)

    for block in document.iter_inner_content():
        add_block(block)
    return lines


# The parts of a DOCX that python-docx reads whole, and the rest (images, fonts) that it does not unpack.
DOCX_PART_LIMITS = [(r"word/(document|numbering|styles)\.xml", 32), (r".*\.xml|.*\.rels", 16)]
DOCX_TOTAL_LIMIT = 256
_PARAGRAPH = re.compile(rb"<w:p[ />]")


def _check_docx(data):
    """Refuse a DOCX whose parts unpack beyond their limits, or that holds more than MAX_PARAGRAPHS paragraphs."""
    try:
        check_archive(data, DOCX_PART_LIMITS, DOCX_TOTAL_LIMIT)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            body = archive.read("word/document.xml")
    except (zipfile.BadZipFile, KeyError, EOFError, OSError):
        raise ParseError(_l("The Word document could not be opened; it may be damaged.")) from None
    paragraphs = sum(1 for _match in _PARAGRAPH.finditer(body))
    if paragraphs > MAX_PARAGRAPHS:
        raise FileLimitExceeded(
            _l(
                "The document has more than %(limit)d paragraphs. Remove its empty paragraphs, or split the draft into "
                "several files.",
                limit=MAX_PARAGRAPHS,
            )
        )


READERS = {DOCX: docx_lines, HTML: html_lines, TEXT: text_lines}


def read_lines(data):
    """Return (format, lines) of an uploaded file."""
    if not data:
        raise ParseError(_l("The file is empty."))
    kind = detect_format(data)
    return kind, READERS[kind](data)
