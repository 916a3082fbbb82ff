"""Folded words for the index and the query, and snippets cut from the original accented text."""

from consult.search.folding import highlight, index_text, parse_query


def test_index_text_folds_every_mark_and_d_bar_and_keeps_words_only():
    assert index_text("Quy hoạch ĐẤT, người dân!", "Số 12/2025/QĐ-UBND") == "quy hoach dat nguoi dan so 12 2025 qd ubnd"


def test_tone_placement_and_case_do_not_matter():
    assert index_text("hoà") == index_text("hòa") == "hoa"
    assert index_text("thuý") == index_text("THÚY") == "thuy"
    assert index_text("Đất") == index_text("DAT") == index_text("đat") == "dat"


def test_query_is_folded_deduplicated_and_last_word_is_a_prefix():
    query = parse_query("  Quy hoạch  quy ĐA ")
    assert query.words == ("quy", "hoach", "da") and query.prefix
    assert parse_query("đất a").prefix is False  # one letter would match too many words
    assert parse_query(" ,;!? ") is None and parse_query(None) is None


def test_highlight_marks_the_original_accented_words():
    html = str(highlight("Quy hoạch đất đai & nhà <ở>", parse_query("quy hoach dat")))
    assert html == "<mark>Quy</mark> <mark>hoạch</mark> <mark>đất</mark> đai &amp; nhà &lt;ở&gt;"


def test_highlight_matches_text_written_without_marks_from_a_query_with_them():
    assert str(highlight("dat nen", parse_query("đất"))) == "<mark>dat</mark> nen"


def test_long_text_is_cut_around_the_matches():
    text = "Mở đầu. " + "câu không liên quan " * 40 + "đề nghị công khai quy hoạch đất tại xã" + " đoạn sau" * 40
    html = str(highlight(text, parse_query("quy hoach dat"), width=120))
    assert html.startswith("… ") and html.endswith(" …")
    assert "<mark>quy</mark> <mark>hoạch</mark> <mark>đất</mark>" in html
    assert len(html) < 220


def test_long_text_without_a_match_shows_its_beginning():
    html = str(highlight("Ý kiến về vỉa hè. " * 30, parse_query("tên tác giả"), width=60))
    assert html.startswith("Ý kiến về vỉa hè.") and html.endswith(" …") and "<mark>" not in html
