"""What the drafting agency takes out of its consultation: the download of every opinion (its counts:
consult.agency.summary)."""

from consult.reports.columns import download_columns
from consult.reports.csv_export import sheet_csv
from consult.reports.data import iter_sheet_rows
from consult.reports.models import Audience
from consult.reports.summary import seen_statuses


def export_feedback_csv(draft, include_contact):
    """Yield the CSV of every opinion of a draft staff see, oldest first, in chunks (consult.reports.csv_export)."""
    rows = iter_sheet_rows(draft, seen_statuses(Audience.AGENCY), Audience.AGENCY, with_reason=True)
    return sheet_csv(download_columns(include_contact), rows)
