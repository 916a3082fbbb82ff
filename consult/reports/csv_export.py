"""The opinions as CSV: UTF-8 with BOM so spreadsheet programs show Vietnamese, formulas defused."""

import csv

from consult.agency.services import _defuse_formula
from consult.reports.columns import columns, row_cells
from consult.reports.data import count_opinions, iter_opinions, sheet_statuses


def write_csv(draft, out_path, audience, include_contact, progress):
    """Write every opinion the audience may see, oldest first, streamed in keyset batches."""
    statuses = sheet_statuses(audience)
    total = count_opinions(draft, statuses)
    cols = columns(audience, include_contact)
    progress(0, total)
    with open(out_path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([title for title, _width, _cell in cols])
        for done, feedback in enumerate(iter_opinions(draft, statuses), start=1):
            writer.writerow([_defuse_formula(cell) for cell in row_cells(cols, feedback, audience, draft)])
            if done % 1000 == 0:
                progress(done, total)
    progress(total, total)
