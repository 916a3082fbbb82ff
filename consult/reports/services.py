"""build_report: one entry point for every format and audience, used by the job runner, the CLI and benchmarks."""

import os
from pathlib import Path

from werkzeug.utils import import_string

from consult.reports.models import Audience

FORMAT_WRITERS = {
    "docx": "consult.reports.docx_export:write_docx",
    "xlsx": "consult.reports.xlsx_export:write_xlsx",
    "csv": "consult.reports.csv_export:write_csv",
    "pdf": "consult.reports.pdf_export:write_pdf",
    "zip": "consult.reports.zip_export:write_zip",
}


def build_report(draft, fmt, out_path, include_contact=False, progress=None, audience=None):
    """Write the draft's report in `fmt` to `out_path`; progress(done, total) is called as opinions are read.

    The audience is the agency unless given; contact details appear only for the agency and when asked for.
    The file is written beside `out_path` and renamed at the end, so a reader never sees half a file.
    """
    if fmt not in FORMAT_WRITERS:
        raise ValueError(f"Unknown report format {fmt!r}: use one of {', '.join(FORMAT_WRITERS)}")
    audience = audience or Audience.AGENCY
    if audience not in Audience.ALL:
        raise ValueError(f"Unknown audience {audience!r}")
    include_contact = bool(include_contact) and audience == Audience.AGENCY
    writer = import_string(FORMAT_WRITERS[fmt])
    out_path = Path(out_path)
    partial = out_path.with_name(f".{out_path.name}.part")
    try:
        writer(draft, str(partial), audience, include_contact, progress or (lambda done, total: None))
        os.replace(partial, out_path)
    finally:
        partial.unlink(missing_ok=True)
    return out_path
