"""Theme labels: whole words (never half of a compound), a phrase from the central opinions, a catch-all named so."""

import collections

from flask_babel import force_locale
from sqlalchemy import select

from consult.audit import AuditLog
from consult.themes.labels import phrase
from consult.themes.models import ThemeMember
from consult.themes.seeds import name_theme
from consult.themes.services import compute_themes
from tests import factories
from tests.themes.topics import topic_opinions

# The case: four labels of twelve were "kiến", "dung", "viên", "thực", halves of these words.
COURSE = {
    "content": [
        "Nội dung môn học quá nặng về lý thuyết, thiếu kiến thức thực tế.",
        "Kiến thức trong giáo trình đã cũ, nội dung cần cập nhật.",
        "Đề nghị bổ sung nội dung thực hành để sinh viên có kiến thức thực tế.",
        "Nội dung bài giảng trùng lặp giữa các môn học.",
    ],
    "internship": [
        "Sinh viên cần được đi thực tế tại doanh nghiệp từ năm thứ hai.",
        "Thời gian thực tập của sinh viên quá ngắn để học được kỹ năng.",
        "Nhà trường nên ký hợp đồng với doanh nghiệp nhận sinh viên thực tập.",
        "Sinh viên thực tập không được trả phụ cấp.",
    ],
    "rooms": [
        "Phòng học thiếu máy chiếu, quạt hỏng, mùa hè rất nóng.",
        "Thư viện đóng cửa sớm, thiếu chỗ ngồi tự học.",
        "Phòng thí nghiệm thiếu hóa chất và dụng cụ.",
        "Nhà vệ sinh của khu giảng đường xuống cấp.",
    ],
}
HALVES = {"kiến", "thức", "nội", "dung", "sinh", "viên", "thực", "tế", "tập"}


def _course_opinions(per_topic=20):
    opinions = []
    for number in range(per_topic):
        for topic, sentences in COURSE.items():
            opinions.append((topic, " ".join(sentences[(number + i) % 4] for i in range(1 + number % 3))))
    return opinions


def test_labels_are_whole_words_never_half_of_a_compound(db, open_draft):
    opinions = _course_opinions()
    factories.make_approved_opinions(open_draft, [text for _, text in opinions])
    db.session.commit()

    run = compute_themes(open_draft)
    db.session.commit()

    terms = [term for theme in run.themes for term in theme.terms]
    assert terms and not set(terms) & HALVES, terms
    assert {"kiến thức", "nội dung", "sinh viên", "thực tế"} & set(terms), terms
    for theme in run.themes:  # a phrase taken from the theme's own opinions, not a list of words
        assert not theme.catch_all and len(theme.label.split()) >= 3 and "," not in theme.label, theme.label


def test_the_phrase_is_the_clause_holding_most_key_words_accented_and_short():
    texts = [
        "toi dong y. cay xanh tren via he phai duoc bao ve",
        "Tôi đồng ý. Cây xanh trên vỉa hè phải được bảo vệ, cấm đóng đinh vào thân cây xanh trên mọi tuyến phố.",
    ]
    assert phrase(texts, ["cây xanh", "vỉa hè"]) == "Cây xanh trên vỉa hè phải được bảo vệ"
    assert phrase(["Cấm đóng đinh vào thân cây xanh trên mọi tuyến phố của thành phố"], ["cây xanh"]) == (
        "Cấm đóng đinh vào thân cây xanh trên mọi tuyến…"
    )
    assert phrase(["Tôi đồng ý."], ["cây xanh"]) == ""


def test_opinions_no_theme_holds_go_to_a_catch_all_named_other_opinions(db, open_draft):
    topical = topic_opinions(20)
    stray = [
        "Website lấy ý kiến khó dùng trên điện thoại",
        "Tôi muốn hỏi về thủ tục đăng ký hộ khẩu",
        "Đường điện ngõ 5 hay mất vào buổi tối",
        "Cảm ơn các anh chị cán bộ tiếp dân nhiệt tình",
        "Nên tổ chức họp dân vào cuối tuần",
        "Giá xăng tăng làm khó người lao động",
        "Xin hỏi bao giờ làm xong cầu Long Biên",
        "Mạng internet chậm quá không gửi được",
        "Chúc Ủy ban năm mới an khang thịnh vượng",
        "Tôi đề nghị tăng lương hưu cho người già",
        "Sân bóng của phường bị chiếm làm bãi xe",
        "Chó thả rông cắn người ở công viên",
    ]
    rows = factories.make_approved_opinions(open_draft, [text for _, text in topical] + stray)
    db.session.commit()

    run = compute_themes(open_draft)
    db.session.commit()

    catch_all = [theme for theme in run.themes if theme.catch_all]
    assert len(catch_all) == 1 and run.themes[-1] is catch_all[0]
    members = set(db.session.scalars(select(ThemeMember.feedback_id).where(ThemeMember.theme_id == catch_all[0].id)))
    assert len(members & {row.id for row in rows[len(topical) :]}) >= len(stray) // 2
    assert catch_all[0].terms == []
    with force_locale("vi"):
        assert str(catch_all[0].title) == "Ý kiến khác"


def test_a_theme_named_by_seed_words_gathers_its_topic_and_keeps_its_name(db, open_draft, agency_editor):
    opinions = topic_opinions(20)
    rows = factories.make_approved_opinions(open_draft, [text for _, text in opinions])
    seed = name_theme(open_draft, "cây xanh, gốc cây", name="Bảo vệ cây xanh", actor=agency_editor)
    db.session.commit()

    for _ in range(2):  # the name survives computing the themes again
        run = compute_themes(open_draft)
        db.session.commit()
        named = [theme for theme in run.themes if theme.seed_id == seed.id]
        assert len(named) == 1 and named[0].label == "Bảo vệ cây xanh"
        members = set(db.session.scalars(select(ThemeMember.feedback_id).where(ThemeMember.theme_id == named[0].id)))
        topics = collections.Counter(topic for (topic, _), row in zip(opinions, rows) if row.id in members)
        assert topics.most_common(1)[0] == ("trees", 20), topics
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "theme.seed_add"))
    assert entry.actor_id == agency_editor.id and entry.after["words"] == ["cây xanh", "gốc cây"]
