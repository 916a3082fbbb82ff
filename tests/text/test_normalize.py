"""The canonical form (one tone placement, case-folded) and the folded form (no diacritics)."""

import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from consult.text import canonical, fold, place_tones


def NFD(text):
    return unicodedata.normalize("NFD", text)


# (tone on the main vowel, tone on the first vowel): canonical() chooses the second spelling.
BOTH_PLACEMENTS = [
    ("hoà bình", "hòa bình"),
    ("văn hoá", "văn hóa"),
    ("Khánh Hoà", "Khánh Hòa"),
    ("Thanh Hoá", "Thanh Hóa"),
    ("thuý", "thúy"),
    ("khoẻ", "khỏe"),
    ("hoạ", "họa"),
    ("uỷ ban", "ủy ban"),
    ("tuỳ", "tùy"),
    ("tuỷ", "tủy"),
    ("loà", "lòa"),
    ("oè", "òe"),
    ("toà án", "tòa án"),
    ("thoả thuận", "thỏa thuận"),
    ("thuỷ lợi", "thủy lợi"),
    ("xoá", "xóa"),
    ("khoá", "khóa"),
    ("hoả hoạn", "hỏa hoạn"),
    ("loè loẹt", "lòe loẹt"),
    ("toả", "tỏa"),
    ("nhoè", "nhòe"),
    ("xoè", "xòe"),
    ("hoè", "hòe"),
    ("huỷ bỏ", "hủy bỏ"),
    ("luỹ kế", "lũy kế"),
    ("Thuỵ Điển", "Thụy Điển"),
    ("đoạ", "đọa"),
    ("doạ", "dọa"),
    ("tuý luý", "túy lúy"),
    ("sự cố thoã mãn", "sự cố thõa mãn"),
]

# Words whose tone is already where every style puts it: canonical() only folds their case.
UNCHANGED = [
    "quý",
    "quả",
    "quốc",
    "quyền",
    "quỳnh",
    "giá",
    "giữ",
    "gìn",
    "giường",
    "giếng",
    "khuya",
    "khuỷu",
    "nguyễn",
    "hoàn",
    "hoạch",
    "huỳnh",
    "thuyền",
    "khuyết",
    "truyện",
    "người",
    "tiếng",
    "muốn",
    "rượu",
    "thuở",
    "cứu",
    "ngoại",
    "ngoáy",
    "ngoẹo",
    "khuấy",
    "mùa",
    "của",
    "mía",
    "tài",
    "gửi",
    "thuế",
    "hoặc",
    "xoong",
]


@pytest.mark.parametrize(("main_vowel", "first_vowel"), BOTH_PLACEMENTS)
def test_both_tone_placements_meet(main_vowel, first_vowel):
    assert canonical(main_vowel) == canonical(first_vowel) == first_vowel.casefold()
    assert fold(main_vowel) == fold(first_vowel)


@pytest.mark.parametrize("word", UNCHANGED)
def test_words_with_one_possible_placement_are_unchanged(word):
    assert canonical(word) == word
    assert canonical(word.upper()) == word
    assert place_tones(word.capitalize()) == word.capitalize()


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("qủa", "quả"),  # a tone typed on the u of "qu" belongs to the vowel
        ("qúy", "quý"),
        ("gìa", "già"),
        ("gĩư", "giữ"),
        ("HOÀ BÌNH", "hòa bình"),
        ("Đắk Lắk", "đắk lắk"),
        ("NGUYỄN Văn A", "nguyễn văn a"),
    ],
)
def test_canonical_places_tone_and_folds_case(typed, expected):
    assert canonical(typed) == expected


def test_place_tones_keeps_case():
    assert place_tones("HOÀ BÌNH, Thuý, khoẻ") == "HÒA BÌNH, Thúy, khỏe"


def test_fold_removes_diacritics_and_d_bar():
    assert fold("Quy hoạch ĐẤT đai") == "quy hoach dat dai"
    assert fold(NFD("Người dân")) == "nguoi dan"
    assert fold("Đắk Lắk") == "dak lak"
    assert fold("Nguyễn Thị Thuỷ") == fold("nguyễn thị thủy") == "nguyen thi thuy"
    assert fold("quốc khuya khuỷu giữ gìn") == "quoc khuya khuyu giu gin"


def test_decomposed_input_gives_the_same_forms():
    for text in ["Hoà bình", "Người dân tộc", "KHUỶU tay", "Đắk Lắk", "thuý"]:
        assert canonical(NFD(text)) == canonical(text)
        assert fold(NFD(text)) == fold(text)


def test_invisible_characters_and_odd_spaces():
    typed = "Quy\u00a0ho\u00adạch\u200b đất\t\u2003đai\u3000\u202fmới\ufeff\u2060\u200c\u200d"
    assert canonical(typed) == "quy hoạch đất đai mới"
    assert fold(typed) == "quy hoach dat dai moi"
    assert canonical("hoà\n\nbình") == "hòa\n\nbình"


@pytest.mark.parametrize("word", ["café", "voilà", "où", "naïve", "Straße", "İstanbul", "déjà", "Zoë", "hoà\u0301"])
def test_other_words_only_fold_their_case(word):
    expected = unicodedata.normalize("NFC", unicodedata.normalize("NFC", word).casefold())
    assert canonical(word) == expected


def test_fold_removes_every_combining_mark_of_every_plane():
    marks = [chr(cp) for cp in range(sys.maxunicode + 1) if unicodedata.combining(chr(cp))]
    assert len(marks) > 900
    for mark in marks:
        assert not any(unicodedata.combining(ch) for ch in NFD(fold("a" + mark))), hex(ord(mark))


# Counts the calls a profiler sees during each of a fresh process's first two fold()s: counts, not seconds, so the
# check holds on a loaded machine. The first used to build its table over every code point (1.1 million calls).
FIRST_FOLDS = """
import sys
from consult.text import fold

def counted(text):
    calls = []
    sys.setprofile(lambda frame, event, arg: calls.append(event))
    fold(text)
    sys.setprofile(None)
    return len(calls)

print(counted("Quy hoạch đất đai"), counted("Người dân tộc thiểu số"))
"""


def test_the_first_fold_of_a_process_does_no_more_work_than_the_next():
    """A worker's first request, or a property test run alone, must not pay for building fold()'s table."""
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run([sys.executable, "-c", FIRST_FOLDS], cwd=root, capture_output=True, text=True, check=True)
    first, second = map(int, result.stdout.split())
    assert first <= second + 50


# --- properties ---------------------------------------------------------------------------------------------------

VIETNAMESE_LETTERS = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđbcdghklmnpqrstvx"
vietnamese_ish = st.text(
    alphabet=st.sampled_from(
        list(VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper())
        + list(" \t\n\u00a0\u200b\u00ad\u3000.,")
        + ["\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u0302", "\u0306", "\u031b"]
    )
)
any_text = st.one_of(st.text(), vietnamese_ish)


@given(any_text)
def test_canonical_is_idempotent_and_nfc(text):
    once = canonical(text)
    assert canonical(once) == once
    assert unicodedata.is_normalized("NFC", once)


@given(any_text)
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@given(any_text)
def test_decomposed_text_has_the_same_canonical_form(text):
    assert canonical(NFD(text)) == canonical(text)
    assert fold(NFD(text)) == fold(text)


@given(any_text)
def test_fold_is_canonical_without_marks(text):
    assert fold(canonical(text)) == fold(text)
    assert not any(unicodedata.combining(ch) for ch in NFD(fold(text)))


# Generated syllables: onset + rhyme, the rhyme written with the index of the vowel that takes the tone in the
# canonical placement. Open oa/oe/uy are the only rhymes spelled both ways (hòa/hoà, khỏe/khoẻ, thúy/thuý).
ONSETS = [
    "",
    "b",
    "c",
    "ch",
    "d",
    "đ",
    "g",
    "gh",
    "gi",
    "h",
    "k",
    "kh",
    "l",
    "m",
    "n",
    "ng",
    "ngh",
    "nh",
    "p",
    "ph",
    "qu",
    "r",
    "s",
    "t",
    "th",
    "tr",
    "v",
    "x",
]
CODAS = ["c", "ch", "m", "n", "ng", "nh", "p", "t"]
NUCLEI_BEFORE_CODA = {
    "a": 0,
    "ă": 0,
    "â": 0,
    "e": 0,
    "ê": 0,
    "i": 0,
    "o": 0,
    "ô": 0,
    "ơ": 0,
    "u": 0,
    "ư": 0,
    "oa": 1,
    "oă": 1,
    "oe": 1,
    "oo": 1,
    "uy": 1,
    "uâ": 1,
    "uê": 1,
    "uô": 1,
    "ươ": 1,
    "iê": 1,
    "yê": 1,
    "uyê": 2,
}
OPEN_RHYMES = {
    "a": 0,
    "e": 0,
    "ê": 0,
    "i": 0,
    "o": 0,
    "ô": 0,
    "ơ": 0,
    "u": 0,
    "ư": 0,
    "y": 0,
    "oa": 0,
    "oe": 0,
    "uy": 0,
    "uê": 1,
    "uơ": 1,
    "ai": 0,
    "ao": 0,
    "au": 0,
    "ay": 0,
    "âu": 0,
    "ây": 0,
    "eo": 0,
    "êu": 0,
    "ia": 0,
    "iu": 0,
    "oi": 0,
    "ôi": 0,
    "ơi": 0,
    "ua": 0,
    "ui": 0,
    "ưa": 0,
    "ưi": 0,
    "ưu": 0,
    "oai": 1,
    "oay": 1,
    "oao": 1,
    "oeo": 1,
    "uây": 1,
    "uôi": 1,
    "uya": 1,
    "uyu": 1,
    "ươi": 1,
    "ươu": 1,
    "iêu": 1,
    "yêu": 1,
}
RHYMES = [(nucleus + coda, index) for nucleus, index in NUCLEI_BEFORE_CODA.items() for coda in CODAS]
RHYMES += list(OPEN_RHYMES.items())
SECOND_VOWEL_TOO = {"oa", "oe", "uy"}
TONES = ["\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]
WITHOUT_MARKS = str.maketrans("ăâêôơưđ", "aaeooud")


def _fits(onset, rhyme):
    """Leave out spellings that read as another syllable: qu+oa (the u is already there), gi+i..., g+ia (= gi+a)."""
    if onset == "qu":
        return rhyme[0] not in "ou"
    if onset == "gi":
        return rhyme[0] not in "iy"
    if onset == "g":
        return not (rhyme[0] == "i" and len(rhyme) > 1 and rhyme[1] in "aăâeêioôơuưy")
    return True


def _with_tone(syllable, index, tone):
    return unicodedata.normalize("NFC", syllable[: index + 1] + tone + syllable[index + 1 :])


@st.composite
def syllables(draw):
    """Return (spellings of one toned syllable, its canonical form, its form without diacritics)."""
    onset = draw(st.sampled_from(ONSETS))
    # Half of the draws are the rhymes spelled two ways, so that every run checks them on many onsets.
    rhymes = st.one_of(st.sampled_from([(rhyme, 0) for rhyme in sorted(SECOND_VOWEL_TOO)]), st.sampled_from(RHYMES))
    rhyme, index = draw(rhymes.filter(lambda item: _fits(onset, item[0])))
    tone = draw(st.sampled_from(TONES))
    bare = onset + rhyme
    start = len(onset)
    spellings = [_with_tone(bare, start + index, tone)]
    if rhyme in SECOND_VOWEL_TOO:
        spellings.append(_with_tone(bare, start + 1, tone))
    spellings += [spelling.upper() for spelling in spellings] + [spelling.capitalize() for spelling in spellings]
    spellings += [NFD(spelling) for spelling in spellings]
    return spellings, spellings[0], bare.translate(WITHOUT_MARKS)


@given(syllables())
def test_every_spelling_of_a_syllable_meets_the_others(syllable):
    spellings, expected, without_marks = syllable
    assert {canonical(spelling) for spelling in spellings} == {expected}
    assert {fold(spelling) for spelling in spellings} == {without_marks}


@given(st.lists(syllables(), min_size=1, max_size=8), st.sampled_from([" ", "  ", "\u00a0", "\t", " \u200b"]))
def test_sentences_of_syllables_meet(sentence, space):
    typed = space.join(spellings[-1] for spellings, _, _ in sentence)
    assert canonical(typed) == " ".join(expected for _, expected, _ in sentence)
    assert fold(typed) == " ".join(without_marks for _, _, without_marks in sentence)
