"""Segmentation for themes: folded terms that join diacritic-free text to its twin, stopwords, display forms."""

import collections

import pytest

from consult.text.segment import (
    DisplayForms,
    analyse_word,
    compound_words,
    folded_words,
    segment,
    stopwords,
    term_key,
    term_keys,
    terms,
)


def test_text_without_diacritics_gives_the_same_terms_as_its_accented_twin():
    accented = "Đề nghị giảm mức phí sử dụng hè phố cho hộ kinh doanh nhỏ lẻ."
    plain = "De nghi giam muc phi su dung he pho cho ho kinh doanh nho le."
    assert {"he pho", "kinh doanh", "giam", "muc phi"} <= set(terms(accented))
    assert set(terms(plain)) - {"nghi"} <= set(terms(accented))


def test_tone_placement_case_and_unicode_form_do_not_matter():
    assert (
        terms("Hoà bình, KHOẺ mạnh")
        == terms("hòa bình, khỏe mạnh")
        == terms("ho\u0300a bi\u0300nh, kho\u0309e ma\u0323nh")
    )


def test_teencode_and_punctuation_do_not_glue_words_together():
    found = terms("ko dc thu phi!!! hè phố,lòng đường... 50.000đ/m2")
    assert "ko" in found and "dc" in found  # kept as typed: teencode is its own term, never a crash
    assert "phi he" not in found and "pho long" not in found  # no pair across punctuation
    assert not any(term.isdigit() for term in found)


@pytest.mark.parametrize("word", ["không", "cần", "nên", "phải", "điều", "cấm", "chưa", "đồng", "ý"])
def test_stance_words_are_never_stopwords(word):
    assert word not in stopwords()[0]
    assert analyse_word(word) is not None


def test_a_stopword_with_diacritics_drops_only_that_word():
    assert analyse_word("có") is None and analyse_word("co") is None  # typed plain: dropped as "có"
    assert analyse_word("cổ") == ("co", "cổ")  # "phố cổ" keeps its word
    assert "pho co" in terms("phố cổ") and "co" not in terms("có phố")


def test_pyvi_joins_the_syllables_of_a_word_and_folds_them():
    assert segment("Hộ kinh doanh sử dụng hè phố") == ["hộ", "kinh doanh", "sử dụng", "hè", "phố"]
    assert "kinh doanh" in folded_words("Hộ kinh doanh nhỏ lẻ")
    assert {"kinh doanh", "su dung"} <= compound_words(["Hộ kinh doanh sử dụng hè phố"])


def test_display_forms_show_the_accented_spelling_most_people_use():
    forms = DisplayForms()
    for text in ["Hè phố rộng", "hè phố hẹp", "he pho", "he pho qua hep", "hẹ phở"]:
        forms.add(text)
    assert forms.show("he pho") == "hè phố"  # plain text counts for nothing, the rarer spelling loses
    assert forms.show("unknown") == "unknown"


def test_term_keys_cut_many_texts_at_once_into_the_same_terms_as_terms():
    texts = [
        "Đề nghị giảm mức phí sử dụng hè phố cho hộ kinh doanh nhỏ lẻ.",
        "De nghi giam muc phi su dung he pho\ncho ho kinh doanh",  # a line break ends a pair like a full stop
        "ko dc thu phi!!! hè phố,lòng đường... 50.000đ/m2 abc123def hè_phố",
        "",
        "phố cổ có phố; Hoà bình, KHOẺ mạnh “quy\u00adhoạch” ý kiến",
        "two\x00texts \x1e in one?",  # the separators term_keys uses never split a text
        "có và của",  # stopwords only: no term at all
    ]
    rows, keys = term_keys(texts)

    for index, text in enumerate(texts):
        expected = collections.Counter(term_key(term) for term in terms(text))
        assert collections.Counter(keys[rows == index].tolist()) == expected, text
    assert term_key("he pho") != term_key("pho he") and term_key("he") != term_key("he pho")
