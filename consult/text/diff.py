"""Word by word differences between two texts, for people to read: a changed article, a near copy of an opinion."""

import re
from difflib import SequenceMatcher

from consult.text.normalize import fold

_TOKENS = re.compile(r"\w+\s*|[^\w\s]\s*|\s+")  # a word or punctuation mark with the space after it


def word_diff(old, new, folded=False):
    """Return (op, text) segments turning `old` into `new`, word by word (spaces kept); op is "equal", "insert" or
    "delete", and neighbouring segments of one op are joined.

    With `folded`, words are compared without case or diacritics (a copy typed without Vietnamese marks shows only
    what it changed), and an equal stretch is shown as `new` wrote it.
    """
    old_tokens, new_tokens = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    key = (lambda token: fold(token.strip()) or token) if folded else (lambda token: token.strip() or token)
    segments = []
    matcher = SequenceMatcher(None, [key(t) for t in old_tokens], [key(t) for t in new_tokens], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op in ("delete", "replace"):
            segments.append(("delete", "".join(old_tokens[i1:i2])))
        if op in ("insert", "replace"):
            segments.append(("insert", "".join(new_tokens[j1:j2])))
        if op == "equal":
            segments.append(("equal", "".join(new_tokens[j1:j2])))
    merged = []
    for op, text in segments:
        if merged and merged[-1][0] == op:
            merged[-1] = (op, merged[-1][1] + text)
        else:
            merged.append((op, text))
    return merged
