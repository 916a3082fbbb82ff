"""Every CSV the application writes goes through stream_csv: formulas defused, UTF-8 with BOM so spreadsheet
programs show Vietnamese, streamed in chunks. Used by the report file (write_csv), the agency's download of its
opinions (consult.agency.services) and the audit log export (consult.admin.audit_log)."""

import csv
import io

from consult.reports.columns import cell_functions, columns, titles
from consult.reports.data import iter_sheet_rows
from consult.reports.summary import count_opinions, seen_statuses

BOM = "\ufeff"  # Excel reads a CSV as UTF-8 only when it starts with one
CHUNK_CHARS = 64 * 1024
PROGRESS_EVERY = 1000  # rows
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


def sheet_csv(cols, rows):
    """Yield the CSV of opinion rows (data.iter_sheet_rows) in the columns `cols` (consult.reports.columns)."""
    cells = cell_functions(cols)
    return stream_csv(titles(cols), ([cell(row) for cell in cells] for row in rows))


def write_csv(draft, out_path, audience, include_contact, progress):
    """Write the report's CSV: every opinion the audience sees, oldest first, streamed in keyset batches."""
    statuses = seen_statuses(audience)
    total = count_opinions(draft, statuses)
    progress(0, total)
    rows = _reporting(iter_sheet_rows(draft, statuses, audience), total, progress)
    with open(out_path, "w", encoding="utf-8", newline="") as handle:
        handle.writelines(sheet_csv(columns(audience, include_contact), rows))
    progress(total, total)


def _reporting(rows, total, progress):
    """Yield `rows`, calling progress(done, total) every PROGRESS_EVERY of them."""
    for done, row in enumerate(rows, start=1):
        yield row
        if done % PROGRESS_EVERY == 0:
            progress(done, total)
