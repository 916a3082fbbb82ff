"""What a theme is called: a short phrase from its most central opinions, and its key words (whole words only)."""

import re

import numpy as np

from consult.text.normalize import fold

LABEL_TERMS = 4
PHRASE_WORDS = 10  # a phrase longer than this is cut (with "…"): a label, not a quote
_CLAUSE = re.compile(r"[.;:!?\n]+|,\s")


def key_words(centre, names, forms, local=None, local_forms=None, limit=LABEL_TERMS):
    """Return the heaviest words of a centre in their usual accented spelling; a syllable of a chosen two-syllable
    word is not repeated on its own ("rác" after "thu gom rác" is a word, "gom" after "thu gom" is not shown).

    `local`, a Lexicon of the theme's central opinions, has the last word on a syllable: one that pyvi finds there
    mostly inside a longer word ("lượng" of "chất lượng") is not shown, whatever the draft's sample said; and
    `local_forms`, the spellings of those opinions, names a folded term as the theme writes it ("luong" is "lương"
    in a theme of wages though "lượng" is commoner in the article).
    """
    chosen = []
    for column in np.argsort(-centre, kind="stable")[:40]:
        term = names.get(int(column))
        if term is None or centre[column] <= 0:
            continue
        if local is not None and " " not in term and local.inside[term] > local.alone[term]:
            continue
        if any(term in other.split() for other in chosen if " " in other):
            continue
        if " " in term:
            chosen = [other for other in chosen if other not in term.split()]
        chosen.append(term)
        if len(chosen) == limit:
            break
    return [
        local_forms.show(term) if local_forms and term in local_forms.counts else forms.show(term) for term in chosen
    ]


def phrase(texts, words):
    """Return the clause of `texts` (central opinions, most central first) holding most of `words`, cut to
    PHRASE_WORDS words; "" when no clause holds any. Text written with diacritics is preferred to its plain twin."""
    wanted = [fold(word).lower() for word in words]
    best, best_score = "", 0
    for rank, text in enumerate(texts):
        for clause in _CLAUSE.split(text):
            clause = " ".join(clause.split())
            folded = f" {fold(clause).lower()} "
            hits = sum(f" {word} " in folded for word in wanted)
            if not hits:
                continue
            # Most key words first; then accented text, then the more central opinion, then the shorter clause.
            score = (hits, not clause.isascii(), -rank, -len(clause.split()))
            if best_score == 0 or score > best_score:
                best, best_score = clause, score
    if not best:
        return ""
    cut = best.split()
    text = " ".join(cut[:PHRASE_WORDS]) + ("…" if len(cut) > PHRASE_WORDS else "")
    return text[:1].upper() + text[1:]
