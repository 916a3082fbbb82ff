"""A corpus of hostile upload files, made on the spot, and a runner that reads one in a fresh process.

`python -m tests.security.hostile_files KIND PATH` reads the file at PATH as a draft ("draft") or as a file of
opinions gathered offline ("offline") and prints one JSON line: the message the person would see, the seconds it
took and the process's peak memory (so that each file's cost is measured alone, not mixed with the test run's).
"""

import io
import json
import resource
import sys
import time
import zipfile

MB = 1024 * 1024
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>{overrides}</Types>'
)
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
RELS = (
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}" '
    'Target="{target}"/></Relationships>'
)


def _zip(parts):
    """Return a ZIP of {name: str, bytes, or an iterable of byte chunks written one after the other}."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            if isinstance(content, (str, bytes)):
                archive.writestr(name, content)
            else:
                with archive.open(name, "w", force_zip64=True) as member:
                    for chunk in content:
                        member.write(chunk)
    return buffer.getvalue()


def docx(document):
    """Return a minimal DOCX around a document.xml (text, bytes or chunks)."""
    overrides = f'<Override PartName="/word/document.xml" ContentType="{DOCX_MAIN}"/>'
    return _zip(
        {
            "[Content_Types].xml": CONTENT_TYPES.format(overrides=overrides),
            "_rels/.rels": RELS.format(kind="officeDocument", target="word/document.xml"),
            "word/document.xml": document,
        }
    )


def body(paragraphs, doctype=""):
    """Return a document.xml holding these paragraph texts (raw XML inside <w:t>)."""
    runs = "".join(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" for text in paragraphs)
    return f'<?xml version="1.0"?>{doctype}<w:document {W}><w:body>{runs}</w:body></w:document>'


LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">' for n in range(1, 10))
    + "]>"
)
XXE = '<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def xlsx(sheet_rows_xml, shared_strings=None, dimension=None):
    """Return a minimal XLSX: one sheet "Ý kiến" whose rows are given as XML (text, or chunks)."""
    overrides = (
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument'
        '.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType='
        '"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    )
    parts = {
        "[Content_Types].xml": CONTENT_TYPES.format(overrides=overrides),
        "_rels/.rels": RELS.format(kind="officeDocument", target="xl/workbook.xml"),
        "xl/workbook.xml": (
            '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
            '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="Ý kiến" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": RELS.format(kind="worksheet", target="worksheets/sheet1.xml"),
        "xl/worksheets/sheet1.xml": _sheet(sheet_rows_xml, dimension),
    }
    if shared_strings is not None:
        parts["xl/sharedStrings.xml"] = shared_strings
    return _zip(parts)


def _sheet(rows, dimension=None):
    head = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    if dimension:
        head += f'<dimension ref="{dimension}"/>'.encode()
    if isinstance(rows, str):
        return head.decode() + f"<sheetData>{rows}</sheetData></worksheet>"
    return _chunks(head + b"<sheetData>", rows, b"</sheetData></worksheet>")


def _chunks(first, middle, last):
    yield first
    yield from middle
    yield last


def inline_row(number, cells):
    """Return the XML of a row of inline-string cells."""
    return "".join(
        [f'<row r="{number}">', *(f'<c t="inlineStr"><is><t>{cell}</t></is></c>' for cell in cells), "</row>"]
    )


HEADER = ["Kênh", "Ngày nhận (dd/mm/yyyy)", "Quan điểm", "Nội dung góp ý", "Họ tên / tổ chức"]
ROW = ["Hội nghị", "01/12/2026", "Đồng ý", "Đề nghị giữ lại vỉa hè.", "Nguyễn Văn An"]


def zeros(megabytes, fill=b" "):
    """Yield `megabytes` MB of one byte, a megabyte at a time (it deflates to almost nothing)."""
    chunk = fill * MB
    for _ in range(megabytes):
        yield chunk


CASES = {
    # name: (kind, maker, words the message must hold)
    "docx-zip-bomb": ("draft", lambda: docx(_chunks(b"<w:document>", zeros(300), b"</w:document>")), "MB"),
    "docx-empty-paragraphs": (
        "draft",
        lambda: docx(body([]).replace("</w:body>", "<w:p/>" * 2_000_000 + "</w:body>")),
        "50000",
    ),
    "docx-billion-laughs": ("draft", lambda: docx(body(["Điều 1. &lol9;"], LAUGHS)), ""),
    "docx-xxe": ("draft", lambda: docx(body(["Điều 1. Phạm vi &xxe;", "Nội dung."], XXE)), ""),
    "docx-truncated": ("draft", lambda: docx(body(["Điều 1. Phạm vi", "Nội dung."] * 200))[:600], "damaged"),
    "html-deep": ("draft", lambda: b"<html><body>" + b"<div>" * 200_000 + b"Dieu 1." + b"</div>" * 200_000, "200"),
    "html-many-elements": ("draft", lambda: b"<html><body><p>" + b"<b>x</b>" * 400_000 + b"</p>", "300000"),
    "text-many-lines": ("draft", lambda: "\n".join(f"Điều {n}. Tiêu đề" for n in range(1, 300_001)).encode(), "50000"),
    "text-many-articles": ("draft", lambda: "\n".join(f"Điều {n}. Tiêu đề" for n in range(1, 4001)).encode(), "3000"),
    "text-wrong-encoding": ("draft", lambda: bytes(range(128, 256)) * 4000, "UTF-8"),
    "xlsx-zip-bomb": (
        "offline",
        lambda: xlsx(_chunks(inline_row(1, HEADER).encode() + b"<!--", zeros(300), b"-->")),
        "MB",
    ),
    "xlsx-huge-cell": (
        "offline",
        lambda: xlsx(
            inline_row(1, HEADER) + '<row r="2"><c t="s"><v>0</v></c></row>',
            _chunks(
                b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>',
                zeros(100, b"A"),
                b"</t></si></sst>",
            ),
        ),
        "MB",
    ),
    "xlsx-billion-laughs": (
        "offline",
        lambda: xlsx(
            inline_row(1, HEADER) + '<row r="2"><c t="s"><v>0</v></c></row>',
            '<?xml version="1.0"?>' + LAUGHS + '<sst xmlns="http://schemas.'
            'openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol9;</t>'
            "</si></sst>",
        ),
        "damaged",
    ),
    "xlsx-many-rows": ("offline", lambda: xlsx(_rows_chunks(150_000), dimension="A1:E150001"), "100000"),
    "xlsx-many-rows-undeclared": ("offline", lambda: xlsx(_rows_chunks(150_000)), "100000"),
    "xlsx-truncated": ("offline", lambda: xlsx(inline_row(1, HEADER) + inline_row(2, ROW))[:700], "damaged"),
    "csv-many-rows": (
        "offline",
        lambda: ("\n".join([",".join(HEADER)] + [",".join(ROW)] * 150_000)).encode(),
        "100000",
    ),
    "csv-huge-cell": ("offline", lambda: (",".join(HEADER) + '\n"' + "A" * 2_000_000 + "\n").encode(), "131072"),
    "csv-wrong-encoding": ("offline", lambda: bytes(range(128, 256)) * 4000, "UTF-8"),
}


def _rows_chunks(count):
    """Yield a header row and `count` data rows, 1,000 at a time."""
    yield inline_row(1, HEADER).encode()
    for start in range(2, count + 2, 1000):
        yield "".join(inline_row(number, ROW) for number in range(start, min(start + 1000, count + 2))).encode()


def read(kind, path):
    """Read the file as a person uploading it would have it read; return the message they would see, or what was
    read."""
    from consult import create_app
    from consult.drafts.importing.errors import ParseError
    from consult.drafts.imports import read_document
    from consult.offline.files import OfflineFileError, read_offline_file

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SQLALCHEMY_ENGINE_OPTIONS": {}})
    with app.test_request_context(), open(path, "rb") as handle:
        data = handle.read()
        try:
            if kind == "draft":
                parsed = read_document(data)
                return "read: " + " | ".join(article.title for article in parsed.document.articles)
            rows = sum(1 for _row in read_offline_file(io.BytesIO(data)))
            return f"read: {rows} rows"
        except (ParseError, OfflineFileError) as error:
            return str(error.message)


def _peak_megabytes():
    """Return this process's peak resident memory since it started this program (VmHWM: unlike getrusage's
    ru_maxrss, it does not carry over the peak of the process that forked it)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) // 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def main():
    kind, path = sys.argv[1], sys.argv[2]
    resource.setrlimit(resource.RLIMIT_AS, (3 * 1024 * MB, 3 * 1024 * MB))  # a runaway parser fails, not the machine
    started = time.perf_counter()
    message = read(kind, path)
    seconds = time.perf_counter() - started
    peak = _peak_megabytes()
    print(json.dumps({"message": message, "seconds": round(seconds, 2), "peak_mb": peak}, ensure_ascii=False))


if __name__ == "__main__":
    main()
