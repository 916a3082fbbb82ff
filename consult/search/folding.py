"""Text for the index and the query (folded words), and snippets of the original text with the matches marked."""

import functools
import re
from bisect import bisect_left
from dataclasses import dataclass

from markupsafe import Markup

from consult.text import fold

MAX_TERMS = 10
MAX_WORD = 64  # longer "words" (pasted links, hashes) are left out of the index and of queries alike
MIN_PREFIX = 2  # the last word typed is matched as a prefix from this length on ("quy hoach da" finds "đất")

_FOLDED_WORD = re.compile(r"[^\W_]+")
# A word of the original text: letters and digits, with any combining marks or invisible characters inside it,
# so that its fold is exactly the word the index holds for it.
_WORD = re.compile(r"(?:[^\W_]|[\u0300-\u036f\u00ad\u200b-\u200d\u2060\ufeff])+")
_BLANKS = re.compile(r"\s+")


def index_text(*parts):
    """Return the folded words of `parts` joined by single spaces: what the index holds for an object."""
    words = []
    for part in parts:
        if part:
            words.extend(word for word in _FOLDED_WORD.findall(fold(part)) if len(word) <= MAX_WORD)
    return " ".join(words)


@dataclass(frozen=True)
class Query:
    """The folded words every result must contain; the last one may be a prefix of a word."""

    words: tuple
    prefix: bool

    def term(self, folded_word):
        """Return which query word `folded_word` matches, or None."""
        if folded_word in self.words:
            return folded_word
        if self.prefix and folded_word.startswith(self.words[-1]):
            return self.words[-1]
        return None


def parse_query(text):
    """Return the Query for what a visitor typed, or None when it holds no word."""
    words = []
    for word in _FOLDED_WORD.findall(fold(text or "")):
        if len(word) <= MAX_WORD and word not in words:
            words.append(word)
    if not words:
        return None
    words = words[:MAX_TERMS]
    return Query(tuple(words), prefix=len(words[-1]) >= MIN_PREFIX)


def _words(text):
    """Yield (start, end, folded) for each word of an original text."""
    for match in _WORD.finditer(text):
        folded = _fold_word(match.group())
        if folded:
            yield match.start(), match.end(), folded


@functools.lru_cache(maxsize=1 << 16)
def _fold_word(word):
    """Return fold(word), cached: snippets fold the same few thousand words over and over."""
    return fold(word)


def highlight(text, query, width=None):
    """Return `text` as Markup with the words matching `query` in <mark>; cut to about `width` characters
    around the best group of matches when it is longer (with … where it was cut)."""
    text = text or ""
    words = [(start, end, query.term(folded)) for start, end, folded in _words(text)]
    start, end = 0, len(text)
    if width and len(text) > width:
        start, end = _window(text, words, width)
    pieces = ["… " if start else ""]
    position = start
    for word_start, word_end, term in words:
        if word_start < start or word_end > end:
            continue
        if term is not None:
            pieces.append(_plain(text[position:word_start]))
            pieces.append(Markup("<mark>%s</mark>") % text[word_start:word_end])
            position = word_end
    pieces.append(_plain(text[position:end]))
    pieces.append(" …" if end < len(text) else "")
    return Markup("").join(pieces)  # join escapes every piece that is not Markup already


def _plain(segment):
    """Return a stretch of text between matches, line breaks made spaces (a snippet is one paragraph)."""
    return _BLANKS.sub(" ", segment)


def _window(text, words, width):
    """Return (start, end) of a stretch of about `width` characters holding the most distinct matched words."""
    starts = [word[0] for word in words]
    best = (0, 0, None)  # (distinct query words, start, end)
    for word_start, _, term in words:
        if term is None:
            continue
        first = bisect_left(starts, word_start - width // 4)
        start = 0 if first == 0 else starts[first]
        end, terms = start, set()
        for _other_start, other_end, other_term in words[first:]:
            if other_end - start > width:
                break
            end = other_end
            if other_term is not None:
                terms.add(other_term)
        if len(terms) > best[0]:
            best = (len(terms), start, end)
    if best[2] is None:
        ends = [word_end for _, word_end, _ in words if word_end <= width]
        return 0, ends[-1] if ends else min(width, len(text))
    return best[1], best[2]
