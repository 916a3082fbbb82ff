"""Vietnamese text helpers."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from consult.text import clean_line, clean_text, fold


@given(st.text())
def test_clean_text_is_idempotent_and_nfc(value):
    once = clean_text(value)
    assert clean_text(once) == once
    assert unicodedata.is_normalized("NFC", once)


@given(st.text())
def test_fold_is_idempotent(value):
    assert fold(fold(value)) == fold(value)


def test_clean_text_removes_invisible_characters_and_odd_spaces():
    assert clean_text("  Quy\u00a0hoạch\u200b đất \r\n\r\n dòng hai ") == "Quy hoạch đất\n\ndòng hai"
    assert clean_line(" Nguyễn \n Văn  An ") == "Nguyễn Văn An"


def test_fold_removes_diacritics_and_d_bar():
    assert fold("Quy hoạch ĐẤT đai") == "quy hoach dat dai"
    assert fold(unicodedata.normalize("NFD", "Người dân")) == "nguoi dan"
