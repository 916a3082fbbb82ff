"""Vietnamese text helpers: NFC storage form and a diacritic-free folded form for sorting and matching."""

import re
import unicodedata

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_FOLD_TABLE = str.maketrans({"đ": "d", "Đ": "D"})


def clean_text(value):
    """Return user text in NFC with invisible characters removed and odd spaces made plain.

    Line breaks are kept (a citizen's paragraphs matter); leading and trailing blanks are stripped.
    """
    if value is None:
        return None
    text = unicodedata.normalize("NFC", value)
    text = _INVISIBLE.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(lines).strip()


def clean_line(value):
    """Return a one-line field (a name, a title) in NFC with spaces collapsed."""
    if value is None:
        return None
    return " ".join(clean_text(value).split())


def fold(value):
    """Return lower-case text without diacritics (đ becomes d), for sorting and matching."""
    decomposed = unicodedata.normalize("NFD", value.translate(_FOLD_TABLE))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped).casefold()
