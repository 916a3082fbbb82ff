"""Words of an opinion for grouping opinions into themes: pyvi word segmentation and fast folded syllable terms.

Two ways to cut a text, both on its canonical form (NFC, lower case, one tone placement, consult.text):

- `segment(text)`: pyvi's ViTokenizer, which joins the syllables of a word ("hè phố", "kinh doanh"). Good words,
  but slow: run over every opinion of a large draft it would take longer than all the rest of the themes
  (bench/summary.py, docs/benchmarks.md), and it is useless on text typed without diacritics ("he pho" stays two
  words).
- `terms(text)`: folded syllables and folded pairs of neighbouring syllables (no stopword, no punctuation
  between them), cut by regular expressions and cached lookups, fast enough for every opinion of a draft.
  Folding lets "he pho" meet "hè phố"; pairs keep most two-syllable words together, at the price of some pairs
  across two words ("phố lòng"). `term_keys(texts)` gives the same terms of many texts at once as integer keys
  (`term_key(term)`), cut in C over one joined string, for a million opinions.

Themes are clustered on `terms` (every opinion, any size), and pyvi is used for the labels only: a pair is shown
in a theme's label only if pyvi found it as one word in that theme's most central opinions (`compound_words`),
which drops the cross-word pairs where they would be read. Each folded term is shown in its most frequent
accented form (`DisplayForms`).

Stopwords are data (data/stopwords_vi.txt): function words only, never stance words (không, cần, nên, phải).
"""

import collections
import functools
import re
import zlib
from array import array
from importlib import resources

import numpy as np

from consult.text.normalize import _caseless, _fold_word, canonical, case_folded
from consult.text.tones import place_tones

_WORD = re.compile(r"[^\W\d_]+|\d+")  # runs of letters, or of digits (dropped), so "50.000đ" gives "đ" alone
_BREAK = re.compile(r"[.,;:!?()\[\]\"“”…\n/|•–—-]+")  # no pair spans punctuation


@functools.cache
def stopwords():
    """Return (accented stopwords in canonical form, the same without diacritics)."""
    text = resources.files("consult.text").joinpath("data/stopwords_vi.txt").read_text(encoding="utf-8")
    accented = set()
    for line in text.splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            accented.add(canonical(word))
    return frozenset(accented), frozenset(_fold_word(word) for word in accented)


@functools.lru_cache(maxsize=1 << 17)
def analyse_word(word):
    """Return (folded, canonical) forms of one lower-case word, or None for a stopword, a number, a lone letter.

    A word written with diacritics is a stopword only as the listed word ("cổ" is kept though "có" is listed);
    one written without any is a stopword when a listed word folds to it ("co" is dropped).
    """
    if word.isdigit() or (len(word) < 2 and (word.isascii() or word == "đ")):  # "ý" (đồng ý) is a word, "đ" money
        return None
    accented, folded_stopwords = stopwords()
    toned = place_tones(word)
    folded = _fold_word(word)
    if folded == word:
        if word in folded_stopwords:
            return None
    elif toned in accented:
        return None
    return folded, toned


def _chunks(text):
    """Yield the stretches of a text between punctuation, lower case NFC."""
    return _BREAK.split(_caseless(text))


_FOLDED = {}  # word -> folded form or None (stopword): a plain dict is read faster than an lru_cache


def terms(text):
    """Return the folded syllables of a text, stopwords out, and the pairs of neighbouring kept syllables."""
    out = []
    append = out.append
    known = _FOLDED
    for chunk in _chunks(text):
        previous = None
        for word in _WORD.findall(chunk):
            try:
                folded = known[word]
            except KeyError:
                analysed = analyse_word(word)
                folded = known[word] = analysed and analysed[0]
                if len(known) > 1 << 18:
                    known.clear()
            if folded is None:
                previous = None
                continue
            append(folded)
            if previous is not None:
                append(previous + " " + folded)
            previous = folded
    return out


_SEPARATOR = " \x00 "  # between the texts term_keys joins: a token of its own (NUL is taken out of the texts)
_PIECE = re.compile(rf"{_WORD.pattern}|{_BREAK.pattern}")  # the words and breaks of a token without blanks
_NEXT_TEXT, _PAIR_BREAK = -2, -1
_SYLLABLE_BITS = 31


def _syllable_code(folded):
    """Return a folded syllable's key: a hash stable across processes and runs (Python's hash() is not)."""
    return zlib.crc32(folded.encode()) & ((1 << _SYLLABLE_BITS) - 1)


def _piece_code(piece):
    """Return the code of a word or break: its folded syllable's key, or _PAIR_BREAK (stopword, number, punctuation)."""
    analysed = None if _BREAK.match(piece) else analyse_word(piece)
    return _PAIR_BREAK if analysed is None else _syllable_code(analysed[0])


class _Tokens(dict):
    """Each token between blanks (UTF-8: "phố,", "50.000đ/m2") -> its number; its pieces' codes are kept in one array.

    Tokens repeat far more than texts do: each is cut by the regular expression once, then looked up in C.
    """

    def __init__(self):
        super().__init__()
        self.starts, self.lengths, self.codes = array("q"), array("q"), array("q")

    def __missing__(self, token):
        text = token.decode()
        codes = [_NEXT_TEXT] if text == _SEPARATOR.strip(" ") else [_piece_code(p) for p in _PIECE.findall(text)]
        number = self[token] = len(self.starts)
        self.starts.append(len(self.codes))
        self.lengths.append(len(codes))
        self.codes.extend(codes)
        return number

    def codes_of(self, tokens):
        """Return the codes of the pieces of `tokens`, in order, as one int64 array."""
        numbers = np.fromiter(map(self.__getitem__, tokens), dtype=np.int64, count=len(tokens))
        lengths = np.frombuffer(self.lengths, dtype=np.int64)[numbers]
        ends = np.cumsum(lengths)
        offsets = np.arange(ends[-1] if len(ends) else 0) - np.repeat(ends - lengths, lengths)
        starts = np.frombuffer(self.starts, dtype=np.int64)[numbers]
        return np.frombuffer(self.codes, dtype=np.int64)[np.repeat(starts, lengths) + offsets]


_TOKENS = _Tokens()


def term_key(term):
    """Return the key term_keys gives a folded term (a syllable, or two joined by a space)."""
    first, _, second = term.partition(" ")
    return _syllable_code(first) << (_SYLLABLE_BITS + 1) | (_syllable_code(second) + 1 if second else 0)


def term_keys(texts):
    """Return (text index, key) arrays of the terms of `texts`: for each text, a key per term of terms(text).

    The joined texts are cut at blanks and each token looked up in a dictionary, both in C (a new token is cut
    by _WORD and _BREAK once): much faster than terms() text by text, which runs Python for every word. A pair's
    key holds both syllables' codes, a syllable's a zero second half.
    """
    global _TOKENS
    if len(_TOKENS) > 1 << 20:  # typos and names keep coming: start afresh rather than grow without end
        _TOKENS = _Tokens()
    joined = case_folded(_SEPARATOR.join(text.replace("\x00", " ") for text in texts))
    # Cut as UTF-8 bytes at ASCII blanks: cheaper than str.split, which looks for every Unicode blank (any other
    # blank inside a token is cut by _PIECE like any other character between two words).
    codes = _TOKENS.codes_of(joined.replace("\n", " | ").encode().split())
    text_of = np.cumsum(codes == _NEXT_TEXT)
    kept = codes >= 0
    paired = kept[:-1] & kept[1:]
    shift = _SYLLABLE_BITS + 1
    keys = np.concatenate([codes[kept] << shift, codes[:-1][paired] << shift | (codes[1:][paired] + 1)])
    return np.concatenate([text_of[kept], text_of[:-1][paired]]), keys


def accented_terms(text):
    """Return (folded term, canonical accented term) pairs of a text, aligned with terms(text)."""
    out = []
    for chunk in _chunks(text):
        previous = None
        for word in _WORD.findall(chunk):
            analysed = analyse_word(word)
            if analysed is None:
                previous = None
                continue
            out.append(analysed)
            if previous is not None:
                out.append((previous[0] + " " + analysed[0], previous[1] + " " + analysed[1]))
            previous = analysed
    return out


def segment(text):
    """Return the words of a text as pyvi cuts them, canonical form, syllables of a word joined by a space."""
    from pyvi import ViTokenizer  # imported here: loading its model is slow, and only label-making needs it

    tokens = ViTokenizer.tokenize(canonical(text)).split()
    return [token.replace("_", " ") for token in tokens if any(ch.isalpha() for ch in token)]


def folded_words(text):
    """Return pyvi's words of a text, folded, stopwords out."""
    words = []
    for word in segment(text):
        syllables = word.split()
        if len(syllables) == 1 and analyse_word(word) is None:
            continue
        words.append(" ".join(_fold_word(syllable) for syllable in syllables))
    return words


def compound_words(texts):
    """Return the folded words of two or more syllables that pyvi finds in `texts`."""
    return {word for text in texts for word in folded_words(text) if " " in word}


class DisplayForms:
    """Count the accented spellings of folded terms, to show each term as people most often write it."""

    def __init__(self):
        self.counts = collections.defaultdict(collections.Counter)

    def add(self, text):
        """Count the accented forms of the terms of one text; a text typed without any diacritics tells nothing."""
        self.add_pairs(accented_terms(text))

    def add_pairs(self, pairs):
        """Count (folded, accented) pairs of one text, as accented_terms gives them."""
        if all(folded == accented for folded, accented in pairs):
            return
        for folded, accented in pairs:
            self.counts[folded][accented] += 1

    def show(self, folded):
        """Return the most frequent accented form of a folded term (ties broken alphabetically), else the term."""
        forms = self.counts.get(folded)
        if not forms:
            return folded
        return min(forms.items(), key=lambda item: (-item[1], item[0]))[0]
