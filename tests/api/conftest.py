"""Fixtures of the API's tests: a public draft holding opinions in every moderation state."""

import pytest

from consult.feedback.models import FeedbackStatus
from tests import factories

CONTACT = "bi.mat@example.vn"
PENDING_TEXT = "Ý kiến còn chờ kiểm duyệt, chưa được công bố."
REJECTED_TEXT = "Ý kiến đã bị từ chối vì lạc đề."


@pytest.fixture
def opinions(db, open_draft):
    """On `open_draft`: an approved opinion with a contact on article 2, one without consent to show its name on
    the whole draft, one pending and one rejected (each with the same contact)."""
    article = open_draft.articles[1]
    approved = factories.make_feedback(
        open_draft,
        status=FeedbackStatus.APPROVED,
        article=article,
        clause=article.clauses[0],
        contact=CONTACT,
        content="Đề nghị làm rõ đối tượng áp dụng.",
        proposed_wording="1. Cơ quan nhà nước ở trung ương và địa phương.",
        author_name="Trần Thị Bình",
        locality="da-nang",
    )
    anonymous = factories.make_feedback(
        open_draft,
        status=FeedbackStatus.APPROVED,
        contact=CONTACT,
        author_name="Người Giấu Tên",
        consent_name=False,
        stance="oppose",
    )
    pending = factories.make_feedback(open_draft, content=PENDING_TEXT, contact=CONTACT)
    rejected = factories.make_feedback(
        open_draft, status=FeedbackStatus.REJECTED, content=REJECTED_TEXT, contact=CONTACT
    )
    db.session.commit()
    return {"approved": approved, "anonymous": anonymous, "pending": pending, "rejected": rejected}


def problem(response, status):
    """Return the problem document of an error answer, checking its status and media type."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status and body["type"] == "about:blank"
    assert body["title"] and body["detail"]
    return body
