"""How the queue's pages show opinions: labels translated once per page, and the template filters of a row."""

from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _

from consult.feedback.models import AUTHOR_KINDS, CHANNELS, FLAG_LABELS, STANCES
from consult.moderation import bp


def page_text():
    """Translate once per page the labels every opinion repeats: a gettext call per opinion and label costs a
    page of 50 opinions more server time than its queries."""
    return {
        "stances": {code: str(text) for code, text in STANCES.items()},
        "channels": {code: str(text) for code, text in CHANNELS.items()},
        "author_kinds": {code: str(text) for code, text in AUTHOR_KINDS.items()},
        "flag_labels": {code: str(text) for code, text in FLAG_LABELS.items()},
        "tick": _("Tick %(code)s for a bulk decision"),  # formatted per opinion by the template
        # consult.drafts.labels.target_label's three forms, formatted per opinion by _item.html
        "whole_draft": _("Whole draft"),
        "article": _("Article %(number)d"),
        "clause": _("Clause %(clause)d, Article %(article)d"),
        "zone": ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"]),
        # A row's age, short: "3 ngày", "5 giờ", "12 phút"
        "days": _("%(num)d d"),
        "hours": _("%(num)d h"),
        "minutes": _("%(num)d min"),
        "open": _("Read and decide %(code)s"),
        "mine": _("Taken by you"),
    }


@bp.app_template_filter("queue_time")
def queue_time(value, zone):
    """Return an aware UTC time as dd/mm/yyyy HH:MM in `zone` (the `datetime` filter's output, without Babel)."""
    return value.astimezone(zone).strftime("%d/%m/%Y %H:%M") if value else ""


def _domain(link):
    """Return the domain of a link as written in an opinion ("https://www.vay.vn/x" -> "vay.vn")."""
    host = urlsplit(link if "://" in link else f"http://{link}").hostname or link
    return host.removeprefix("www.")


@bp.app_template_filter("queue_age")
def queue_age(value, now, page_text):
    """Return how long an opinion has waited, short ("3 d"), from the page's translated patterns."""
    minutes = max(0, int((now - value).total_seconds() // 60))
    if minutes >= 24 * 60:
        return page_text["days"] % {"num": minutes // (24 * 60)}
    if minutes >= 60:
        return page_text["hours"] % {"num": minutes // 60}
    return page_text["minutes"] % {"num": minutes}


FIRST_LINE = 160  # characters of an opinion shown on its row


@bp.app_template_filter("first_line")
def first_line(text, width=FIRST_LINE):
    """Return the first non-blank line of a text, cut at a word before `width` characters (with …)."""
    line = next((part.strip() for part in (text or "").splitlines() if part.strip()), "")
    if len(line) <= width:
        return line + (" …" if line != (text or "").strip() else "")
    cut = line[:width].rsplit(" ", 1)[0] or line[:width]
    return cut + " …"


@bp.app_template_filter("flag_summary")
def flag_summary(flags):
    """Return [(code, what triggered it)] of an opinion's flags: the matched word, the domains linked, the copy."""
    summary = []
    for flag in flags or []:
        code, detail = flag.get("code"), flag.get("detail") or ""
        if code == "links":
            detail = ", ".join(dict.fromkeys(_domain(link.strip()) for link in detail.split(",") if link.strip()))
        summary.append((code, detail))
    return summary
