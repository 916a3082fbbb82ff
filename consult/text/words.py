"""Folded words: what every index of text holds (the site's search, the moderation queue's search)."""

import re

from consult.text.normalize import fold

MAX_WORD = 64  # longer "words" (pasted links, hashes) are left out of indexes and of queries alike
FOLDED_WORD = re.compile(r"[^\W_]+")


def folded_words(*parts):
    """Return the folded words of `parts` joined by single spaces: what an index holds for an object."""
    words = []
    for part in parts:
        if part:
            words.extend(word for word in FOLDED_WORD.findall(fold(part)) if len(word) <= MAX_WORD)
    return " ".join(words)
