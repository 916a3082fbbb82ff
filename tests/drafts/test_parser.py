"""The legal-text parser: each structural element, the preamble and closing, and clear errors."""

import pytest

from consult.drafts.importing.parser import ParseError, parse_text

DECREE = """CHÍNH PHỦ
Số: 15/2026/NĐ-CP
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
NGHỊ ĐỊNH
QUY ĐỊNH CHI TIẾT MỘT SỐ ĐIỀU CỦA LUẬT ĐẤT ĐAI
Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;
Chính phủ ban hành Nghị định quy định chi tiết.
PHẦN THỨ NHẤT
NHỮNG QUY ĐỊNH CHUNG
Chương I
PHẠM VI ĐIỀU CHỈNH
VÀ ĐỐI TƯỢNG ÁP DỤNG
Điều 1. Phạm vi điều chỉnh
Nghị định này quy định:
1. Việc giao đất, cho thuê đất.
2. Việc bồi thường khi Nhà nước thu hồi đất, gồm:
a) Bồi thường về đất;
b) Hỗ trợ tái định cư;
đ) không phải điểm tiếp theo nên là văn bản thường.
Các trường hợp khác thực hiện theo Điều 5 của Luật này.
Điều 2. Đối tượng áp dụng
Cơ quan nhà nước; người sử dụng đất.
PHẦN THỨ HAI
QUY ĐỊNH CỤ THỂ
Chương II. GIAO ĐẤT
Mục 1. ĐIỀU KIỆN GIAO ĐẤT
Tiểu mục 1. HỒ SƠ
Điều 3. Hồ sơ giao đất
a) Đơn đề nghị;
b) Bản sao giấy tờ;
c) Sơ đồ thửa đất.
Tiểu mục 2
TRÌNH TỰ
Điều 4: Trình tự giao đất
1. Nộp hồ sơ.
3. Số thứ tự không liên tiếp là văn bản của khoản 1.
2. Thẩm định hồ sơ.
Mục 2
CHO THUÊ ĐẤT
Điều 5. Cho thuê đất
“Điều 6. Đoạn trích dẫn không phải là điều mới”
Chương III
ĐIỀU KHOẢN THI HÀNH
Điều 6. Hiệu lực thi hành
Nghị định này có hiệu lực từ ngày 01 tháng 7 năm 2026.
Nơi nhận:
- Ban Bí thư Trung ương Đảng;
- Lưu: VT.
TM. CHÍNH PHỦ
THỦ TƯỚNG
"""


def test_every_structural_element_is_recognised():
    document = parse_text(DECREE)

    assert document.counts() == {
        "parts": 2,
        "chapters": 3,
        "sections": 2,
        "subsections": 2,
        "articles": 6,
        "clauses": 4,
        "points": 5,
    }
    first_part, second_part = document.children[:2]
    assert (first_part.kind, first_part.number, first_part.title) == ("part", "thứ nhất", "NHỮNG QUY ĐỊNH CHUNG")
    chapter = first_part.children[0]
    assert chapter.title == "PHẠM VI ĐIỀU CHỈNH VÀ ĐỐI TƯỢNG ÁP DỤNG"  # a title over two lines
    assert second_part.children[0].title == "GIAO ĐẤT"
    section = second_part.children[0].children[0]
    assert (section.kind, section.number, section.title) == ("section", "1", "ĐIỀU KIỆN GIAO ĐẤT")
    assert [sub.title for sub in section.children] == ["HỒ SƠ", "TRÌNH TỰ"]
    assert second_part.children[1].heading == "Chương III"  # chapters after Phần thứ hai belong to it


def test_articles_clauses_and_points():
    articles = parse_text(DECREE).articles

    first = articles[0]
    assert (first.number, first.title, first.intro) == (1, "Phạm vi điều chỉnh", ["Nghị định này quy định:"])
    assert [clause.number for clause in first.clauses] == [1, 2]
    assert [point.letter for point in first.clauses[1].points] == ["a", "b"]
    assert first.clauses[1].saved_points()[2:] == [  # after the points, kept as paragraphs without a letter
        {"letter": "", "text": "đ) không phải điểm tiếp theo nên là văn bản thường."},
        {"letter": "", "text": "Các trường hợp khác thực hiện theo Điều 5 của Luật này."},
    ]
    assert [point.letter for point in articles[2].clauses[0].points] == ["a", "b", "c"]  # points without clauses
    assert articles[3].title == "Trình tự giao đất"
    assert [clause.number for clause in articles[3].clauses] == [1, 2]
    assert articles[4].intro == ["“Điều 6. Đoạn trích dẫn không phải là điều mới”"]


def test_preamble_and_closing_are_kept_apart():
    document = parse_text(DECREE)

    assert document.preamble[0] == "CHÍNH PHỦ"
    assert document.preamble[-1] == "Chính phủ ban hành Nghị định quy định chi tiết."
    assert document.closing[0] == "Nơi nhận:"
    assert document.closing[-1] == "THỦ TƯỚNG"
    assert "Nơi nhận" not in document.articles[-1].body


def test_constitution_style_articles_without_titles():
    document = parse_text(
        "LỜI NÓI ĐẦU\nTrải qua mấy nghìn năm lịch sử.\nChương I\nCHẾ ĐỘ CHÍNH TRỊ\nĐiều 1\n"
        "Nước Cộng hòa xã hội chủ nghĩa Việt Nam là một nước độc lập.\nĐiều 2\n1. Nhà nước.\n2. Nhân dân.\n"
    )

    assert [(a.number, a.title) for a in document.articles] == [(1, ""), (2, "")]
    assert document.articles[0].intro == ["Nước Cộng hòa xã hội chủ nghĩa Việt Nam là một nước độc lập."]
    assert document.preamble == ["LỜI NÓI ĐẦU", "Trải qua mấy nghìn năm lịch sử."]


def test_non_breaking_and_zero_width_spaces_and_decomposed_letters():
    text = (
        "Chương\u00a0I\nQUY\u00a0ĐỊNH CHUNG\nĐiều\u00a01.\u200bPhạm vi\n1.\u00a0Nội dung.\n"
        + "Điều 2. Hie\u0323\u0302u lực\n"
    )

    document = parse_text(text)

    assert [a.title for a in document.articles] == ["Phạm vi", "Hiệu lực"]
    assert document.children[0].title == "QUY ĐỊNH CHUNG"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("Điều 1. A\nĐiều 3. C\n", "Paragraph 2: “Điều 3. C” comes after “Điều 1. A”"),
        ("Điều 1. A\nĐiều 1. A lần nữa\n", "Paragraph 2: “Điều 1. A lần nữa” comes after “Điều 1. A”"),
        ("Chỉ có lời văn, không có điều nào.\n", "Điều 1"),
        ("Chương I\nA\nĐiều 1. X\nChương II\nB\n", "Paragraph 4"),
    ],
)
def test_errors_say_where_and_why(text, fragment):
    with pytest.raises(ParseError) as caught:
        parse_text(text)

    assert fragment in str(caught.value.message)


def test_reference_to_an_article_inside_text_is_not_a_heading():
    document = parse_text("Điều 1. Phạm vi\nĐiều 7 của Luật này không áp dụng.\nĐiều 2. Đối tượng\n")

    assert [a.number for a in document.articles] == [1, 2]
    assert document.articles[0].intro == ["Điều 7 của Luật này không áp dụng."]


def test_headings_and_numbers_as_portal_files_write_them():
    document = parse_text(
        "Điều 1. Phạm vi\nNội dung.\n"
        "Điều 2 Chính sách của Nhà nước\n1 Nhà nước bảo đảm quyền.\n2 Nhà nước khuyến khích.\n"
        "Điều 3: Giải thích từ ngữ\n1) Từ thứ nhất.\n2) Từ thứ hai.\n"
        "Điều 4 - Hiệu lực\nĐiều 2 của Luật này được áp dụng từ năm 2027.\n"
        "Điều 5 của Luật này không phải tiêu đề.\n"
    )

    assert [(a.number, a.title) for a in document.articles] == [
        (1, "Phạm vi"),
        (2, "Chính sách của Nhà nước"),
        (3, "Giải thích từ ngữ"),
        (4, "Hiệu lực"),
    ]
    assert [c.text for c in document.articles[1].clauses] == ["Nhà nước bảo đảm quyền.", "Nhà nước khuyến khích."]
    assert [c.text for c in document.articles[2].clauses] == ["Từ thứ nhất.", "Từ thứ hai."]
    assert document.articles[3].intro == [
        "Điều 2 của Luật này được áp dụng từ năm 2027.",
        "Điều 5 của Luật này không phải tiêu đề.",  # a lower-case word after the number: a citation
    ]


def test_a_bare_number_before_lower_case_text_is_not_a_clause():
    article = parse_text("Điều 1. Mức phạt\n1 triệu đồng đối với cá nhân.\n").articles[0]

    assert article.clauses == [] and article.intro == ["1 triệu đồng đối với cá nhân."]


def test_a_point_continued_in_a_second_paragraph_keeps_the_points_after_it():
    clause = (
        parse_text(
            "Điều 1. Hệ thống\n1. Bao gồm:\na) Dịch vụ trực tuyến;\nDịch vụ trực tuyến gồm chính phủ điện tử;\n"
            "b) Cơ sở dữ liệu;\nc) Hạ tầng.\nCác hệ thống khác do Chính phủ quy định.\n"
        )
        .articles[0]
        .clauses[0]
    )

    assert [point.letter for point in clause.points] == ["a", "b", "c"]
    assert clause.points[0].tail == ["Dịch vụ trực tuyến gồm chính phủ điện tử;"]
    assert clause.saved_points() == [
        {"letter": "a", "text": "Dịch vụ trực tuyến;"},
        {"letter": "", "text": "Dịch vụ trực tuyến gồm chính phủ điện tử;"},
        {"letter": "b", "text": "Cơ sở dữ liệu;"},
        {"letter": "c", "text": "Hạ tầng."},
        {"letter": "", "text": "Các hệ thống khác do Chính phủ quy định."},
    ]


def test_every_problem_is_said_at_once_with_the_headings_around_it():
    with pytest.raises(ParseError) as caught:
        parse_text(
            "Chương I\nA\nĐiều 1. Một\nĐiều 3. Ba\nĐiều 4. Bốn\nĐiều 4. Bốn lần nữa\nĐiều 5. Năm\nChương II\nB\n"
        )

    problems = [str(problem) for problem in caught.value.problems]
    assert problems == [
        "Paragraph 4: “Điều 3. Ba” comes after “Điều 1. Một”; articles must be numbered consecutively (one is "
        "missing, repeated or out of order).",
        "Paragraph 6: “Điều 4. Bốn lần nữa” comes after “Điều 4. Bốn”; articles must be numbered consecutively "
        "(one is missing, repeated or out of order).",
        "Paragraph 8: Chương II has no article under it.",
    ]
    assert str(caught.value.message) == "\n".join(problems)
