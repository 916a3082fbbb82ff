"""The Vietnamese profanity list (data/profanity_vi.txt) and how its entries are found in a text.

Entries match whole words on the canonical form (diacritics required); an entry also matches text typed without
diacritics only when its folded form is not an ordinary word (never for one syllable: "lồn" folds to "lon",
"đụ" to "du"); letters spelled apart ("đ.m", "l ồ n") are joined only when every piece is a single letter.
See VIETNAMESE.md for why, and data/README.md for the list's format.
"""

import bisect
import functools
import importlib.resources
import re
import unicodedata
from dataclasses import dataclass

from consult.text.normalize import canonical, fold
from consult.text.tones import tone_position

# Ordinary phrases that, typed without diacritics, read like an entry of the list: an entry folding to one of
# them matches only with its diacritics, whatever its flags say. Single syllables need no place here.
ORDINARY_FOLDED = frozenset(
    [
        "vai lon",
        "vai cac",
        "dau buoi",
        "bu cac",  # vài lon bia, đóng vai các, đầu buổi, bù các khoản
        "du me",
        "du ma",
        "dau ma",
        "me may",  # dù mẹ, dù mà, đâu mà, mẹ may áo
        "con di",
        "con ngu",
        "do ngu",
        "cho de",  # con đi học, con ngủ, đồ ngủ, cho đẻ
        "cho ma",
        "thang cho",
        "cho chet",
        "oc cho",  # cho mà xem, thang cho người đi bộ, để cho chết, bán ốc cho
        "nao tan",
        "dan don",
        "mat day",
        "do khon",  # lúc nào tan, dân dọn, mặt dày / mất dây, do khôn ngoan
        "suc sinh",
        "suc vat",
        "do suc vat",  # sức sinh sản, súc vật (Luật Giao thông đường bộ), do súc vật gây ra
        "do con lon",
        "an hai",
        "bo may",  # do con lớn, ăn hai bữa, bộ máy
        "bon sau mot",
        "lu sau mot",  # bón sau một tháng, lũ sau một trận mưa
        "chung cu",
        "lon bia",  # chung cư, lon bia
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
        pairs = zip(words, self.text.split(), self.folded.split(), strict=False)
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


class PreparedText:
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


def profanity_matches(doc):
    """Return each listed word or phrase found in a prepared text, as written, first spelling kept."""
    hits = [(start, end) for start, end, entry in _profanity_hits(doc) if _allowed(entry, doc, start, end)]
    found, seen, covered = [], set(), 0
    for start, end in sorted(hits, key=lambda span: (span[0], -span[1])):
        if start < covered:  # inside a longer match already reported
            continue
        covered = end
        written = doc.clean[start:covered]
        key = canonical(written)
        if key not in seen:
            seen.add(key)
            found.append(written)
    return found
