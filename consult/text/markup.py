"""Key points in plain words, written by an agency with a few Markdown marks and shown as HTML that can hold only
paragraphs, lists, bold, italics and links.

The text is written as staff would in an email: one point per line starting with "- " (or "1. "), **bold**,
*italics*, [a link](https://...) or a bare address. Python-Markdown turns it into HTML; bleach keeps only the tags
and link schemes below, when the text is saved and again when it is shown (`safe_markup`), so HTML typed in, or
stored by any other way, never reaches a page as such.
"""

import re

import bleach
import markdown
from markupsafe import Markup

TAGS = frozenset({"p", "br", "ul", "ol", "li", "strong", "em", "a"})
ATTRIBUTES = {"a": ["href", "title", "rel"]}
PROTOCOLS = frozenset({"http", "https", "mailto", "tel"})
MAX_LENGTH = 3000  # characters of one text: key points, not the document

_LIST_ITEM = re.compile(r"^(?:[-*+]|\d{1,3}[.)])\s")


def key_points_html(text):
    """Return the sanitised HTML of key points written as `text` ("" for none)."""
    if not text or not text.strip():
        return ""
    html = markdown.markdown(_lists_apart(text), extensions=["sane_lists", "nl2br"], output_format="html")
    return _clean(bleach.linkify(_clean(html), callbacks=[_nofollow]))


def safe_markup(html):
    """Return stored key points' HTML as markup for a page, sanitised again."""
    return Markup(_clean(html or ""))


def _clean(html):
    return bleach.clean(html, tags=TAGS, attributes=ATTRIBUTES, protocols=PROTOCOLS, strip=True)


def _nofollow(attrs, new=False):
    """Links in key points lead out of the site: not followed for ranking, no access to this window."""
    attrs[(None, "rel")] = "nofollow noopener"
    return attrs


def _lists_apart(text):
    """Put a blank line between a list and a line of text before or after it: Markdown needs it before a list and
    would take a line after one into its last point; people type neither."""
    kept = []
    for line in text.split("\n"):
        if (
            kept
            and line.strip()
            and kept[-1].strip()
            and bool(_LIST_ITEM.match(line)) != bool(_LIST_ITEM.match(kept[-1]))
        ):
            kept.append("")
        kept.append(line)
    return "\n".join(kept)
