"""Authors who asked for emails hear when the agency's answer to their opinion becomes public, once."""

from consult.answers.services import answer_feedbacks, publish_answers
from consult.feedback.models import FeedbackStatus
from tests import factories
from tests.feedback.helpers import sent_mails, vi


def test_publishing_answers_mails_the_authors_who_asked_once(db, app, agency_editor, open_draft):
    asked = factories.make_feedback(
        open_draft, status=FeedbackStatus.APPROVED, contact="mai.hoang@example.vn", notify=True
    )
    silent = factories.make_feedback(open_draft, status=FeedbackStatus.APPROVED, contact="an.le@example.vn")
    answer_feedbacks(agency_editor, open_draft, [asked, silent], "explained", "Ban soạn thảo đã giải trình tại Điều 2.")
    db.session.commit()
    assert sent_mails(app) == []  # nothing public yet, nothing announced

    publish_answers(agency_editor, open_draft)
    db.session.commit()
    [mail] = sent_mails(app)
    assert mail["To"] == "mai.hoang@example.vn"
    assert mail["Subject"] == vi("The drafting agency answered your opinion %(code)s", code=asked.receipt_code)

    # An edit of an answer already public is not announced again.
    answer_feedbacks(agency_editor, open_draft, [asked, silent], "accepted", "Đã tiếp thu, sửa Điều 2.")
    db.session.commit()
    assert len(sent_mails(app)) == 1
