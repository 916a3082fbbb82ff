"""A known consultation for the report tests: copies, answers published and not, offline channels, rejections."""

from datetime import date
from types import SimpleNamespace

import pytest

from consult.database import utcnow
from consult.feedback.models import FeedbackStatus
from tests import factories

COPY_TEXT = "Đề nghị bổ sung quy định về lòng đường và vỉa hè cho người đi bộ."


@pytest.fixture
def report_dir(app, tmp_path):
    """Point REPORTS_DIR at this test's own folder."""
    app.config["REPORTS_DIR"] = str(tmp_path / "reports")
    return tmp_path / "reports"


@pytest.fixture
def dataset(db, open_draft):
    """Eight opinions on `open_draft` whose every figure the tests know."""
    draft = open_draft
    first, second, third = draft.articles[:3]
    make = factories.make_feedback
    approved = FeedbackStatus.APPROVED
    lead = make(draft, approved, first, COPY_TEXT, "lead@example.vn", author_name="Trần Thị Bình", consent_name=True)
    copy_hidden = make(
        draft,
        approved,
        first,
        COPY_TEXT,
        "an@example.vn",
        author_name="Lê Văn Ẩn",
        consent_name=False,
        duplicate_group_id=lead.id,
        similarity=1.0,
    )
    copy_named = make(
        draft,
        approved,
        first,
        COPY_TEXT,
        "copy@example.vn",
        author_name="Đỗ Văn Chép",
        duplicate_group_id=lead.id,
        similarity=0.93,
    )
    letter = make(
        draft,
        approved,
        second,
        "Khoản 2 cần nêu rõ trách nhiệm của Ủy ban nhân dân cấp xã.",
        "hoi@example.vn",
        author_name="Hội Luật gia thành phố",
        author_kind="organisation",
        consent_name=False,
        channel="letter",
        received_on=date(2026, 11, 2),
        source_ref="CV 12/HLG",
        stance="oppose",
    )
    private = make(
        draft,
        approved,
        None,
        "Dự thảo cần đánh giá tác động đối với hộ kinh doanh.",
        "bimat@example.vn",
        author_name="Phạm Bí Mật",
        consent_name=False,
        stance="other",
    )
    formula = make(
        draft,
        approved,
        third,
        '=HYPERLINK("http://x.example";"bấm")',
        "congthuc@example.vn",
        author_name="Ngô Công Thức",
        channel="meeting",
        received_on=date(2026, 11, 5),
        stance="oppose",
    )
    rejected = make(
        draft,
        FeedbackStatus.REJECTED,
        first,
        "Quảng cáo bị từ chối đăng.",
        "rac@example.vn",
        author_name="Kẻ Quảng Cáo",
    )
    pending = make(
        draft, FeedbackStatus.PENDING, third, "Ý kiến đang chờ kiểm duyệt.", "cho@example.vn", author_name="Vũ Đang Chờ"
    )
    shared = factories.make_answer(lead, "partly_accepted", "Tiếp thu một phần: bổ sung khoản 3.", published=True)
    for member in (copy_hidden, copy_named):
        factories.make_answer(member, text=shared.text, published=True)
    factories.make_answer(letter, "accepted", "Đã sửa khoản 2 theo góp ý.", published=True)
    factories.make_answer(private, "explained", "Giải trình nội bộ chưa công bố.", published=False)
    draft.answers_published_at = utcnow()
    db.session.commit()
    return SimpleNamespace(
        draft=draft,
        lead=lead,
        copy_hidden=copy_hidden,
        copy_named=copy_named,
        letter=letter,
        private=private,
        formula=formula,
        rejected=rejected,
        pending=pending,
    )
