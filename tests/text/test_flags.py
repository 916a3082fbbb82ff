"""Automatic flags: profanity with and without diacritics, spam signals, contact details, duplicates."""

import importlib.resources
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from consult.demo.content import DRAFTS
from consult.text import fold
from consult.text.flags import (
    ALL_CAPS,
    CONTACT_IN_TEXT,
    LINKS,
    ORDINARY_FOLDED,
    PROFANITY,
    REPETITION,
    Flag,
    compute_flags,
    duplicate_key,
    find_profanity,
    parse_profanity_list,
    profanity_entries,
    spam_signals,
)

LEGAL = Path(__file__).resolve().parent.parent / "fixtures" / "legal"
CODES = {PROFANITY, LINKS, REPETITION, ALL_CAPS, "contact_in_text"}


def _list_lines():
    path = importlib.resources.files("consult.text") / "data" / "profanity_vi.txt"
    return path.read_text(encoding="utf-8").splitlines()


def _raw_entries():
    """Return (entry as written in the list, its options) for each entry line."""
    entries = []
    for line in _list_lines():
        line = line.split("#", 1)[0].strip()
        if line:
            phrase, *options = (part.strip() for part in line.split("!"))
            entries.append((phrase, options))
    return entries


def details(flags, code=PROFANITY):
    return [flag.detail for flag in flags if flag.code == code]


# --- Profanity ----------------------------------------------------------------------------------------------

# (text, what the moderator is shown)
PROFANITY_CASES = [
    # with diacritics, any case, either tone placement, decomposed input
    ("Nói cái lồn gì thế", "lồn"),
    ("LỒN", "LỒN"),
    ("Khốn Nạn thật", "Khốn Nạn"),
    (unicodedata.normalize("NFD", "bọn này khốn nạn"), "khốn nạn"),
    ("cán bộ mà đéo biết gì", "đéo biết"),
    ("vãi lồn thật", "vãi lồn"),
    ("vãi  \n lồn", "vãi  \n lồn"),
    ("thằng óc chó", "óc chó"),
    ("Viết thì hay thế thôi chứ bọn cán bộ phường toàn ăn hại", "toàn ăn hại"),
    # without diacritics, or with some: only entries whose folded form is not an ordinary word
    ("dit me bon nay", "dit me"),
    ("khon nan", "khon nan"),
    ("khốn nan", "khốn nan"),
    ("thang ngu nay", "thang ngu"),
    ("ngu nhu bo", "ngu nhu bo"),
    ("me kiep", "me kiep"),
    ("bon an hai", "bon an hai"),
    # teencode, capitalised at the start of a sentence, last letter drawn out, punctuation around
    ("dm", "dm"),
    ("Đm bọn này", "Đm"),
    ("đmm", "đmm"),
    ("đmmmm", "đmmmm"),
    ("dcm", "dcm"),
    ("đkm", "đkm"),
    ("dkm", "dkm"),
    ("Vcllll", "Vcllll"),
    ("vkl", "vkl"),
    ("đẹp vl", "vl"),
    ("clm", "clm"),
    ("loz", "loz"),
    ("djt", "djt"),
    ("cmnr", "cmnr"),
    ("(đm)", "đm"),
    ("lồn!", "lồn"),
    # letters spelled apart
    ("đ.m", "đ.m"),
    ("đ m", "đ m"),
    ("đ. m", "đ. m"),
    ("đ-m", "đ-m"),
    ("đ_m", "đ_m"),
    ("đ*m", "đ*m"),
    ("d.m", "d.m"),
    ("l.ồ.n", "l.ồ.n"),
    ("l ồ n", "l ồ n"),
    ("đ ụ", "đ ụ"),
    ("v.c.l", "v.c.l"),
]


@pytest.mark.parametrize(("text", "shown"), PROFANITY_CASES)
def test_profanity_is_found_and_shown_as_written(text, shown):
    assert find_profanity(text) == [Flag(PROFANITY, shown)]


# Ordinary Vietnamese: with diacritics, without, and the abbreviations an entry could be mistaken for.
NEVER_PROFANITY = [
    # VIETNAMESE.md: folding turns insults into ordinary words
    "lớn",
    "to lớn",
    "lon",
    "lon bia",
    "uống vài lon bia",
    "vai lon",
    "dự thảo",
    "du lich",
    "đi làm",
    "di lam",
    "các điều",
    "cac dieu",
    "chung cư",
    "chung cu",
    "cu",
    "nhà cao tầng",
    "dit",
    "buổi sáng",
    "buoi sang",
    "đeo khẩu trang",
    "deo khau trang",
    "cút",
    "cắt",
    "nung gạch",
    # an entry folds to an ordinary phrase
    "đầu buổi họp",
    "dau buoi hop",
    "bù các khoản",
    "bu cac khoan",
    "đóng vai các nhân vật",
    "dong vai cac nhan vat",
    "con đi học",
    "con di hoc",
    "đồ ngủ",
    "do ngu",
    "ca nha khong ngu duoc",
    "thang cho nguoi di bo",
    "bán ốc cho khách",
    "ban oc cho khach",
    "dù mẹ tôi",
    "du me toi",
    "đâu mà",
    "dau ma",
    "mặt dày",
    "mat day",
    "mất dây điện",
    "do khôn ngoan",
    "do khon ngoan",
    "sức sinh sản",
    "suc sinh san",
    "dắt súc vật",
    "do súc vật gây ra",
    "do suc vat gay ra",
    "bộ máy nhà nước",
    "bo may nha nuoc",
    "lũ sau một trận mưa",
    "bón sau một tháng",
    "lúc nào tan làm",
    "người dân dọn dẹp",
    "dan don dep",
    "ngủ như lợn",
    "đồ ăn hai ngày",
    "mẹ may áo",
    "cho mà xem",
    "để cho chết",
    "sau lu ngu dan",
    "bon ngu dan",
    "ngon ngu hoc",
    "di diem thi",
    # literal uses kept out of the list
    "sữa hạt óc chó",
    "quả óc chó",
    "cửa hàng đồ chó mèo",
    "con chó nhà tôi",
    "chó chết vì bệnh dại",
    # abbreviations and units
    "ĐM dự toán",
    "định mức ĐM",
    "VL xây dựng",
    "dài 10 dm",
    "CCCD 001085000000",
    "chứng chỉ CC",
    "cc: phòng Tổng hợp",
    "CL tốt",
    "5 cm",
    # near misses
    "đĩa CD",
    "đụn cát",
    "các cặp",
    "đi m",
    "đi mà",
    "Điểm d, đ khoản 1",
    "v.v.",
    "TP.HCM",
    "lộn xộn",
    "ngu ngốc",
    "đít",
]


@pytest.mark.parametrize("text", NEVER_PROFANITY)
def test_ordinary_words_are_not_profanity(text):
    assert find_profanity(text) == []
    assert find_profanity(f"Tôi thấy {text} là chuyện bình thường.") == []


@pytest.mark.parametrize("phrase", sorted(ORDINARY_FOLDED))
def test_ordinary_folded_phrases_are_not_profanity(phrase):
    assert find_profanity(phrase) == []


@pytest.mark.parametrize(("phrase", "options"), _raw_entries(), ids=[phrase for phrase, _ in _raw_entries()])
def test_every_entry_matches_with_its_diacritics_and_without_only_when_allowed(phrase, options):
    assert details(find_profanity(f"Nói thế là {phrase} thật")) == [phrase]
    plain = fold(phrase)
    expected = [] if "exact" in options else [plain]
    assert details(find_profanity(f"Noi the la {plain} that")) == expected
    if " " not in phrase:
        assert details(find_profanity(f"là {'.'.join(phrase)}")) == [".".join(phrase)]


def test_entries_that_only_match_with_diacritics_say_so_in_the_list():
    flagged = {" ".join(fold(phrase).split()): "exact" in options for phrase, options in _raw_entries()}
    for entry in profanity_entries():
        assert flagged[entry.folded] == entry.exact_only, entry.text


def test_list_size_and_known_traps():
    entries = {entry.text for entry in profanity_entries()}
    assert 40 <= len(entries) <= 100
    assert not entries & {"cu", "cc", "con chó", "súc vật", "óc lợn", "ngu", "chó chết", "ăn hại"}


@pytest.mark.parametrize(
    "line",
    ["ngu", "lon", "lồn !exactly", "!exact", "vl !not-before=x"],
)
def test_list_lines_the_module_cannot_use_are_refused(line):
    with pytest.raises(ValueError, match="line 2"):
        parse_profanity_list(["# comment", line])


@pytest.mark.parametrize("law", ["hien-phap-2013.txt", "luat-an-ninh-mang-2018.txt"])
def test_no_line_of_a_real_law_is_profanity(law):
    lines = (LEGAL / law).read_text(encoding="utf-8").splitlines()
    flagged = [(line[:60], flags) for line in lines if (flags := find_profanity(line))]
    assert flagged == []
    assert find_profanity(fold("\n".join(lines))) == []


# --- Spam signals -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "links"),
    [
        ("Đăng ký ngay tại http://vaytiennhanh.example.com", "http://vaytiennhanh.example.com"),
        ("Xem https://abc.vn/x?y=1. Rất hay", "https://abc.vn/x?y=1"),
        ("vào www.google.com, tìm", "www.google.com"),
        ("liên hệ zalo.me/0909000777", "zalo.me/0909000777"),
        ("trang vaytien.com.vn!", "vaytien.com.vn"),
        ("Nhóm t.me/vaytien", "t.me/vaytien"),
        ("(xem https://vi.wikipedia.org/wiki/Huế_(định_hướng))", "https://vi.wikipedia.org/wiki/Huế_(định_hướng)"),
        ("(xem abc.vn)", "abc.vn"),
        ("a.com b.net a.com", "a.com, b.net"),
    ],
)
def test_links_are_listed(text, links):
    assert details(spam_signals(text), LINKS) == [links]


@pytest.mark.parametrize(
    "text",
    ["v.v. và TP.HCM, Q.1", "rộng 1.5 m, 2,5 m", "Điều 5.a", "a.b@gmail.com", "Nguyễn V.N", "hè phố.Đề nghị"],
)
def test_text_without_links_has_no_links_flag(text):
    assert details(spam_signals(text), LINKS) == []


def test_max_links_raises_the_threshold():
    text = "http://a.vn và http://b.vn"
    assert details(spam_signals(text, max_links=2), LINKS) == []
    assert details(spam_signals(text, max_links=1), LINKS) == ["http://a.vn, http://b.vn"]


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        ("mua ngay mua ngay mua ngay", ["mua ngay"]),
        ("MUA NGAY! Mua ngay! mua ngay!!", ["mua ngay"]),
        ("rẻ rẻ rẻ rẻ", ["rẻ"]),
        ("Quá tệ!!!!!!!!!!", ["!!!!!!!!!!"]),
        ("aaaaaaaa", ["aaaaaaaa"]),
        ("😡😡😡😡😡😡😡😡", ["😡😡😡😡😡😡😡😡"]),
    ],
)
def test_repetition_is_flagged_with_the_repeated_fragment(text, fragments):
    assert details(spam_signals(text), REPETITION) == fragments


@pytest.mark.parametrize(
    "text",
    [
        "từ từ, dần dần, rất rất tốt",
        "Kế hoạch với chả kế hoạch",
        "test test 123 asdfgh",
        "ngày ........ tháng ....... năm ..........",
        "Họ tên: ________________",
        "-----------------",
        "CCCD 001085000000",
        "Hè hè hè, phố phố",
    ],
)
def test_ordinary_repetition_is_not_flagged(text):
    assert details(spam_signals(text), REPETITION) == []


def test_all_caps_needs_twenty_letters_mostly_capitals():
    assert details(spam_signals("ĐỀ NGHỊ CÁC CƠ QUAN XEM XÉT LẠI QUY ĐỊNH NÀY"), ALL_CAPS) == ["100%"]
    assert details(spam_signals("VAY TIỀN NHANH chỉ cần CCCD, giải ngân trong 15 phút"), ALL_CAPS) == []
    assert details(spam_signals("QUÁ TỆ!"), ALL_CAPS) == []
    assert details(spam_signals("ĐỀ NGHỊ XEM XÉT LẠI QUY ĐỊNH này nhé"), ALL_CAPS) == ["79%"]  # 22 of 28 letters


@pytest.mark.parametrize(
    ("text", "contacts"),
    [
        ("SĐT 0912 345 678 nhé", "0912 345 678"),
        ("gọi 0912.345.678", "0912.345.678"),
        ("gọi 0912-345-678", "0912-345-678"),
        ("gọi 0912345678.", "0912345678"),
        ("gọi +84 912 345 678", "+84 912 345 678"),
        ("gọi +84912345678", "+84912345678"),
        ("gọi (+84) 912 345 678", "(+84) 912 345 678"),
        ("máy bàn 024 3825 0000", "024 3825 0000"),
        ("Zalo 0909 000 777 hoặc 0387654321", "0909 000 777, 0387654321"),
        ("thư cho oanh.tran@example.vn.", "oanh.tran@example.vn"),
        ("a@b.com, 0912 345 678", "a@b.com, 0912 345 678"),
    ],
)
def test_phone_numbers_and_emails_in_the_text_are_flagged(text, contacts):
    assert details(spam_signals(text), CONTACT_IN_TEXT) == [contacts]


@pytest.mark.parametrize(
    "text",
    [
        "CCCD 001085000000",
        "Mức phí 50.000 đồng/m²/tháng, 1.500 cây, 45 tỷ đồng",
        "Luật số: 24/2018/QH14 ngày 12/6/2018",
        "từ 06 giờ 00 đến 23 giờ 00",
        "số 12 ngõ 5",
        "0,5 m và 10.000.000 đồng",
        "mã 0123456789",
    ],
)
def test_other_numbers_are_not_contacts(text):
    assert details(spam_signals(text), CONTACT_IN_TEXT) == []


# --- Whole flags on real texts ------------------------------------------------------------------------------

OPINIONS = [opinion for draft in DRAFTS for opinion in draft["opinions"]]
EXPECTED_FOR_REASON = {"offensive": PROFANITY, "spam": LINKS, "personal_data": CONTACT_IN_TEXT}


@pytest.mark.parametrize(
    "opinion", [o for o in OPINIONS if o["status"] != "rejected"], ids=lambda opinion: opinion["content"][:30]
)
def test_ordinary_comments_have_no_flags(opinion):
    assert compute_flags(opinion["content"]) == []


@pytest.mark.parametrize(
    "opinion", [o for o in OPINIONS if o.get("reason") in EXPECTED_FOR_REASON], ids=lambda o: o["content"][:30]
)
def test_rejected_comments_carry_the_flag_of_their_reason(opinion):
    codes = {flag.code for flag in compute_flags(opinion["content"])}
    assert EXPECTED_FOR_REASON[opinion["reason"]] in codes


def test_compute_flags_puts_profanity_first_then_spam_each_once():
    text = "ĐM ĐM, vcl vcl: mua ngay mua ngay mua ngay tại http://a.vn http://a.vn, gọi 0912 345 678"
    assert compute_flags(text) == [
        Flag(PROFANITY, "vcl"),
        Flag(LINKS, "http://a.vn"),
        Flag(REPETITION, "mua ngay"),
        Flag(CONTACT_IN_TEXT, "0912 345 678"),
    ]


@pytest.mark.parametrize("law", ["hien-phap-2013.txt", "luat-an-ninh-mang-2018.txt"])
def test_a_law_only_raises_all_caps_on_its_headings(law):
    for line in (LEGAL / law).read_text(encoding="utf-8").splitlines():
        codes = {flag.code for flag in compute_flags(line)}
        assert codes <= ({ALL_CAPS} if line.isupper() else set()), line


@given(st.text())
def test_compute_flags_never_raises(text):
    flags = compute_flags(text)
    assert all(isinstance(flag, Flag) and flag.code in CODES and flag.detail for flag in flags)
    assert len(set(flags)) == len(flags)


VIETNAMESE_ISH = st.text(alphabet="đĐlồnmụcặvãi .-_*\n\u0301\u0323\u00a0\u200b0123456789@:/hw", max_size=60)


@given(VIETNAMESE_ISH)
def test_profanity_details_come_from_the_text(text):
    clean = unicodedata.normalize("NFC", text).replace("\u200b", "")
    for flag in find_profanity(text):
        assert flag.detail in clean


# --- Duplicates ---------------------------------------------------------------------------------------------

FORM_LETTER = (
    "Kính gửi Sở Xây dựng. Tôi là cư dân phường Cửa Nam, tôi đề nghị giữ nguyên quy định hè phố còn lại tối "
    "thiểu 1,5 m cho người đi bộ, đồng thời cấm hoàn toàn việc trông giữ ô tô dưới lòng đường tại các tuyến "
    "phố cổ để bảo đảm an toàn cho trẻ em và người cao tuổi. Trân trọng cảm ơn."
)


@pytest.mark.parametrize(
    "copy",
    [
        FORM_LETTER.upper(),
        FORM_LETTER.replace("hoàn toàn", "hoàn  toàn").replace(", ", ","),
        fold(FORM_LETTER),
        FORM_LETTER.replace("hòa", "hoà").replace(".", "!").replace("Kính", "  kính"),
        unicodedata.normalize("NFD", FORM_LETTER) + "\n",
    ],
)
def test_copies_share_the_duplicate_key(copy):
    assert duplicate_key(copy) == duplicate_key(FORM_LETTER)


def test_duplicate_key_reads_like_the_folded_words():
    assert duplicate_key("Hoà  Bình, HÒA BÌNH!!! 1.500 cây") == "hoa binh hoa binh 1500 cay"
    assert duplicate_key("Đề nghị tăng") != duplicate_key("Đề nghị giảm")
    assert duplicate_key("") == ""
