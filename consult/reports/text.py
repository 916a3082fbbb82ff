"""The synthesis report's wording and the parts DOCX and PDF share, so both say the same thing.

The form's fixed wording (header, title, section headings, column titles) is the Vietnamese administrative form,
read from wording.json; a deployment adjusts it with REPORT_WORDING_FILE (a JSON object overriding some keys).
Labels taken from the application (stances, channels, answer kinds) come through Babel.
"""

import json
import re
import unicodedata
from pathlib import Path

from flask import current_app
from flask_babel import format_decimal
from flask_babel import gettext as _

from consult.answers.models import ANSWER_KINDS
from consult.feedback.models import AUTHOR_KINDS, CHANNELS, FeedbackStatus
from consult.grouping.queries import group_counts
from consult.i18n import format_date, label
from consult.localities import locality_name
from consult.reports.data import author_label, visible_answer
from consult.reports.models import Audience

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_DRAFT_PREFIX = re.compile(r"^\s*dự\s+thảo\s+", re.IGNORECASE)


def clean(text):
    """Return text safe for XML and PDF fonts: NFC (precomposed Vietnamese letters), no control characters."""
    return _CONTROL.sub("", unicodedata.normalize("NFC", str(text or "")))


def wording():
    """Return the form's wording: wording.json, overridden by the file REPORT_WORDING_FILE names."""
    words = json.loads((Path(__file__).with_name("wording.json")).read_text(encoding="utf-8"))
    override = current_app.config.get("REPORT_WORDING_FILE")
    if override:
        words.update(json.loads(Path(override).read_text(encoding="utf-8")))
    return words


def number(value):
    """Return a count the Vietnamese way (1.203)."""
    return format_decimal(value)


def article_heading(row):
    """Return the heading of a build_summary article row."""
    if row.get("earlier"):
        return _("Articles of earlier versions")
    article = row["article"]
    if article is None:
        return _("Whole draft")
    heading = _("Article %(number)d", number=article.number)
    return f"{heading}. {article.title}" if article.title else heading


def header(draft, words, today, place=""):
    """Return the header lines: agency (left), nation and motto (right), place (the agency's own for this report,
    else REPORT_PLACE, else the agency's province) and `today` (the day the agency set, else the build's), title."""
    place = (
        place
        or current_app.config.get("REPORT_PLACE")
        or (locality_name(draft.agency.locality) if draft.agency is not None and draft.agency.locality else "")
        or words["blank_place"]
    )
    title = _DRAFT_PREFIX.sub("", draft.title).upper()
    return {
        "agency": draft_agency_name(draft).upper(),
        "nation": words["nation"],
        "motto": words["motto"],
        "place_date": words["place_date"].format(
            place=place, day=f"{today.day:02d}", month=f"{today.month:02d}", year=today.year
        ),
        "title": words["title"].format(title=title),
    }


def draft_agency_name(draft):
    """Return the drafting agency's name."""
    return draft.agency.name if draft.agency is not None else ""


def facts(draft, numbers, words):
    """Return the paragraphs of part I: the window, channels, numbers of opinions, groups and answers."""
    opens, closes = format_date(draft.opens_at), format_date(draft.closes_at)
    channels = (
        ", ".join(
            words["channel_item"].format(channel=label(CHANNELS, code), count=number(count))
            for code, count in numbers["by_channel"]
        )
        or "—"
    )
    lines = [
        words["window"].format(opens=opens, closes=closes),
        words["channels"].format(channels=channels),
        words["total"].format(count=number(numbers["counted"])),
    ]
    if numbers["audience"] == Audience.AGENCY:
        by_status = numbers["by_status"]
        lines.append(
            words["by_status"].format(
                total=number(numbers["total"]),
                approved=number(by_status.get(FeedbackStatus.APPROVED, 0)),
                pending=number(by_status.get(FeedbackStatus.PENDING, 0)),
                rejected=number(by_status.get(FeedbackStatus.REJECTED, 0)),
            )
        )
    kinds = ", ".join(
        words["kind_item"].format(kind=label(AUTHOR_KINDS, code), count=number(count))
        for code, count in numbers["by_kind"]
    )
    if kinds:
        lines.append(words["by_kind"].format(kinds=kinds))
    if numbers["audience"] == Audience.AGENCY:
        groups, members = group_counts(draft)
        if groups:
            lines.append(words["groups"].format(groups=number(groups), members=number(members)))
    if numbers["answered"]:
        kinds = ", ".join(
            f"{label(ANSWER_KINDS, code)}: {number(numbers['by_answer'].get(code, 0))}"
            for code in ANSWER_KINDS
            if numbers["by_answer"].get(code)
        )
        lines.append(words["answered"].format(count=number(numbers["answered"]), kinds=kinds))
    return [clean(line) for line in lines]


def opening(draft, words):
    """Return the opening paragraph."""
    return clean(
        words["opening"].format(
            agency=draft_agency_name(draft),
            title=_DRAFT_PREFIX.sub("", draft.title),
            opens=format_date(draft.opens_at),
            closes=format_date(draft.closes_at),
        )
    )


def table_cells(row, audience, draft, words, labels):
    """Return the four cells of a synthesis table row: target, author(s), content, answer (labels: a Labels)."""
    opinion = row.opinion
    author = f"{author_label(opinion, audience, labels.withheld)} ({labels('kind', opinion.author_kind)})"
    if row.size > 1:
        author += "\n" + words["same_content"].format(count=number(row.size - 1))
    content = opinion.content
    if opinion.proposed_wording:
        content += "\n" + words["proposed"].format(text=opinion.proposed_wording)
    answer = visible_answer(opinion, audience, draft)
    if answer is None:
        reply = words["no_answer"]
    else:
        reply = f"[{labels('answer', answer.kind)}] {answer.explanation}"
        if audience == Audience.AGENCY and answer.published_at is None:
            reply += " " + words["unpublished_answer"]
    return [clean(cell) for cell in (labels.target(opinion.article, opinion.clause), author, content, reply)]
