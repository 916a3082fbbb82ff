"""Automatic flags shown to moderators: profanity, spam signals, contact details in the text, duplicates.

Each detector reads one text and returns codes with the fragment that triggered them; storing flags and
comparing an opinion with the earlier ones on the same draft is the caller's job.

Profanity matching (the list and its rules) lives in consult.text.profanity.
"""

import collections
import re
from dataclasses import dataclass

from consult.text.normalize import fold
from consult.text.profanity import (
    ORDINARY_FOLDED,
    PreparedText,
    parse_profanity_list,
    profanity_entries,
    profanity_matches,
)

__all__ = [
    "EMAIL_IN_TEXT",
    "ORDINARY_FOLDED",
    "PHONE_IN_TEXT",
    "Flag",
    "compute_flags",
    "duplicate_key",
    "find_links",
    "find_profanity",
    "parse_profanity_list",
    "profanity_entries",
    "spam_signals",
]
_WORD = re.compile(r"\w+")

PROFANITY = "profanity"
LINKS = "links"
REPETITION = "repetition"
ALL_CAPS = "all_caps"
CONTACT_IN_TEXT = "contact_in_text"


@dataclass(frozen=True)
class Flag:
    """One automatic flag: a code the interface labels, and what in the text triggered it."""

    code: str
    detail: str


def find_profanity(text):
    """Return a profanity flag for each listed word or phrase in `text`, detail as written, first spelling kept."""
    if not text or not text.strip():
        return []
    return _profanity(PreparedText(text))


def _profanity(doc):
    return [Flag(PROFANITY, written) for written in profanity_matches(doc)]


_TLDS = "com|net|org|info|biz|vn|xyz|top|io|me|online|site|shop|store|club|asia|link|click|live|ly|gl|tk|app|dev|co"
# Addresses with a scheme or www., and bare domains on well-known top-level domains ("vaytien.com.vn",
# "t.me/abc"); the list keeps "v.v." and "TP.HCM" out. A domain glued to "@" is an e-mail, not a link.
_LINK = re.compile(
    r"https?://[^\s<>\"']+|www\.[^\s<>\"']+"
    rf"|(?<![\w@.\-])(?:[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?\.)+(?:{_TLDS})(?![\w@\-])(?:/[^\s<>\"']*)?",
    re.IGNORECASE,
)
_LINK_HINT = re.compile(rf"://|www\.|\.(?:{_TLDS})\b", re.IGNORECASE)  # cheap test before _LINK
_LINK_TRAILER = re.compile(r"[.,;:!?'\"»”’…]+$")
EMAIL_IN_TEXT = re.compile(
    r"(?<![\w.+\-])[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}(?![\w\-])"
)
# Vietnamese numbers, digits grouped with blanks, dots or hyphens: mobiles 0 + 9 digits (03, 05, 07, 08, 09),
# landlines 02x + 8 digits, either with +84 or 0084 instead of the 0. A 12-digit citizen ID does not match.
PHONE_IN_TEXT = re.compile(
    r"(?<![\w+])(?:(?:\+|00)84[ .\-]?|\(\+84\)[ .\-]?|0)"
    r"(?:[35789](?:[ .\-]?\d){8}|2(?:[ .\-]?\d){9})(?!\w)"
)
_REPEATED_WORD = re.compile(r"(?<!\S)(\S+ )\1{3,}")  # one word four times in a row
_REPEATED_PHRASE = re.compile(r"(?<!\S)((?:\S+ ){2,6}?)\1{2,}")  # two to six words three times in a row
# One character eight times in a row; digits, blanks and the dots, dashes and lines of fill-in forms excepted.
_CHARACTER_RUN = re.compile(r"([^\s\d.…_\-=*~/\\|#+])\1{7,}")
_CAPITAL = re.compile("[" + "".join(chr(code) for code in range(0x41, 0x2000) if chr(code).isupper()) + "]")
ALL_CAPS_MIN_LETTERS = 20
ALL_CAPS_MIN_SHARE = 0.7


def find_links(text):
    """Return the links (addresses, bare domains) written in a text, in order."""
    return _links(text)


def _links(text):
    if not _LINK_HINT.search(text):
        return []
    found = []
    for match in _LINK.finditer(text):
        link = _LINK_TRAILER.sub("", match.group())
        while link.endswith(")") and link.count(")") > link.count("("):  # "(xem abc.vn)"
            link = _LINK_TRAILER.sub("", link[:-1])
        if link not in found:
            found.append(link)
    return found


def _repetitions(doc):
    words = _WORD.findall(doc.joined[0])
    fragments = []
    if words and max(collections.Counter(words).values()) >= 3:
        fragments += _repeated_words(" ".join(words) + " ")
    fragments += [match.group()[:20] for match in _CHARACTER_RUN.finditer(doc.clean)]
    return list(dict.fromkeys(fragments))


def _repeated_words(words):
    fragments = [match.group(1).strip() for match in _REPEATED_WORD.finditer(words)]
    for match in _REPEATED_PHRASE.finditer(words):
        unit = match.group(1).split()
        if len(set(unit)) > 1:
            fragments.append(" ".join(unit))
    return fragments


def _upper_share(text):
    """Return (letters, share of them in upper case); (0, 0.0) when too few capitals to matter."""
    if len(_CAPITAL.findall(text)) < ALL_CAPS_MIN_LETTERS * ALL_CAPS_MIN_SHARE:
        return 0, 0.0
    letters = sum(map(str.isalpha, text))
    return letters, sum(map(str.isupper, text)) / max(letters, 1)


def _contacts(text):
    found = [(match.start(), match.group()) for match in PHONE_IN_TEXT.finditer(text)]
    found += [(match.start(), match.group()) for match in EMAIL_IN_TEXT.finditer(text)]
    return list(dict.fromkeys(contact for _, contact in sorted(found)))


def _spam(doc, max_links):
    flags = []
    links = _links(doc.clean)
    if len(links) > max_links:
        flags.append(Flag(LINKS, ", ".join(links)))
    flags += [Flag(REPETITION, fragment) for fragment in _repetitions(doc)]
    letters, share = _upper_share(doc.clean)
    if letters >= ALL_CAPS_MIN_LETTERS and share >= ALL_CAPS_MIN_SHARE:
        flags.append(Flag(ALL_CAPS, f"{round(share * 100)}%"))
    contacts = _contacts(doc.clean)
    if contacts:
        flags.append(Flag(CONTACT_IN_TEXT, ", ".join(contacts)))
    return flags


def spam_signals(text, max_links=0):
    """Return the spam flags of `text`: links, repetition, all caps, phone numbers and e-mail addresses.

    A "links" flag lists every link once the text has more than `max_links` of them; by default any link
    is shown to the moderator.
    """
    if not text or not text.strip():
        return []
    return _spam(PreparedText(text), max_links)


def compute_flags(text):
    """Return the profanity flags then the spam flags of `text`, each once, in a stable order."""
    if not text or not text.strip():
        return []
    doc = PreparedText(text)
    return list(dict.fromkeys(_profanity(doc) + _spam(doc, 0)))


_DIGIT_GROUPING = re.compile(r"(?<=\d)[.,](?=\d)")
_NOT_WORD = re.compile(r"[\W_]+")


def duplicate_key(text):
    """Return the key two copies of one opinion share whatever their case, tones, punctuation or spacing."""
    return _NOT_WORD.sub(" ", _DIGIT_GROUPING.sub("", fold(text or ""))).strip()
