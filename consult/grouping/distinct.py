"""What keeps two alike texts apart: a near copy must say the same thing, not merely share most of its letters.

A character ratio of 0.8 or more (consult.text.fingerprint.similarity) forgives typos, lost tones and words added
or left out, as people edit a letter they were sent. It also joins short sentences that differ in the one word that
carries their meaning ("Đề nghị tăng mức phạt" / "Đề nghị giảm mức phạt"), in a negation, or in a number
("lùi vào 1,5 m" / "lùi vào 2 m"). A group is approved or answered in one action, so such a merge would answer
someone's opinion with another's answer (issue 19: pair precision 0.959 on real feedback). `says_otherwise`
looks at the words themselves, on the duplicate keys (folded: no case, no diacritics, đ = d, no punctuation):

- a negation more or fewer (không, chưa, chẳng, ko);
- in a short text, a number one side has and the other lacks, with the other holding a number of its own;
- a content word replaced by another that is not a slip of the finger (a character ratio below TYPO_RATIO), beyond
  one such word per WORDS_PER_CHANGE words (none in a short text; a long letter's copy may change a name or place,
  and sign or greet in its own words: there only a word or two in place of another count).
"""

import functools
from collections import Counter
from difflib import SequenceMatcher

from rapidfuzz import fuzz

from consult.text.segment import stopwords

NEGATIONS = frozenset({"khong", "chua", "chang", "ko", "hok", "kg"})  # folded; "đừng" folds to "dùng" (to use)
SHORT_TEXT_WORDS = 30  # up to this many words a text is one or two sentences: every word counts
WORDS_PER_CHANGE = 15  # a longer text may have one replaced content word per this many words
# In a long text, a longer passage in place of another is a signature or greeting of one's own, not a changed word
SWAPPED_WORDS = 2
TYPO_RATIO = 70  # two words at least this alike (rapidfuzz ratio, 0-100) are one word mistyped


def says_otherwise(key_a, key_b):
    """Whether two alike duplicate keys say different things (see the module's rules)."""
    words_a, words_b = key_a.split(), key_b.split()
    short = min(len(words_a), len(words_b)) <= SHORT_TEXT_WORDS
    if short and _numbers_differ(words_a, words_b):
        return True
    allowed = 0 if short else min(len(words_a), len(words_b)) // WORDS_PER_CHANGE
    replaced = 0
    matcher = SequenceMatcher(None, words_a, words_b, autojunk=False)
    for operation, start_a, end_a, start_b, end_b in matcher.get_opcodes():
        if operation == "equal":
            continue
        # Words of each side with no slip-of-the-finger counterpart among the other side's words at that place
        only_a = _unmatched(words_a[start_a:end_a], words_b[start_b:end_b])
        only_b = _unmatched(words_b[start_b:end_b], words_a[start_a:end_a])
        if any(word in NEGATIONS for word in (*only_a, *only_b)):
            return True  # a negation added, dropped or replaced (not merely mistyped)
        content_a = sum(1 for word in only_a if _is_content(word))
        content_b = sum(1 for word in only_b if _is_content(word))
        if short or max(end_a - start_a, end_b - start_b) <= SWAPPED_WORDS:
            replaced += min(content_a, content_b)  # a word left out or added alone is forgiven
        if replaced > allowed:
            return True
    return False


def _unmatched(words, others):
    """The words that are not a typo of one of `others`."""
    return [word for word in words if not any(_mistyped(word, other) for other in others)]


def _numbers_differ(words_a, words_b):
    """Each side has a number the other lacks (a copy that left a number out is still a copy)."""
    numbers_a = Counter(word for word in words_a if word.isdigit())
    numbers_b = Counter(word for word in words_b if word.isdigit())
    return bool(numbers_a - numbers_b) and bool(numbers_b - numbers_a)


def _is_content(word):
    return not word.isdigit() and word not in _folded_stopwords()


@functools.lru_cache(maxsize=1 << 16)
def _mistyped(word_a, word_b):
    return word_a == word_b or fuzz.ratio(word_a, word_b) >= TYPO_RATIO


def _folded_stopwords():
    return stopwords()[1]
