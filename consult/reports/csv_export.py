"""The report's CSV file and the agency's download of its opinions: opinion rows in the report's columns, written by
the application's one CSV writer (consult.csvfiles.stream_csv: formulas defused, BOM, chunks)."""

from consult.csvfiles import stream_csv
from consult.reports.columns import cell_functions, columns, titles
from consult.reports.data import iter_sheet_rows
from consult.reports.summary import count_opinions, seen_statuses

PROGRESS_EVERY = 1000  # rows


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
