"""Translated labels looked up once per report, not once per cell: each gettext call finds the locale and its
catalogue again before translating, too costly to repeat for every cell of a large sheet."""

from functools import lru_cache
from zoneinfo import ZoneInfo

from flask_babel import get_timezone
from flask_babel import gettext as _

from consult.answers.models import ANSWER_KINDS
from consult.drafts.labels import numbered_target_label
from consult.feedback.models import AUTHOR_KINDS, CHANNELS, FEEDBACK_STATUS_LABELS, STANCES
from consult.localities import locality_name
from consult.moderation.models import REJECTION_REASONS


class Labels:
    """The labels of one build, in the locale and time zone of the moment it started."""

    def __init__(self):
        self.tables = {
            name: {code: str(text) for code, text in table.items()}
            for name, table in (
                ("channel", CHANNELS),
                ("stance", STANCES),
                ("kind", AUTHOR_KINDS),
                ("status", FEEDBACK_STATUS_LABELS),
                ("answer", ANSWER_KINDS),
                ("reason", REJECTION_REASONS),
            )
        }
        self.yes, self.no, self.withheld = _("Yes"), _("No"), _("Name withheld")
        # zoneinfo converts in C, cheaper than Babel's pytz zone in Python: two conversions per row of a sheet.
        self.zone = ZoneInfo(str(get_timezone()))
        self.numbered_target = lru_cache(maxsize=4096)(numbered_target_label)
        self.locality = lru_cache(maxsize=1024)(locality_name)

    def __call__(self, table, code):
        """Return the label of `code` in one of the tables (channel, stance, kind, status, answer, reason)."""
        return self.tables[table].get(code, code or "")

    def target(self, article, clause):
        """Return 'Article 5', 'Clause 2, Article 5' or 'Whole draft' for an opinion's article and clause objects."""
        return self.numbered_target(
            article.number if article is not None else None, clause.number if clause is not None else None
        )

    def datetime(self, value):
        """Return a UTC timestamp as local dd/mm/yyyy HH:MM."""
        return value.astimezone(self.zone).strftime("%d/%m/%Y %H:%M") if value else ""

    def day(self, value):
        """Return the local date of a UTC timestamp."""
        return value.astimezone(self.zone).date()
