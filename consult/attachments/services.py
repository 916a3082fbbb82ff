"""Checking, storing and deleting a draft's files.

A file is judged by its bytes, never by its name or the type the browser claims; it is stored under a random
name outside static/ and its display name is cleaned before it reaches a page or a Content-Disposition header.
"""

import hashlib
import io
import os
import re
import unicodedata
import uuid
import zipfile
from pathlib import Path
from typing import NamedTuple

from flask import current_app
from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l

from consult.attachments.models import FILE_TYPES, Attachment, AttachmentKind
from consult.audit import record
from consult.extensions import db
from consult.text import clean_line, fold

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc/.xls/.ppt (they may carry macros): refused
DEFAULT_STEM = "attachment"
_EXTENSION_ALIASES = {".jpg": (".jpg", ".jpeg", ".jpe", ".jfif")}
_RESERVED = re.compile(r'[<>:"|?*]')  # not allowed in file names on Windows
_ASCII_UNSAFE = re.compile(r"[^A-Za-z0-9 ._()\[\]+,&!~'-]")


class AttachmentRefused(Exception):
    """The file cannot be attached; `message` says why, in words for the uploader."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class DownloadName(NamedTuple):
    """A file name for Content-Disposition: `name` for filename*, `ascii` for the plain filename fallback."""

    name: str
    ascii: str


def sniff_type(data):
    """Return (content_type, extension) judged from the bytes, or None for any type not accepted."""
    head = bytes(data[:16])
    if head.startswith(b"%PDF-"):
        content_type = "application/pdf"
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        content_type = "image/png"
    elif head.startswith(b"\xff\xd8\xff"):
        content_type = "image/jpeg"
    elif head.startswith((b"GIF87a", b"GIF89a")):
        content_type = "image/gif"
    elif head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        content_type = "image/webp"
    elif head.startswith(b"PK\x03\x04"):
        content_type = _office_type(data)
    else:
        content_type = None
    if content_type is None:
        return None
    return content_type, FILE_TYPES[content_type][0]


def _office_type(data):
    """Return the type of a DOCX or XLSX package, or None for any other zip (macro-enabled files included)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())  # reads the directory only: nothing is decompressed
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return None
    if "[Content_Types].xml" not in names or any(name.lower().endswith("vbaproject.bin") for name in names):
        return None
    if "word/document.xml" in names:
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    if "xl/workbook.xml" in names:
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return None


def accepted_type_names():
    """Return the short names of the accepted types, for messages (PDF, DOCX, …)."""
    return ", ".join(label for _extension, label in FILE_TYPES.values())


def megabytes(num_bytes):
    """Return a size in MB as a number written the local way (20, or 1,5 in Vietnamese)."""
    return format_decimal(round(num_bytes / (1024 * 1024), 1))


def _without_control_characters(text):
    """Turn control characters into spaces; drop format ones (a right-to-left override can disguise an extension)."""
    kept = []
    for ch in text:
        category = unicodedata.category(ch)
        if category == "Cc":
            kept.append(" ")
        elif not category.startswith("C"):
            kept.append(ch)
    return "".join(kept)


def clean_filename(filename, extension):
    """Return a display name: last path part, NFC, no control or reserved characters, ending with `extension`."""
    name = unicodedata.normalize("NFC", filename or "")
    name = re.split(r"[/\\]", name)[-1]
    name = clean_line(_RESERVED.sub("_", _without_control_characters(name))).strip(" .")
    stem, dot, suffix = name.rpartition(".")
    if dot and "." + suffix.lower() in _EXTENSION_ALIASES.get(extension, (extension,)):
        name = stem.rstrip(" .")
    name = name[: 255 - len(extension)].rstrip(" .") or DEFAULT_STEM
    return name + extension


def safe_download_name(filename, extension):
    """Return the cleaned name with the sniffed extension and its ASCII fallback ("Dự thảo.pdf", "Du thao.pdf")."""
    name = clean_filename(filename, extension)
    # fold() knows that đ is d; applied letter by letter so capitals stay capitals.
    folded = "".join(fold(ch).upper() if ch.isupper() else fold(ch) for ch in name[: -len(extension)])
    stem = " ".join(_ASCII_UNSAFE.sub("_", folded.encode("ascii", "ignore").decode("ascii")).split()).strip(" .")
    if not any(ch.isalnum() for ch in stem):
        stem = DEFAULT_STEM
    return DownloadName(name, stem + extension)


def attachment_path(attachment):
    """Return where the bytes of `attachment` live: ATTACHMENT_DIR/<stored_name>, never under static/."""
    return Path(current_app.config["ATTACHMENT_DIR"]).resolve() / attachment.stored_name


def _write_file(path, data):
    """Write the bytes under a temporary name first, so no truncated file ever sits under the stored name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    with open(partial, "xb") as handle:
        handle.write(data)
    os.replace(partial, path)


def _audit_values(attachment):
    """Return what the audit log keeps about an attachment."""
    return {
        "draft_id": attachment.draft_id,
        "kind": attachment.kind,
        "filename": attachment.filename,
        "content_type": attachment.content_type,
        "size": attachment.size,
        "sha256": attachment.sha256,
    }


def store_attachment(actor, draft, filename, data, kind=AttachmentKind.ANNEX):
    """Check and store a file for `draft`; raise AttachmentRefused when it is empty, too large or not accepted."""
    if kind not in AttachmentKind.ALL:
        raise ValueError(f"unknown attachment kind {kind!r}")
    if not data:
        raise AttachmentRefused(_l("The file is empty."))
    limit = current_app.config["ATTACHMENT_MAX_BYTES"]
    if len(data) > limit:
        raise AttachmentRefused(_l("The file is larger than %(limit)s MB.", limit=megabytes(limit)))
    sniffed = sniff_type(data)
    if sniffed is None:
        if bytes(data[:8]) == OLE_MAGIC:
            raise AttachmentRefused(
                _l("Old Word and Excel files (.doc, .xls) are not accepted: save the file as DOCX, XLSX or PDF.")
            )
        raise AttachmentRefused(
            _l("This type of file is not accepted. Accepted types: %(types)s.", types=accepted_type_names())
        )
    content_type, extension = sniffed
    attachment = Attachment(
        draft=draft,
        kind=kind,
        filename=clean_filename(filename, extension),
        stored_name=uuid.uuid4().hex,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by_id=getattr(actor, "id", None),
    )
    path = attachment_path(attachment)
    _write_file(path, data)
    db.session.add(attachment)
    try:
        db.session.flush()
    except Exception:
        path.unlink(missing_ok=True)
        raise
    record(actor, "attachment.add", attachment, after=_audit_values(attachment))
    return attachment


def delete_attachment(actor, attachment):
    """Delete an attachment and its file; the file goes once the row's deletion has been flushed."""
    path = attachment_path(attachment)
    record(actor, "attachment.delete", attachment, before=_audit_values(attachment))
    db.session.delete(attachment)
    db.session.flush()
    path.unlink(missing_ok=True)
