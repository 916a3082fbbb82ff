"""Entering and importing opinions gathered offline.

One set of rules checks a typed form and every row of a file (RowChecker). Offline opinions are stored like online
ones, by consult.feedback.store: a receipt code, pending moderation, the automatic flags and groups; they keep
their channel, day received and source reference, and who entered them.

Importing the same rows twice saves them once. Each row's submission id is a hash of the draft and of the row's
checked values, with the row's occurrence among identical rows of the file: a corrected or extended copy of an
earlier file saves only its new rows, while two identical opinions in one file (two callers saying the same) stay two.
"""

import collections
import hashlib
import io
import itertools
import json
from dataclasses import dataclass

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from consult.audit import record
from consult.database import utcnow
from consult.drafts.labels import target_label
from consult.extensions import db
from consult.feedback.models import CHANNELS, Feedback
from consult.feedback.store import opinion_row, store_opinions
from consult.offline.files import COLUMNS_BY_KEY, OfflineFileError, read_offline_file
from consult.offline.rules import OFFLINE_CHANNELS, OfflineEntryClosed, RowChecker, offline_entry_open

__all__ = [
    "OFFLINE_CHANNELS",
    "OfflineEntryClosed",
    "OfflineFileError",
    "OfflineValuesInvalid",
    "check_file",
    "check_offline_values",
    "enter_offline_feedback",
    "import_offline",
    "offline_entry_open",
    "preview",
    "preview_labels",
    "read_offline_file",
    "validate_rows",
]


BATCH_SIZE = 500
PROGRESS_ROWS = 1000  # rows checked between two progress reports


class OfflineValuesInvalid(ValueError):
    """A typed opinion breaks the rules; `errors` lists (field key, message)."""

    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


@dataclass
class CleanRow:
    """A checked row: its number in the file, the values to store, and its submission id."""

    number: int
    values: dict
    key: str = ""


def check_offline_values(draft, values, today=None):
    """Return (values to store, [(field key, message)]) for one typed opinion."""
    return RowChecker(draft, today).check(values)


def validate_rows(draft, rows, today=None, progress=None):
    """Check every row of a file; return (clean rows, [(row number, column name, message)]).

    Nothing may be saved unless the error list is empty. `progress(rows checked, 0)` is called now and then.
    """
    checker = RowChecker(draft, today)
    clean, errors, occurrences = [], [], collections.Counter()
    for count, (number, cells) in enumerate(rows, start=1):
        if progress is not None and count % PROGRESS_ROWS == 0:
            progress(count, 0)
        values, problems = checker.check(cells)
        errors.extend((number, COLUMNS_BY_KEY[key].name, message) for key, message in problems)
        if not problems:
            digest = _row_digest(draft, values)
            occurrences[digest] += 1
            clean.append(CleanRow(number, values, f"offline-{digest}-{occurrences[digest]}"))
    if not clean and not errors:
        raise OfflineFileError(_("The file has no opinions below its header row."))
    return clean, errors


def _row_digest(draft, values):
    """Return a hash of what makes a row the opinion it is (article numbers, not ids, which change by version)."""
    fields = [draft.id] + [values[key] for key in COLUMNS_BY_KEY]
    return hashlib.sha1(json.dumps(fields, default=str, ensure_ascii=False).encode("utf-8")).hexdigest()


def _consent_texts():
    """Return {channel: the note kept in place of the author's consent}, in the app's default language."""
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        return {
            code: _(
                "Entered by agency staff from an opinion received offline (%(channel)s); the author did not "
                "use the online form.",
                channel=str(CHANNELS[code]),
            )
            for code in OFFLINE_CHANNELS
        }


def _row(staff, draft, values, submission_id, consent_texts, now):
    """Return the opinion row of checked offline values (consult.feedback.store)."""
    return opinion_row(
        draft,
        dict(values, consent_name=False, notify=False),
        article_id=values["article_id"],
        clause_id=values["clause_id"],
        submission_id=submission_id,
        consent_text=consent_texts[values["channel"]],
        entered_by=staff,
        now=now,
    )


def enter_offline_feedback(staff, draft, values, submission_id=None, now=None):
    """Store one opinion typed by staff as pending moderation and return it; raise OfflineValuesInvalid if wrong.

    The same form sent twice (a double click, a reload) gives the opinion stored the first time.
    """
    clean, errors = check_offline_values(draft, values)
    if errors:
        raise OfflineValuesInvalid(errors)
    receipt = store_opinions([_row(staff, draft, clean, submission_id, _consent_texts(), now or utcnow())])[0]
    feedback = db.session.get(Feedback, receipt.id)
    record(
        staff,
        "feedback.enter_offline",
        feedback,
        after={
            "channel": feedback.channel,
            "received_on": feedback.received_on.isoformat(),
            "source_ref": feedback.source_ref,
        },
    )
    return feedback


def _imported_keys(keys):
    """Return which of these row keys are stored already (one query)."""
    return set(db.session.scalars(select(Feedback.submission_id).where(Feedback.submission_id.in_(keys))))


def import_offline(staff, draft, clean_rows, batch_size=BATCH_SIZE, now=None, source=None, progress=None):
    """Store checked rows in batches, skipping rows imported before; return (saved, skipped).

    The caller commits once, so an import is saved whole or not at all. `progress(rows done, rows)` is called
    after each batch.
    """
    now, consent_texts, saved, skipped = now or utcnow(), _consent_texts(), 0, 0
    rows = iter(clean_rows)
    while batch := list(itertools.islice(rows, batch_size)):
        if progress is not None:
            progress(saved + skipped, len(clean_rows))
        imported = _imported_keys([row.key for row in batch])
        skipped += len(imported)
        new = [_row(staff, draft, row.values, row.key, consent_texts, now) for row in batch if row.key not in imported]
        if new:
            store_opinions(new)
        saved += len(new)
    record(staff, "feedback.import_offline", draft, after={"saved": saved, "skipped": skipped, **(source or {})})
    db.session.flush()
    return saved, skipped


def check_file(draft, data, progress=None):
    """Read and check an uploaded file; return (clean rows, [(row, column, message)], a message about the whole
    file or None)."""
    try:
        clean, errors = validate_rows(draft, read_offline_file(io.BytesIO(data)), progress=progress)
    except OfflineFileError as error:
        return [], error.errors, str(error.message)
    return clean, errors, None


def preview(draft, clean_rows):
    """Return what an import would do, in plain values (kept with the run): how many rows are new or imported
    already, and how many by channel code and by article number (None: the whole draft)."""
    keys = [row.key for row in clean_rows]
    known = sum(len(_imported_keys(keys[start : start + BATCH_SIZE])) for start in range(0, len(keys), BATCH_SIZE))
    by_channel = collections.Counter(row.values["channel"] for row in clean_rows)
    by_article = collections.Counter(row.values["article"] for row in clean_rows)
    return {
        "total": len(clean_rows),
        "new": len(clean_rows) - known,
        "known": known,
        "by_channel": [[code, by_channel[code]] for code in OFFLINE_CHANNELS if by_channel[code]],
        "by_article": sorted(
            ([number, count] for number, count in by_article.items()),
            key=lambda item: (item[0] is not None, item[0] or 0),
        ),
    }


def preview_labels(draft, summary):
    """Return a preview's counts by channel and by article with their labels, to show."""
    articles = {article.number: article for article in draft.articles}
    return (
        [(CHANNELS[code], count) for code, count in summary["by_channel"]],
        [(target_label(articles.get(number)), count) for number, count in summary["by_article"]],
    )
