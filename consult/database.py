"""Column types and helpers shared by the models."""

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import DateTime, Integer, literal_column
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement
from sqlalchemy.types import Date, TypeDecorator


def utcnow():
    """Return the current time, timezone-aware in UTC."""
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC and always returned timezone-aware.

    SQLite keeps no offset, so values are stored as naive UTC on every backend and the offset
    is put back on load; this keeps comparisons identical on SQLite and PostgreSQL.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        """Convert an aware datetime to naive UTC; refuse naive ones (their zone is unknown)."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("UTCDateTime needs a timezone-aware datetime")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        """Mark a stored value as UTC."""
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc)


def render_migration_item(type_, obj, autogen_context):
    """Write UTCDateTime as a plain DateTime in migrations, so they never import application code."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    return False


class local_day(FunctionElement):  # noqa: N801 - reads like the SQL function it compiles to
    """SQL for the local calendar day of a stored (naive UTC) timestamp, shifted by a whole number of minutes.

    Asia/Ho_Chi_Minh has kept UTC+7 without daylight saving since 1975, so a fixed offset is exact there; a plain
    addition costs about half of PostgreSQL's AT TIME ZONE. The offset is written into the SQL as a number.
    """

    type = Date()
    inherit_cache = True

    def __init__(self, stamp, minutes):
        super().__init__(stamp, literal_column(str(int(minutes)), Integer()))


@compiles(local_day)
def _local_day_postgresql(element, compiler, **kw):
    stamp, minutes = list(element.clauses)
    return f"CAST({compiler.process(stamp, **kw)} + make_interval(mins => {compiler.process(minutes, **kw)}) AS DATE)"


@compiles(local_day, "sqlite")
def _local_day_sqlite(element, compiler, **kw):
    stamp, minutes = list(element.clauses)
    return f"date({compiler.process(stamp, **kw)}, printf('%+d minutes', {compiler.process(minutes, **kw)}))"


def utc_offset_minutes(zone):
    """Return the current offset of `zone` from UTC in minutes."""
    return int(datetime.now(ZoneInfo(zone)).utcoffset() // timedelta(minutes=1))
