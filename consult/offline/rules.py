"""The rules an offline opinion follows, whether typed in the staff form or read from a row of a file.

Each rule turns a cell (text, an Excel number or date) into the value stored, or raises ValueError with the message
shown next to the field or listed with the row and column.
"""

import functools
import re
from datetime import date, datetime

from flask import current_app
from flask_babel import gettext as _

from consult.database import utcnow
from consult.drafts.models import DraftStatus
from consult.feedback.models import AUTHOR_KINDS, CHANNELS, STANCES
from consult.feedback.targets import target_ids
from consult.i18n import LOCAL_TZ
from consult.offline.files import (
    ANONYMOUS,
    CHANNEL_WORDS,
    COLUMNS_BY_KEY,
    KIND_WORDS,
    STANCE_WORDS,
    cell_text,
    is_anonymous,
    match_locality,
    word_index,
    word_key,
)
from consult.text import clean_line, clean_text

OFFLINE_CHANNELS = tuple(code for code in CHANNELS if code != "web")
LINE_LIMIT = 255
COLUMN_ORDER = {key: position for position, key in enumerate(COLUMNS_BY_KEY)}
# What a date typed in one of DATE_FORMATS looks like, real or not (31/02/2026, 2026-02-30).
_DATE_SHAPE = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-](?:\d{2}|\d{4})|\d{4}-\d{1,2}-\d{1,2}")
DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d/%m/%y")


class OfflineEntryClosed(Exception):
    """Opinions cannot be entered for this draft: it is not published."""


def offline_entry_open(draft):
    """Return whether staff may enter offline opinions for the draft: once it has been published."""
    return draft.status != DraftStatus.DRAFT and draft.current_version is not None


def _quoted(words):
    return ", ".join(f"“{word}”" for word in words)


class RowChecker:
    """The rules for one offline opinion on one draft, with what they need computed once per file."""

    def __init__(self, draft, today=None):
        if not offline_entry_open(draft):
            raise OfflineEntryClosed()
        self.draft = draft
        self.first_day = draft.opens_at.astimezone(LOCAL_TZ).date()
        self.last_day = draft.last_day_at.astimezone(LOCAL_TZ).date()
        self.today = today or utcnow().astimezone(LOCAL_TZ).date()
        self.max_length = current_app.config["FEEDBACK_MAX_LENGTH"]
        offline_words = {code: CHANNEL_WORDS[code] for code in OFFLINE_CHANNELS}
        self.channels = word_index(offline_words, {code: CHANNELS[code] for code in OFFLINE_CHANNELS})
        self.stances = word_index(STANCE_WORDS, STANCES)
        self.kinds = word_index(KIND_WORDS, AUTHOR_KINDS)
        self.channel_words = _quoted(words[0] for words in offline_words.values())
        self.stance_words = _quoted(words[0] for words in STANCE_WORDS.values())
        self.kind_words = _quoted(words[0] for words in KIND_WORDS.values())
        self.missing = {
            "channel": _("Enter the channel: %(values)s.") % {"values": self.channel_words},
            "stance": _("Enter the stance: %(values)s.") % {"values": self.stance_words},
            "article": _("Enter the article as a number, e.g. 5."),
            "clause": _("Enter the clause as a number, e.g. 2."),
        }
        self.rules = self._rules()

    def check(self, cells):
        """Return (values to store, [(column key, message)]) for one row of cells or typed values."""
        values, errors = {}, []
        for key, rule in self.rules:
            try:
                values[key] = rule(cells.get(key))
            except ValueError as error:
                errors.append((key, str(error)))
        if "article" in values and "clause" in values:
            try:
                values["article_id"], values["clause_id"] = self._target(values["article"], values["clause"])
            except ValueError as error:
                errors.append(error.args)  # (column key, message)
        if values.get("author_name") == ANONYMOUS and values.get("author_kind") == "organisation":
            errors.append(("author_name", _("An organisation's opinion needs the organisation's name.")))
        return values, sorted(errors, key=lambda error: COLUMN_ORDER[error[0]])

    def _rules(self):
        return (
            ("channel", lambda cell: self._word(cell, self.channels, self.channel_words, self.missing["channel"])),
            ("received_on", self._received_on),
            ("source_ref", lambda cell: _line(cell, LINE_LIMIT)),
            ("article", lambda cell: _number(cell, "dieu", self.missing["article"])),
            ("clause", lambda cell: _number(cell, "khoan", self.missing["clause"])),
            ("stance", lambda cell: self._word(cell, self.stances, self.stance_words, self.missing["stance"])),
            ("content", self._content),
            ("proposed_wording", lambda cell: _text(cell, self.max_length)),
            ("author_kind", lambda cell: self._word(cell, self.kinds, self.kind_words, None) or "individual"),
            ("author_name", _author_name),
            ("locality", _locality),
            ("locality_detail", lambda cell: _line(cell, LINE_LIMIT)),
            ("contact", lambda cell: _line(cell, LINE_LIMIT)),
        )

    def _word(self, cell, index, words, missing):
        """Return the code of an accepted word; `missing` is the message for an empty cell (None: optional)."""
        text = cell_text(cell)
        if not text:
            if missing is None:
                return None
            raise ValueError(missing)
        code = index.get(word_key(text))
        if code is None:
            raise ValueError(_("“%(value)s” is not understood: use one of %(values)s.", value=text, values=words))
        return code

    def _received_on(self, cell):
        """The day must be real, not in the future, and within the consultation window."""
        day = parse_day(cell)
        if day is None:
            text = cell_text(cell)
            if not text:
                raise ValueError(_("Enter the day the opinion was received."))
            if _DATE_SHAPE.fullmatch(text):
                raise ValueError(_("There is no day %(date)s in the calendar: check the day and the month.", date=text))
            raise ValueError(_("Enter the date as dd/mm/yyyy, for example 31/12/2026."))
        shown = day.strftime("%d/%m/%Y")
        if day > self.today:
            raise ValueError(_("The date %(date)s is in the future.", date=shown))
        if day < self.first_day:
            raise ValueError(
                _(
                    "The consultation opened on %(first)s; an opinion cannot have been received on %(date)s.",
                    first=self.first_day.strftime("%d/%m/%Y"),
                    date=shown,
                )
            )
        if day > self.last_day:
            raise ValueError(
                _(
                    "The consultation's last day was %(last)s: an opinion received on %(date)s is too late "
                    "to be counted.",
                    last=self.last_day.strftime("%d/%m/%Y"),
                    date=shown,
                )
            )
        return day

    def _content(self, cell):
        text = _text(cell, self.max_length)
        if not text:
            raise ValueError(_("Enter the opinion."))
        return text

    def _target(self, article, clause):
        """Return (article_id, clause_id) in the draft's current version; blank article = the whole draft."""
        if article is None:
            if clause is not None:
                raise ValueError(
                    "clause",
                    _(
                        "Give the article of this clause in the column “%(column)s”.",
                        column=COLUMNS_BY_KEY["article"].name,
                    ),
                )
            return None, None
        if target_ids(self.draft, str(article)) is None:
            raise ValueError(
                "article", _("The current version of the draft has no article %(number)d.", number=article)
            )
        if clause is None:
            return target_ids(self.draft, str(article))
        ids = target_ids(self.draft, f"{article}.{clause}")
        if ids is None:
            raise ValueError(
                "clause", _("Article %(article)d has no clause %(clause)d.", article=article, clause=clause)
            )
        return ids


def _line(cell, limit):
    text = clean_line(cell_text(cell))
    if len(text) > limit:
        raise ValueError(_("At most %(limit)d characters.", limit=limit))
    return text


def _text(cell, limit):
    text = clean_text(cell_text(cell))
    if len(text) > limit:
        raise ValueError(_("The text is longer than %(limit)d characters.", limit=limit))
    return text


def _number(cell, word, message):
    """Return a positive whole number written as 5, 5.0 or "Điều 5"; None when empty."""
    key = word_key(cell_text(cell))
    if key.startswith(word + " "):
        key = key[len(word) + 1 :]
    if not key:
        return None
    if not key.isdigit() or int(key) < 1:
        raise ValueError(message)
    return int(key)


def _author_name(cell):
    """A name, or the anonymous marker; an empty cell is a mistake, not a way of saying anonymous."""
    text = _line(cell, LINE_LIMIT)
    if not text:
        raise ValueError(
            _(
                "Enter the name of the person or organisation, or “%(anonymous)s” if the person gave none.",
                anonymous=ANONYMOUS,
            )
        )
    return ANONYMOUS if is_anonymous(text) else text


def _locality(cell):
    code = match_locality(cell_text(cell))
    if code is None:
        raise ValueError(
            _(
                "“%(value)s” is not a province or city: use a name from the list, or leave it empty.",
                value=cell_text(cell),
            )
        )
    return code


def parse_day(cell):
    """Return the date of a cell: an Excel date, or text as dd/mm/yyyy (also yyyy-mm-dd); None if not a date."""
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    if isinstance(cell, (int, float)) and not isinstance(cell, bool) and 20000 < cell < 80000:
        from openpyxl.utils.datetime import from_excel

        return from_excel(cell).date()  # a date cell formatted as a number
    return _day_from_text(cell_text(cell).split(" ")[0])


@functools.lru_cache(maxsize=1024)  # the rows of a file share a few dates
def _day_from_text(text):
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None
