"""Setting which agencies are expected to consult in a period (administrators only), audited."""

from sqlalchemy import select

from consult.agency.models import Agency
from consult.audit import record
from consult.extensions import db
from consult.pagecache import mark_pages_changed
from consult.scoreboard.models import AgencyExpectation


def expectations_of(period):
    """Return the ids of the agencies expected to consult in the period."""
    return set(
        db.session.scalars(
            select(AgencyExpectation.agency_id).where(
                AgencyExpectation.year == period.year, AgencyExpectation.quarter == period.quarter
            )
        )
    )


def set_expectations(actor, period, agency_ids):
    """Make exactly `agency_ids` the agencies expected to consult in the period; audit each agency added or taken
    off (action agency.expected). Return (added, removed) as sets of agency ids."""
    wanted = set(agency_ids)
    known = set(db.session.scalars(select(Agency.id).where(Agency.id.in_(wanted)))) if wanted else set()
    rows = {
        expectation.agency_id: expectation
        for expectation in db.session.scalars(
            select(AgencyExpectation).where(
                AgencyExpectation.year == period.year, AgencyExpectation.quarter == period.quarter
            )
        )
    }
    added, removed = known - set(rows), set(rows) - known
    for agency_id in sorted(added):
        db.session.add(
            AgencyExpectation(
                agency_id=agency_id, year=period.year, quarter=period.quarter, created_by_id=getattr(actor, "id", None)
            )
        )
    for agency_id in sorted(removed):
        db.session.delete(rows[agency_id])
    db.session.flush()
    changed = {agency.id: agency for agency in db.session.scalars(select(Agency).where(Agency.id.in_(added | removed)))}
    for agency_id in sorted(added | removed):
        expected = agency_id in added
        record(
            actor,
            "agency.expected",
            changed[agency_id],
            before={"year": period.year, "quarter": period.quarter, "expected": not expected},
            after={"year": period.year, "quarter": period.quarter, "expected": expected},
        )
    if added or removed:
        mark_pages_changed(db.session)  # the public scoreboard shows who was expected
    return added, removed
