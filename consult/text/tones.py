"""Where a Vietnamese syllable carries its tone mark: one placement for hoà/hòa, thuý/thúy, khoẻ/khỏe.

Both placements are correct Vietnamese and both are typed every day, so matching needs one of them. The rule
(the traditional placement: hòa rather than hoà) is:

- a vowel with a hat, breve or horn takes the tone; in ươ/uô/iê/yê the second one (người, muốn, tiếng, truyện);
- otherwise, with a final consonant, the last vowel (hoàn, huỳnh, hoạch);
- otherwise, an open syllable of three vowels takes it in the middle (ngoại, khuỷu, ngoẹo),
  and one of two vowels on the first (hòa, thúy, khỏe, mùa, mía, tài);
- the u of "qu" and the i of "gi" before a vowel belong to the consonant (quý, quả, giá, giữ; but gìn).

Anything that is not a well-formed syllable (foreign words, two tones, stray combining marks) is left alone.
"""

import functools
import re
import unicodedata

# Combining tone marks: grave, acute, tilde, hook above, dot below.
TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"

_PLAIN_VOWELS = "aăâeêioôơuưy"
_HATTED_VOWELS = "ăâêôơư"
_CONSONANTS = "bcdđghklmnpqrstvx" + "fjwz"  # f, j, w, z only appear in loanwords and names

_ONSETS = frozenset("b c ch d đ g gh gi h k kh l m n ng ngh nh p ph qu r s t th tr v x".split() + [""])
_CODAS = frozenset("c ch m n ng nh p t".split() + [""])
# Vowel groups (medial o/u included) that may be followed by a final consonant, and those that end the syllable.
_NUCLEI_BEFORE_CODA = frozenset("a ă â e ê i o ô ơ u ư y oa oă oe oo uâ uê uy uô uơ ươ iê yê uyê".split())
_NUCLEI_OPEN = frozenset(
    "a e ê i o ô ơ u ư y oa oe uê uy uơ "
    "ai ao au ay âu ây eo êu ia iu oi ôi ơi ua ui ưa ưi ưu "
    "oai oao oay oeo uây uôi uya uyu ươi ươu iêu yêu".split()
)


def _letter_tables():
    """Return {letter: (letter without tone, tone mark or "")} and {(letter, tone): toned letter}."""
    split, compose = {}, {}
    for base in _PLAIN_VOWELS + _PLAIN_VOWELS.upper():
        split[base] = (base, "")
        for tone in TONE_MARKS:
            toned = unicodedata.normalize("NFC", base + tone)
            split[toned] = (base, tone)
            compose[base, tone] = toned
    for consonant in _CONSONANTS + _CONSONANTS.upper():
        split[consonant] = (consonant, "")
    return split, compose


_SPLIT, _COMPOSE = _letter_tables()
_VOWELS = frozenset(_PLAIN_VOWELS)

_LETTER = "".join(sorted(_SPLIT))
_VOWEL = "".join(sorted(ch for ch, (base, _) in _SPLIT.items() if base.lower() in _VOWELS))
_TONED = "".join(sorted(ch for ch, (_, tone) in _SPLIT.items() if tone))
# A whole word of Vietnamese letters, not glued to other letters or to a trailing combining mark, that has a
# toned vowel next to another vowel: the only words whose placement can differ (a lone vowel has one place).
_CANDIDATE = re.compile(
    rf"(?<![^\W\d_])(?=[{_LETTER}]*(?:[{_TONED}][{_VOWEL}]|[{_VOWEL}][{_TONED}]))[{_LETTER}]+"
    r"(?![^\W\d_]|[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f])"
)


def _onset_length(bare):
    """Return how many letters of `bare` (lower case, no tone) form the initial consonant."""
    length = 0
    while length < len(bare) and bare[length] not in _VOWELS:
        length += 1
    # "qu" and "gi" followed by a vowel: the u / i is part of the consonant (quý, giữ; but gìn, gì).
    if bare[: length + 1] in ("qu", "gi") and bare[length + 1 : length + 2] in _VOWELS:
        length += 1
    return length


def tone_position(bare):
    """Return the index of the letter of `bare` (lower case, no tone) that takes the tone, or None."""
    start = _onset_length(bare)
    end = start
    while end < len(bare) and bare[end] in _VOWELS:
        end += 1
    onset, nucleus, coda = bare[:start], bare[start:end], bare[end:]
    if onset not in _ONSETS or coda not in _CODAS:
        return None
    if nucleus not in (_NUCLEI_BEFORE_CODA if coda else _NUCLEI_OPEN):
        return None
    hatted = [index for index, ch in enumerate(nucleus) if ch in _HATTED_VOWELS]
    if hatted:
        offset = hatted[-1]
    elif coda:
        offset = len(nucleus) - 1
    elif len(nucleus) == 3:
        offset = 1
    else:
        offset = 0
    return start + offset


@functools.lru_cache(maxsize=65536)
def place_syllable_tone(syllable):
    """Return `syllable` (NFC, any case) with its tone on the letter the rule gives; unchanged if not a syllable."""
    letters, tones = [], []
    for ch in syllable:
        base, tone = _SPLIT.get(ch, (None, ""))
        if base is None:
            return syllable
        letters.append(base)
        if tone:
            tones.append(tone)
    if len(tones) != 1:
        return syllable
    position = tone_position("".join(letters).lower())
    if position is None:
        return syllable
    letters[position] = _COMPOSE[letters[position], tones[0]]
    return "".join(letters)


def _replace(match):
    return place_syllable_tone(match.group())


def place_tones(text):
    """Return NFC `text` with every syllable's tone in the canonical placement; case and everything else kept."""
    return _CANDIDATE.sub(_replace, text)
