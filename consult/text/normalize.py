"""The three forms of a text: stored (NFC, as typed), canonical (for matching) and folded (no diacritics)."""

import functools
import re
import unicodedata
from itertools import compress

from consult.text.tones import place_tones

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
# Control characters (C0 but tab and line breaks, DEL, C1) and the bidirectional controls that reorder what is shown
# ("RLO" makes "gpj.exe" read "exe.jpg"). No one types them; PostgreSQL refuses NUL in a text column.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# A run of blanks other than one plain space (tabs, no-break and typographic spaces, doubled spaces); a lone
# plain space is left unmatched, which keeps the substitution cheap on ordinary text (nearly all lone spaces).
_ODD_BLANKS = r"\t\u00a0\u2000-\u200a\u202f\u205f\u3000"
_SPACES = re.compile(rf" [ {_ODD_BLANKS}]+|[{_ODD_BLANKS}][ {_ODD_BLANKS}]*")
# Matching also drops the soft hyphen, which word processors leave inside words ("quy\u00adhoạch").
_INVISIBLE_FOR_MATCHING = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")


def strip_controls(value):
    """Return text without control characters (but tab and line breaks) and bidirectional controls."""
    return _CONTROLS.sub("", value)


def clean_text(value):
    """Return user text in NFC with control and invisible characters removed and odd spaces made plain.

    Line breaks are kept (a citizen's paragraphs matter); leading and trailing blanks are stripped.
    Tone placement and case are kept as typed: this is the stored, displayed form.
    """
    if value is None:
        return None
    text = unicodedata.normalize("NFC", strip_controls(value))
    text = _INVISIBLE.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(lines).strip()


def clean_line(value):
    """Return a one-line field (a name, a title) in NFC with spaces collapsed."""
    if value is None:
        return None
    return " ".join(clean_text(value).split())


def _caseless(text):
    """Return NFC, case-folded `text` without invisible characters, odd spaces made one plain space."""
    return _SPACES.sub(" ", case_folded(text))


def case_folded(text):
    """Return NFC, case-folded `text` without invisible characters; blanks as they are (cutting words needs no more)."""
    text = _INVISIBLE_FOR_MATCHING.sub("", unicodedata.normalize("NFC", text))
    # NFC again: case folding can decompose a letter (ǰ) or leave one NFC would compose.
    return unicodedata.normalize("NFC", text.casefold())


def canonical(text):
    """Return the form used to compare texts: NFC, case-folded, one tone placement, invisible characters gone.

    "Hoà\u00a0 Bình" and "hòa bình" meet. Never shown to users: clean_text gives the stored, displayed form.
    """
    return " ".join(map(_canonical_word, _caseless(text).split(" ")))


def fold(value):
    """Return lower-case text without diacritics (đ becomes d), for sorting and matching.

    Equal to canonical() with every mark removed; tone placement does not matter once tones are gone.
    """
    folded = " ".join(map(_fold_word, _caseless(value).split(" ")))
    # A stray mark alone between two spaces leaves them side by side once it is gone.
    return _SPACES.sub(" ", folded) if "  " in folded else folded


# Comments repeat the same few thousand words: caching per word runs the tone rule once per distinct word
# rather than once per word of every text.
@functools.lru_cache(maxsize=1 << 17)
def _canonical_word(word):
    return place_tones(word)


@functools.lru_cache(maxsize=1 << 17)
def _fold_word(word):
    decomposed = unicodedata.normalize("NFD", word)
    return unicodedata.normalize("NFC", decomposed.translate(_STRIP_TABLE))


# Unicode puts every combining mark in planes 0 and 1 (in Unicode 14, Python 3.11's, the last is U+1E94A);
# tests/text/test_normalize.py folds every mark of all 17 planes, so a newer Unicode cannot slip one past.
_MARKS_END = 0x20000


def _strip_table(end=_MARKS_END):
    """Return a str.translate table deleting every combining mark below code point `end` and turning đ into d."""
    # map() and compress() loop in C: no Python line runs per code point, so coverage and profilers do not slow it.
    code_points = range(end)
    table = dict.fromkeys(compress(code_points, map(unicodedata.combining, map(chr, code_points))))
    table[ord("đ")] = "d"
    return table


# Built at import. Built on the first fold() instead (then by a Python loop over all 1,114,112 code points, which a
# tracer slows much further), it made a worker's first request slow and broke the deadline of the property tests
# run alone.
_STRIP_TABLE = _strip_table()
