"""The opinions as CSV: UTF-8 with BOM so spreadsheet programs show Vietnamese, formulas defused."""

import csv

from consult.agency.services import _defuse_formula
from consult.reports.columns import cell_functions, columns
from consult.reports.data import count_opinions, iter_sheet_rows, sheet_statuses


def write_csv(draft, out_path, audience, include_contact, progress):
    """Write every opinion the audience may see, oldest first, streamed in keyset batches."""
    statuses = sheet_statuses(audience)
    total = count_opinions(draft, statuses)
    cols = columns(audience, include_contact)
    cells = cell_functions(cols)
    progress(0, total)
    with open(out_path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([title for title, _width, _cell in cols])
        for done, row in enumerate(iter_sheet_rows(draft, statuses, audience), start=1):
            writer.writerow([_defuse_formula(cell(row)) for cell in cells])
            if done % 1000 == 0:
                progress(done, total)
    progress(total, total)
