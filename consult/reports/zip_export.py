"""Every report format at once: the synthesis in DOCX and PDF, the opinions in XLSX and CSV, in one ZIP file.

Each file is written by its own writer to a temporary folder and added to the archive from disk, so memory stays
what the largest writer needs; progress counts the four files' opinions one after the other."""

import tempfile
import zipfile
from pathlib import Path

from werkzeug.utils import import_string

PARTS = ("docx", "pdf", "xlsx", "csv")


def write_zip(draft, out_path, audience, include_contact, progress):
    """Write the ZIP of every format of the draft's report for `audience` to `out_path`."""
    from consult.reports.services import FORMAT_WRITERS  # the writers' table names this one too

    with tempfile.TemporaryDirectory() as folder, zipfile.ZipFile(out_path, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, fmt in enumerate(PARTS):
            path = Path(folder) / f"part.{fmt}"

            def part_progress(done, total, index=index):
                progress(index * total + done, len(PARTS) * total)

            import_string(FORMAT_WRITERS[fmt])(draft, str(path), audience, include_contact, part_progress)
            archive.write(path, f"bao-cao-{draft.slug[:80]}.{fmt}")
