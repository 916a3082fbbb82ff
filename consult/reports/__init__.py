"""Downloads of a draft's opinions and its synthesis report (DOCX, XLSX, CSV, PDF), built as background jobs."""

from flask import Blueprint

bp = Blueprint("reports", __name__)


def build_report(draft, fmt, out_path, include_contact=False, progress=None, audience=None):
    """Write the draft's report in `fmt` (docx, xlsx, csv, pdf) to `out_path`; see consult.reports.services."""
    from consult.reports.services import build_report as build

    return build(draft, fmt, out_path, include_contact=include_contact, progress=progress, audience=audience)
