"""MinHash LSH band hashes and the rapidfuzz confirmation used to group near-duplicate opinions."""

import subprocess
import sys

from consult.text.fingerprint import BANDS, SHORT_TEXT_WORDS, band_hashes, shingles, similarity
from consult.text.flags import duplicate_key
from consult.text.normalize import fold
from tests.feedback.opinion_set import FORM_LETTERS, distinct_opinions

LETTER = FORM_LETTERS[6]


def bands(text):
    return band_hashes(duplicate_key(text))


def shared(a, b):
    return len(set(bands(a)) & set(bands(b)))


def test_shingles_are_pairs_of_folded_words():
    assert sorted(shingles(duplicate_key("Hoà bình, hòa bình!"))) == [b"binh hoa", b"hoa binh"]
    assert shingles("mot") == [b"mot"]


def test_one_hash_per_band_and_none_for_short_texts():
    eight_words = "Đề nghị giữ lại hai mét vỉa hè."
    assert len(duplicate_key(eight_words).split()) == SHORT_TEXT_WORDS
    assert len(bands(eight_words)) == BANDS
    assert bands("Đề nghị giữ lại hai mét hè.") == []
    assert bands("") == []


def test_tones_case_diacritics_and_punctuation_do_not_change_the_hashes():
    assert bands(fold(LETTER)) == bands(LETTER) == bands(LETTER.upper().replace(",", ""))


def test_an_edited_copy_shares_bands_and_a_distinct_opinion_does_not():
    edited = LETTER.replace("Đề nghị", "Chúng tôi đề nghị").replace("bồi thường", "boi thuong") + " Trân trọng."
    assert shared(LETTER, edited) >= 3
    assert all(shared(LETTER, other) == 0 for other in distinct_opinions(50))


def test_hashes_do_not_depend_on_the_process():
    """Band rows are stored: another worker, or the same one after a restart, must compute the same hashes."""
    code = f"from consult.text.fingerprint import band_hashes; print(band_hashes({duplicate_key(LETTER)!r}))"
    output = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONHASHSEED": "12345", "PYTHONPATH": ":".join(sys.path)},
    ).stdout
    assert output.strip() == str(bands(LETTER))


def test_similarity_is_a_ratio_with_a_cutoff():
    key = duplicate_key(LETTER)
    typo = duplicate_key(LETTER.replace("tài sản", "tài sảm").replace("trồng lại", "trồng lạ"))
    assert similarity(key, key) == 1.0
    assert 0.95 < similarity(key, typo) < 1.0
    assert similarity(key, duplicate_key(distinct_opinions(1)[0])) < 0.7
    assert similarity(key, duplicate_key(distinct_opinions(1)[0]), threshold=0.8) == 0.0


def test_opposite_short_opinions_would_score_high():
    """Why short texts only meet as exact copies: one word turns agreement into disagreement."""
    assert similarity(duplicate_key("Tôi đồng ý với dự thảo."), duplicate_key("Tôi không đồng ý với dự thảo.")) > 0.8
