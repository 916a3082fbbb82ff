"""Whole words for themes: which folded terms are words, learnt from pyvi on a sample of a draft's opinions.

Themes are clustered on the fast folded terms of consult.text.segment (syllables and pairs of neighbouring
syllables, hashed). Many of those terms are not words: "kiến" and "thức" are halves of "kiến thức", and "phố lòng"
is a pair across two words. pyvi cuts text into real words but is far too slow for every opinion of a large draft,
so it reads a sample (LEXICON_SAMPLE texts written with diacritics) and the result, a `Lexicon`, says of every folded
term whether it is a word:

- a pair is a word when pyvi found it as one word ("thu gom", "nhân khẩu"), never when it only spans two words;
- a syllable is a word when pyvi found it alone at least ALONE_RATIO times as often as inside a longer word ("rác",
  "xe" yes; "khẩu" of "nhân khẩu" no). A syllable pyvi never saw (only typed without diacritics, say) is kept.

Keeping only the columns of words, then, is clustering on segmented words, compounds whole, at the cost of one
pyvi pass over a sample (bench/themes.py measures what it buys). Text typed without diacritics gets the same
words, since the lexicon is keyed by folded terms.
"""

import collections

from consult.text.segment import folded_words

LEXICON_SAMPLE = 600  # texts with diacritics read by pyvi per run (~1,000 a second)
ALONE_RATIO = 1.5  # 1, 1.5, 2 measured (bench/themes.py, three sets): 1.5 clustered best, no half-word label


class Lexicon:
    """Folded words pyvi found in a sample: compounds, and how often each syllable stood alone or inside a word."""

    def __init__(self):
        self.compounds = collections.Counter()
        self.alone = collections.Counter()
        self.inside = collections.Counter()
        self.texts = 0

    def wants(self, text):
        """Return whether the sample still takes texts and this one is written with diacritics."""
        return self.texts < LEXICON_SAMPLE and not text.isascii()

    def add(self, text):
        """Count the words pyvi finds in one text."""
        self.texts += 1
        for word in folded_words(text):
            syllables = word.split()
            if len(syllables) > 1:
                # A longer word ("ủy ban nhân dân") lends its neighbouring pairs, the only terms that can carry it.
                self.compounds.update(" ".join(syllables[i : i + 2]) for i in range(len(syllables) - 1))
                self.inside.update(syllables)
            else:
                self.alone[word] += 1

    def is_word(self, term):
        """Return whether a folded term (a syllable, or two joined by a space) is a whole word."""
        if " " in term:
            return self.compounds[term] > 0
        return self.alone[term] >= ALONE_RATIO * self.inside[term]
