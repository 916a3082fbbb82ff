"""Fixtures of the open data tests: the files' folder, a consultation with opinions in every state."""

from dataclasses import dataclass

import pytest

from consult.drafts.models import DraftStatus
from consult.feedback.models import FeedbackStatus
from tests import factories


@pytest.fixture
def open_data_dir(app, tmp_path):
    """The folder the files are built into, this test's own."""
    folder = tmp_path / "open-data"
    app.config["OPEN_DATA_DIR"] = str(folder)
    return folder


@pytest.fixture
def auto_build(app, open_data_dir):
    """Rebuild the files after each commit that changes public content, as outside tests."""
    app.config["OPEN_DATA_AUTO_BUILD"] = True
    return open_data_dir


@dataclass
class Consultation:
    """A published draft with opinions approved, pending and rejected, and a draft not yet published."""

    draft: object
    approved: object
    named: object
    organisation: object
    pending: object
    rejected: object
    unpublished: object


@pytest.fixture
def consultation(db, agency, open_data_dir):
    """Opinions in every state on one open draft; an unpublished draft holding an approved opinion all the same."""
    draft = factories.make_draft(agency, title="Dự thảo Quyết định về quản lý vỉa hè")
    article = draft.articles[1]
    approved = factories.make_feedback(
        draft,
        status=FeedbackStatus.APPROVED,
        article=article,
        clause=article.clauses[0],
        content="Đề nghị làm rõ trách nhiệm của Ủy ban nhân dân cấp xã. [đã ẩn]",
        proposed_wording="Ủy ban nhân dân cấp xã chịu trách nhiệm quản lý vỉa hè.",
        contact="bi-mat@example.vn",
        author_name="Trần Thị Kín Tên",
        consent_name=False,
        locality="da-nang",
    )
    named = factories.make_feedback(
        draft, status=FeedbackStatus.APPROVED, content="=Ý kiến có tên", author_name="Lê Văn Công Khai"
    )
    organisation = factories.make_feedback(
        draft,
        status=FeedbackStatus.APPROVED,
        content="Hiệp hội đề nghị kéo dài thời gian chuyển tiếp.",
        author_name="Hiệp hội Bán lẻ",
        author_kind="organisation",
        consent_name=False,
        stance="oppose",
    )
    pending = factories.make_feedback(draft, content="Ý kiến đang chờ kiểm duyệt.", contact="cho@example.vn")
    rejected = factories.make_feedback(draft, status=FeedbackStatus.REJECTED, content="Ý kiến bị từ chối.")
    unpublished = factories.make_draft(agency, status=DraftStatus.DRAFT, title="Dự thảo chưa công bố")
    factories.make_feedback(unpublished, status=FeedbackStatus.APPROVED, content="Ý kiến trên dự thảo chưa công bố.")
    db.session.commit()
    return Consultation(draft, approved, named, organisation, pending, rejected, unpublished)
