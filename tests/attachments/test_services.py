"""Judging a file by its bytes, and the names it is stored and downloaded under."""

import pytest
from sqlalchemy import select

from consult.attachments.models import Attachment
from consult.attachments.services import (
    AttachmentRefused,
    clean_filename,
    megabytes,
    safe_download_name,
    sniff_type,
    store_attachment,
)
from consult.attachments.views import filesize
from tests.attachments import samples

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def app_config(tmp_path):
    """Keep stored files in this test's own folder."""
    return {"ATTACHMENT_DIR": str(tmp_path / "files")}


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (samples.PDF, ("application/pdf", ".pdf")),
        (samples.docx_file(), (DOCX, ".docx")),
        (samples.xlsx_file(), (XLSX, ".xlsx")),
        (samples.png(), ("image/png", ".png")),
        (samples.JPEG, ("image/jpeg", ".jpg")),
        (samples.GIF, ("image/gif", ".gif")),
        (samples.WEBP, ("image/webp", ".webp")),
    ],
)
def test_accepted_types_are_recognised_by_content(data, expected):
    assert sniff_type(data) == expected


@pytest.mark.parametrize(
    "data",
    [
        samples.HTML_AS_PDF,
        b"  %PDF-1.4 hidden after blanks",
        samples.SVG,
        samples.EXE,
        samples.ELF,
        samples.TEXT,
        b"#!/bin/sh\nrm -rf /\n",
        samples.OLE_DOC,
        samples.zip_file(["index.html", "script.js"]),
        samples.zip_file(["word/document.xml"]),  # no [Content_Types].xml: not an Office package
        samples.zip_file(["[Content_Types].xml", "word/document.xml", "word/vbaProject.bin"]),  # macros
        b"PK\x03\x04 truncated zip",
        b"RIFF\x00\x00\x00\x00WAVEfmt ",
        b"",
    ],
)
def test_everything_else_is_refused(data):
    assert sniff_type(data) is None


@pytest.mark.parametrize(
    ("filename", "extension", "name", "ascii"),
    [
        ("Dự thảo.pdf", ".pdf", "Dự thảo.pdf", "Du thao.pdf"),
        ("Đề án ĐẦU TƯ.PDF", ".pdf", "Đề án ĐẦU TƯ.pdf", "De an DAU TU.pdf"),
        ("C:\\Users\\an\\Tờ trình.docx", ".docx", "Tờ trình.docx", "To trinh.docx"),
        ("../../static/trang.html", ".pdf", "trang.html.pdf", "trang.html.pdf"),
        ("anh\u202egnp.exe", ".png", "anhgnp.exe.png", "anhgnp.exe.png"),
        ("bảng\tsố liệu\n.xlsx", ".xlsx", "bảng số liệu.xlsx", "bang so lieu.xlsx"),
        ('a"b<c>.jpeg', ".jpg", "a_b_c_.jpg", "a_b_c_.jpg"),
        ("报告.pdf", ".pdf", "报告.pdf", "attachment.pdf"),
        ("", ".gif", "attachment.gif", "attachment.gif"),
    ],
)
def test_download_names_are_clean_and_end_with_the_sniffed_extension(filename, extension, name, ascii):
    assert safe_download_name(filename, extension) == (name, ascii)


def test_display_names_fit_the_column():
    name = clean_filename("Phụ lục " * 100 + ".pdf", ".pdf")

    assert len(name) <= 255 and name.endswith(".pdf")


def test_refusals_store_nothing(app, db, agency_editor, open_draft, tmp_path):
    app.config["ATTACHMENT_MAX_BYTES"] = 3 * 1024 * 1024
    with pytest.raises(AttachmentRefused) as refused:
        store_attachment(agency_editor, open_draft, "a.pdf", samples.HTML_AS_PDF)
    assert "PDF, DOCX, XLSX, PNG, JPEG, GIF, WebP" in str(refused.value.message)

    with pytest.raises(AttachmentRefused) as refused:
        store_attachment(agency_editor, open_draft, "a.pdf", b"%PDF-" + b"0" * (3 * 1024 * 1024))
    assert megabytes(3 * 1024 * 1024) in str(refused.value.message)

    with pytest.raises(AttachmentRefused):
        store_attachment(agency_editor, open_draft, "a.pdf", b"")

    assert db.session.scalar(select(Attachment)) is None
    assert not (tmp_path / "files").exists() or not any((tmp_path / "files").iterdir())


def test_sizes_are_shown_in_kb_or_mb_the_vietnamese_way(app):
    assert filesize(300) == "1 KB"
    assert filesize(200 * 1024) == "200 KB"
    assert filesize(int(1.5 * 1024 * 1024)) == "1,5 MB"
