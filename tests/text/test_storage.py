"""The stored form: NFC, invisible characters gone, odd spaces plain, as typed otherwise."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from consult.text import clean_line, clean_text


@given(st.text())
def test_clean_text_is_idempotent_and_nfc(value):
    once = clean_text(value)
    assert clean_text(once) == once
    assert unicodedata.is_normalized("NFC", once)


def test_clean_text_removes_invisible_characters_and_odd_spaces():
    assert clean_text("  Quy\u00a0hoạch\u200b đất \r\n\r\n dòng hai ") == "Quy hoạch đất\n\ndòng hai"
    assert clean_line(" Nguyễn \n Văn  An ") == "Nguyễn Văn An"


def test_clean_text_keeps_tone_placement_and_case_as_typed():
    assert clean_text("Khánh Hoà, thuý, KHOẺ") == "Khánh Hoà, thuý, KHOẺ"
    assert clean_line("Thanh Hóa") == "Thanh Hóa"


def test_clean_text_composes_decomposed_input():
    assert clean_text(unicodedata.normalize("NFD", "Người dân")) == "Người dân"
