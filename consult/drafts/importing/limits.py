"""The limits an uploaded file is held to before it is parsed, each refused with its own message.

A file of a few kilobytes can unpack into gigabytes (a ZIP bomb), hold millions of empty paragraphs or rows, or
nest elements without end; read whole, it would hold a worker for minutes or exhaust its memory. These checks read
only what the archive's directory declares, or scan the bytes once, before any parser builds objects. (Python's
zipfile never unpacks a member beyond the size its directory declares: a part that lies about its size is refused
as damaged when read.) The limits are far above any real draft or opinions file: the longest Vietnamese codes have
under 1,000 articles and a few thousand paragraphs.
"""

import io
import re
import zipfile

from flask_babel import lazy_gettext as _l

from consult.drafts.importing.errors import FileLimitExceeded

MEGABYTE = 1024 * 1024
MAX_ARCHIVE_PARTS = 1000
MAX_PARAGRAPHS = 50_000  # paragraphs of a DOCX (the 2013 Constitution has about 1,100)
MAX_LINES = 50_000  # lines of a text or web page once read
MAX_HTML_ELEMENTS = 300_000  # a law's page on a legal portal has some tens of thousands
MAX_HTML_DEPTH = 200  # how deep elements nest in a web page (a portal page: some tens)
MAX_ARTICLES = 3_000


def check_archive(data, part_limits, total_limit):
    """Check the unpacked sizes a ZIP file (DOCX, XLSX) declares: each part against the first pattern of
    `part_limits` [(regex, megabytes)] it matches, and all parts together against `total_limit` megabytes.
    Raise FileLimitExceeded, or zipfile.BadZipFile for a damaged archive."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = archive.infolist()
    if len(parts) > MAX_ARCHIVE_PARTS:
        raise FileLimitExceeded(
            _l("The file holds more than %(limit)d parts: it is not an ordinary document.", limit=MAX_ARCHIVE_PARTS)
        )
    total = 0
    for part in parts:
        limit = next((megabytes for pattern, megabytes in part_limits if re.fullmatch(pattern, part.filename)), None)
        if limit is not None and part.file_size > limit * MEGABYTE:
            raise FileLimitExceeded(
                _l(
                    "A part of the file unpacks to %(size)d MB, more than the %(limit)d MB allowed. Save the file "
                    "again from Word or Excel, or split it into smaller files.",
                    size=part.file_size // MEGABYTE,
                    limit=limit,
                )
            )
        total += part.file_size
    if total > total_limit * MEGABYTE:
        raise FileLimitExceeded(
            _l("The file unpacks to more than %(limit)d MB in all. Split it into smaller files.", limit=total_limit)
        )


_TAG = re.compile(rb"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^>]*?(/?)>")
# Elements that have no end tag in HTML: they never deepen the tree.
_VOID = {
    b"area",
    b"base",
    b"br",
    b"col",
    b"embed",
    b"hr",
    b"img",
    b"input",
    b"link",
    b"meta",
    b"param",
    b"source",
    b"track",
    b"wbr",
}


def check_html(data):
    """Check a web page's number of elements and how deep they nest, by one scan of its tags (unclosed ones
    counted as open, which can only overstate the depth of a page written carelessly, never hide a deep one)."""
    depth = deepest = elements = 0
    for closing, name, self_closing in (match.groups() for match in _TAG.finditer(data)):
        if closing:
            depth = max(depth - 1, 0)
            continue
        elements += 1
        if elements > MAX_HTML_ELEMENTS:
            raise FileLimitExceeded(
                _l(
                    "The web page has more than %(limit)d elements: it cannot be read as a draft. Copy the draft's "
                    "text into a Word document or a text file and upload that.",
                    limit=MAX_HTML_ELEMENTS,
                )
            )
        if not self_closing and name.lower() not in _VOID:
            depth += 1
            if depth > MAX_HTML_DEPTH:
                raise FileLimitExceeded(
                    _l(
                        "The web page nests its elements more than %(limit)d deep: it cannot be read as a draft. Copy "
                        "the draft's text into a Word document or a text file and upload that.",
                        limit=MAX_HTML_DEPTH,
                    )
                )
        deepest = max(deepest, depth)
    return deepest
