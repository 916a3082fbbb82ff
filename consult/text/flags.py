"""Automatic flags shown to moderators: profanity, spam signals, contact details in the text, duplicates.

Each detector reads one text and returns codes with the fragment that triggered them; storing flags and
comparing an opinion with the earlier ones on the same draft is the caller's job.

Profanity follows VIETNAMESE.md: entries of data/profanity_vi.txt match whole words on the canonical form
(diacritics required); an entry also matches text typed without diacritics only when its folded form is not an
ordinary word (never for one syllable: "lồn" folds to "lon", "đụ" to "du"); letters spelled apart ("đ.m",
"l ồ n") are joined only when every piece is a single letter.
"""

import bisect
import collections
import difflib
import functools
import importlib.resources
import re
import unicodedata
from dataclasses import dataclass

from consult.text.normalize import canonical, fold
from consult.text.tones import tone_position

PROFANITY = "profanity"
LINKS = "links"
REPETITION = "repetition"
ALL_CAPS = "all_caps"
CONTACT_IN_TEXT = "contact_in_text"

# Ordinary phrases that, typed without diacritics, read like an entry of the list: an entry folding to one of
# them matches only with its diacritics, whatever its flags say. Single syllables need no place here.
ORDINARY_FOLDED = frozenset(
    [
        "vai lon", "vai cac", "dau buoi", "bu cac",  # vài lon bia, đóng vai các, đầu buổi, bù các khoản
        "du me", "du ma", "dau ma", "me may",  # dù mẹ, dù mà, đâu mà, mẹ may áo
        "con di", "con ngu", "do ngu", "cho de",  # con đi học, con ngủ, đồ ngủ, cho đẻ
        "cho ma", "thang cho", "cho chet", "oc cho",  # cho mà xem, thang cho người đi bộ, để cho chết, bán ốc cho
        "nao tan", "dan don", "mat day", "do khon",  # lúc nào tan, dân dọn, mặt dày / mất dây, do khôn ngoan
        "suc sinh", "suc vat", "do suc vat",  # sức sinh sản, súc vật (Luật Giao thông đường bộ), do súc vật gây ra
        "do con lon", "an hai", "bo may",  # do con lớn, ăn hai bữa, bộ máy
        "bon sau mot", "lu sau mot",  # bón sau một tháng, lũ sau một trận mưa
        "chung cu", "lon bia",  # chung cư, lon bia
    ]
)

_KNOWN_OPTIONS = frozenset(["exact", "nocaps", "not-after-number"])
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_NON_SPACE = re.compile(r"\S+")
_WORD = re.compile(r"\w+")
_LETTER = r"[^\W\d_]"
# Two or more single letters separated by dots, blanks, hyphens, underscores or asterisks: "đ.m", "l ồ n".
_SPELLED_APART = re.compile(rf"(?<!{_LETTER}){_LETTER}(?:[ ._*\-]{{1,3}}{_LETTER})+(?!{_LETTER})")
_SPELLING_SEPARATORS = re.compile(r"[ ._*\-]+")


@dataclass(frozen=True)
class Flag:
    """One automatic flag: a code the interface labels, and what in the text triggered it."""

    code: str
    detail: str


@dataclass(frozen=True)
class ProfanityEntry:
    """One entry of the profanity list: its canonical and folded forms and how it may match."""

    text: str
    folded: str
    exact_only: bool
    nocaps: bool = False
    not_after_number: bool = False
    not_after: frozenset = frozenset()

    def accepts(self, written):
        """Tell whether `written` (a match as typed) is this entry, each word with or without its diacritics."""
        words = canonical(written).split()
        if len(words) != len(self.text.split()):
            return False
        pairs = zip(words, self.text.split(), self.folded.split())
        return all(_squeeze(word) in (_squeeze(accented), _squeeze(plain)) for word, accented, plain in pairs)


def _squeeze(word):
    """Drop repeats of the last letter ("đmmm" → "đm"): entries match with their last letter drawn out."""
    return word.rstrip(word[-1]) + word[-1] if word else word


def _is_one_syllable(folded):
    return " " not in folded and tone_position(folded) is not None


def parse_profanity_list(lines):
    """Return the ProfanityEntry list described by the lines of a list file (format: data/README.md)."""
    entries = []
    for number, raw in enumerate(lines, 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        phrase, *options = (part.strip() for part in line.split("!"))
        unknown = [o for o in options if o not in _KNOWN_OPTIONS and not o.startswith("not-after=")]
        if unknown or not phrase:
            raise ValueError(f"profanity list line {number}: cannot read {raw.strip()!r}")
        text, folded = " ".join(canonical(phrase).split()), " ".join(fold(phrase).split())
        exact_only = "exact" in options or _is_one_syllable(folded) or folded in ORDINARY_FOLDED
        if exact_only and text == folded:
            raise ValueError(f"profanity list line {number}: {phrase!r} without diacritics is an ordinary word")
        not_after = frozenset(
            fold(word.strip())
            for option in options
            if option.startswith("not-after=")
            for word in option.removeprefix("not-after=").split(",")
        )
        entries.append(
            ProfanityEntry(text, folded, exact_only, "nocaps" in options, "not-after-number" in options, not_after)
        )
    return entries


def _squeezed_words(form):
    return " ".join(map(_squeeze, form.split()))


def _whole_words_pattern(forms):
    """Return one whole-word pattern for all forms, written as a trie so that the regex engine can skip most
    positions on their first letter; words may be split by any blanks and end with their last letter drawn out."""
    trie = {}
    for form in forms:
        node = trie
        for number, word in enumerate(form.split()):
            atoms = [re.escape(letter) for letter in word]
            atoms[-1] += "+"
            for atom in ([r"\s+"] if number else []) + atoms:
                node = node.setdefault(atom, {})
        node[""] = {}  # a form ends here

    def render(node):
        branches = [atom + render(child) for atom, child in node.items() if atom]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return re.compile(r"(?<!\w)" + render(trie) + r"(?!\w)")


class _Lexicon:
    """The compiled profanity list: a pattern on the canonical form, one on the folded form, and their entries."""

    def __init__(self, entries):
        self.by_text, self.by_fold = {}, {}
        for entry in entries:
            self.by_text.setdefault(_squeezed_words(entry.text), []).append(entry)
            if not entry.exact_only:
                self.by_fold.setdefault(_squeezed_words(entry.folded), []).append(entry)
        self.exact = _whole_words_pattern(entry.text for entry in entries)
        self.folded = _whole_words_pattern(entry.folded for entry in entries if not entry.exact_only)

    def entry(self, matched):
        """Return the entry a match of the canonical pattern stands for: the one spelled alike if any."""
        candidates = self.by_text[_squeezed_words(matched)]
        spelled = " ".join(matched.split())
        return next((entry for entry in candidates if entry.text == spelled), candidates[0])

    def folded_entry(self, folded, written):
        """Return the entry a match of the folded pattern stands for, if the words as written agree."""
        return next((entry for entry in self.by_fold.get(folded, ()) if entry.accepts(written)), None)


@functools.cache
def profanity_entries():
    """Return the entries of data/profanity_vi.txt."""
    path = importlib.resources.files("consult.text") / "data" / "profanity_vi.txt"
    return tuple(parse_profanity_list(path.read_text(encoding="utf-8").splitlines()))


@functools.cache
def _lexicon():
    return _Lexicon(profanity_entries())


# Comments repeat the same few thousand words: caching both forms per word keeps compute_flags fast.
@functools.lru_cache(maxsize=1 << 16)
def _word_forms(word):
    return canonical(word), fold(word)


class _Text:
    """A text cut at blanks, with the canonical and folded forms of its words joined for matching."""

    def __init__(self, text):
        self.clean = _INVISIBLE.sub("", unicodedata.normalize("NFC", text))
        self.forms = [_word_forms(word) for word in self.clean.split()]
        self.joined = tuple(" ".join(form[index] for form in self.forms) for index in (0, 1))
        self._spans = None
        self._starts = {}

    def source(self, index, start, end):
        """Return the (start, end) in the clean text of characters start:end of joined form `index`."""
        if self._spans is None:
            self._spans = [match.span() for match in _NON_SPACE.finditer(self.clean)]
        if index not in self._starts:
            starts, position = [], 0
            for form in self.forms:
                starts.append(position)
                position += len(form[index]) + 1
            self._starts[index] = starts
        starts = self._starts[index]
        first, last = bisect.bisect_right(starts, start) - 1, bisect.bisect_right(starts, end - 1) - 1
        return (
            self._offset(index, first, start - starts[first], at_end=False),
            self._offset(index, last, end - starts[last], at_end=True),
        )

    def _offset(self, index, word, offset, at_end):
        word_start, word_end = self._spans[word]
        if len(self.forms[word][index]) == word_end - word_start:
            return word_start + offset
        return word_end if at_end else word_start  # the word changed length: take all of it

    def word_before(self, position):
        words = _WORD.findall(self.clean[max(0, position - 40) : position])
        return words[-1] if words else ""


def _allowed(entry, doc, start, end):
    """Apply the entry's options to one match in the clean text."""
    if entry.nocaps and doc.clean[start:end].isupper():
        return False
    if entry.not_after_number or entry.not_after:
        before = doc.word_before(start)
        if entry.not_after_number and before.isdigit():
            return False
        if fold(before) in entry.not_after:
            return False
    return True


def _profanity_hits(doc):
    """Yield (start, end, entry) for each match in the clean text, from the three passes."""
    lexicon = _lexicon()
    for match in lexicon.exact.finditer(doc.joined[0]):
        yield (*doc.source(0, *match.span()), lexicon.entry(match.group()))
    for match in lexicon.folded.finditer(doc.joined[1]):
        start, end = doc.source(1, *match.span())
        entry = lexicon.folded_entry(_squeezed_words(match.group()), doc.clean[start:end])
        if entry:
            yield start, end, entry
    for match in _SPELLED_APART.finditer(doc.joined[0]):
        joined = _SPELLING_SEPARATORS.sub("", match.group())
        spelled = (entry for entry in lexicon.by_text.get(_squeeze(joined), ()) if entry.text == joined)
        entry = next(spelled, None) or lexicon.folded_entry(_squeeze(fold(joined)), joined)
        if entry:
            yield (*doc.source(0, *match.span()), entry)


def find_profanity(text):
    """Return a profanity flag for each listed word or phrase in `text`, detail as written, first spelling kept."""
    if not text or not text.strip():
        return []
    return _profanity(_Text(text))


def _profanity(doc):
    hits = [(start, end) for start, end, entry in _profanity_hits(doc) if _allowed(entry, doc, start, end)]
    flags, seen, covered = [], set(), 0
    for start, end in sorted(hits, key=lambda span: (span[0], -span[1])):
        if start < covered:  # inside a longer match already reported
            continue
        covered = end
        written = doc.clean[start:covered]
        key = canonical(written)
        if key not in seen:
            seen.add(key)
            flags.append(Flag(PROFANITY, written))
    return flags


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
_EMAIL = re.compile(
    r"(?<![\w.+\-])[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}(?![\w\-])"
)
# Vietnamese numbers, digits grouped with blanks, dots or hyphens: mobiles 0 + 9 digits (03, 05, 07, 08, 09),
# landlines 02x + 8 digits, either with +84 or 0084 instead of the 0. A 12-digit citizen ID does not match.
_PHONE = re.compile(
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
    found = [(match.start(), match.group()) for match in _PHONE.finditer(text)]
    found += [(match.start(), match.group()) for match in _EMAIL.finditer(text)]
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
    return _spam(_Text(text), max_links)


def compute_flags(text):
    """Return the profanity flags then the spam flags of `text`, each once, in a stable order."""
    if not text or not text.strip():
        return []
    doc = _Text(text)
    return list(dict.fromkeys(_profanity(doc) + _spam(doc, 0)))


_DIGIT_GROUPING = re.compile(r"(?<=\d)[.,](?=\d)")
_NOT_WORD = re.compile(r"[\W_]+")


def duplicate_key(text):
    """Return the key two copies of one opinion share whatever their case, tones, punctuation or spacing."""
    return _NOT_WORD.sub(" ", _DIGIT_GROUPING.sub("", fold(text or ""))).strip()


def near_duplicate_score(a, b):
    """Return how alike two texts are, 0 to 1: the share of their folded words in common, in order.

    difflib on word lists: rapidfuzz is not a dependency, and comparing words keeps the score readable.
    """
    words_a, words_b = duplicate_key(a).split(), duplicate_key(b).split()
    if not words_a and not words_b:
        return 1.0
    return difflib.SequenceMatcher(None, words_a, words_b, autojunk=False).ratio()
