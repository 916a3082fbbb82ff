"""Every CSV the application writes goes through stream_csv: formulas defused, UTF-8 with BOM so spreadsheet
programs show Vietnamese, streamed in chunks. Used by the report file and the agency's download of its opinions
(consult.reports.csv_export), the audit log export (consult.admin.audit_log) and the template of opinions gathered
offline (consult.offline.template)."""

import csv
import io

BOM = "\ufeff"  # Excel reads a CSV as UTF-8 only when it starts with one
CHUNK_CHARS = 64 * 1024
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defuse_formula(cell):
    """Keep spreadsheet programs from running stored text (a citizen's words, a name) as a formula."""
    if isinstance(cell, str) and cell[:1] in FORMULA_STARTS:
        return "'" + cell
    return cell


def stream_csv(header, rows, chunk_chars=CHUNK_CHARS):
    """Yield the CSV of a header and rows (lists of cells) in chunks of about `chunk_chars` characters, the BOM
    first, every cell defused; memory holds one chunk whatever the number of rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write(BOM)
    writer.writerow([defuse_formula(cell) for cell in header])
    for row in rows:
        writer.writerow([defuse_formula(cell) for cell in row])
        if buffer.tell() > chunk_chars:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
