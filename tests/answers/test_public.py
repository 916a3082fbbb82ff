"""What the public sees of the answers: nothing before publication, then each answer under its opinion and on the receipt."""

from datetime import UTC, datetime

import pytest

from consult.answers.models import ANSWER_KINDS
from consult.answers.services import answer_feedbacks, publish_answers, update_answer_text
from consult.feedback.models import FeedbackStatus
from consult.i18n import label
from consult.moderation.models import REJECTION_REASONS
from consult.moderation.services import approve_feedback, reject_feedback
from tests import factories
from tests.answers import approved, shown

EXPLANATION = "Ban soạn thảo tiếp thu, bổ sung khoản 3 Điều 2."


def public_pages(client, draft, feedback):
    """Return the HTML of the draft page, the opinion's article page and its receipt page."""
    number = feedback.article.number
    return [
        client.get(url).get_data(as_text=True)
        for url in (
            f"/drafts/{draft.slug}",
            f"/drafts/{draft.slug}/articles/{number}",
            f"/receipts/{feedback.receipt_code}",
        )
    ]


def test_answers_are_public_only_once_published(client, db, agency_editor, open_draft):
    feedback = approved(open_draft, article=open_draft.articles[1])[0]
    answer_feedbacks(agency_editor, open_draft, [feedback], "accepted", EXPLANATION)
    db.session.commit()

    for html in public_pages(client, open_draft, feedback):
        assert EXPLANATION not in html
        assert shown("Answer of the drafting agency:") not in html
    assert shown("Results of acceptance and explanation") not in public_pages(client, open_draft, feedback)[0]

    moment = datetime(2026, 12, 31, 18, 30, tzinfo=UTC)  # 01/01/2027 in Viet Nam
    publish_answers(agency_editor, open_draft, now=moment)
    db.session.commit()

    for html in public_pages(client, open_draft, feedback):
        assert EXPLANATION in html
        assert label(ANSWER_KINDS, "accepted") in html
        assert "01/01/2027" in html
    draft_page, _article_page, receipt = public_pages(client, open_draft, feedback)
    assert shown("Results of acceptance and explanation") in draft_page
    assert shown("The drafting agency has answered %(count)d published opinions.", count=1) in draft_page
    assert f'<span class="badge badge--answered">{shown("Answered")}</span>' in receipt


def test_a_change_after_publication_is_shown_with_its_date(client, db, agency_editor, open_draft):
    feedback = approved(open_draft, article=open_draft.articles[0])[0]
    answered = datetime(2026, 11, 30, 3, tzinfo=UTC)  # every moment of this test is given: none is today's
    text = answer_feedbacks(agency_editor, open_draft, [feedback], "accepted", EXPLANATION, now=answered)
    publish_answers(agency_editor, open_draft, now=datetime(2026, 12, 1, 3, tzinfo=UTC))
    update_answer_text(
        agency_editor, text, "partly_accepted", "Chỉ tiếp thu một phần.", now=datetime(2026, 12, 5, 3, tzinfo=UTC)
    )
    db.session.commit()

    receipt = client.get(f"/receipts/{feedback.receipt_code}").get_data(as_text=True)

    assert "Chỉ tiếp thu một phần." in receipt and EXPLANATION not in receipt
    assert "01/12/2026" in receipt and shown("updated on %(date)s", date="05/12/2026") in receipt


def test_only_the_answers_of_the_shown_opinions_and_only_published_ones(client, db, agency_editor, open_draft, agency):
    shown_one, _unanswered = approved(open_draft, 2, article=open_draft.articles[0])
    other_draft = factories.make_draft(agency)
    elsewhere = approved(other_draft, article=other_draft.articles[0])[0]
    answer_feedbacks(agency_editor, open_draft, [shown_one], "explained", "Giải trình cho dự thảo này.")
    answer_feedbacks(agency_editor, other_draft, [elsewhere], "accepted", "Trả lời dự thảo khác, chưa công bố.")
    publish_answers(agency_editor, open_draft)
    db.session.commit()

    html = client.get(f"/drafts/{open_draft.slug}").get_data(as_text=True)

    assert html.count(shown("Answer of the drafting agency:")) == 1
    assert "Giải trình cho dự thảo này." in html and "chưa công bố" not in html
    assert "chưa công bố" not in client.get(f"/receipts/{elsewhere.receipt_code}").get_data(as_text=True)


@pytest.mark.parametrize("app_config", [{"PAGE_CACHE_ENABLED": False}])  # the queries of rendering the page
def test_draft_page_with_answers_keeps_a_flat_query_count(client, db, agency_editor, open_draft, count_queries):
    url = f"/drafts/{open_draft.slug}"

    def page_queries():
        db.session.expire_all()
        with count_queries() as statements:
            assert client.get(url).status_code == 200
        return len(statements)

    few = approved(open_draft, 3, article=open_draft.articles[0])
    answer_feedbacks(agency_editor, open_draft, few, "accepted", "Một.")
    publish_answers(agency_editor, open_draft)
    db.session.commit()
    client.get(url)  # the text with these counts is rendered (and its articles loaded) once, then kept
    before = page_queries()
    for article in open_draft.articles:
        many = approved(open_draft, 6, article=article)
        answer_feedbacks(agency_editor, open_draft, many[:3], "explained", "Hai.")
        answer_feedbacks(agency_editor, open_draft, many[3:5], "not_accepted", "Ba.")
    db.session.commit()

    html = client.get(url).get_data(as_text=True)
    assert html.count(shown("Answer of the drafting agency:")) > 3
    assert page_queries() == before <= 8  # the page without answers, plus the outcome counts and the answers


def test_receipt_shows_each_status(client, db, agency_editor, moderator, open_draft):
    pending, published, rejected, answered = (factories.make_feedback(open_draft) for _ in range(4))
    approve_feedback(moderator, published)
    reject_feedback(moderator, rejected, "off_topic", note="Ghi chú nội bộ của kiểm duyệt viên")
    approve_feedback(moderator, answered)
    answer_feedbacks(agency_editor, open_draft, [answered], "not_accepted", "Không tiếp thu vì đã có quy định.")
    publish_answers(agency_editor, open_draft)
    db.session.commit()

    def receipt(feedback):
        return client.get(f"/receipts/{feedback.receipt_code}").get_data(as_text=True)

    assert shown("Pending moderation") in receipt(pending)
    html = receipt(published)
    assert shown("Published") in html and shown("Answer of the drafting agency:") not in html
    html = receipt(rejected)
    assert shown("Not published") in html and label(REJECTION_REASONS, "off_topic") in html
    assert "Ghi chú nội bộ" not in html  # the moderator's note is not for the author
    html = receipt(answered)
    assert shown("Answered") in html and "Không tiếp thu vì đã có quy định." in html
    assert label(ANSWER_KINDS, "not_accepted") in html


def test_publication_hands_the_newly_public_answers_to_the_notification_hook(
    db, agency_editor, open_draft, monkeypatch
):
    from consult.answers import services

    told = []
    monkeypatch.setattr(services, "_after_publish", lambda answers: told.append([a.feedback for a in answers]))
    first, second, late = approved(open_draft, 3)
    answer_feedbacks(agency_editor, open_draft, [first, second], "accepted", "Một.")
    assert told == []  # nothing is public yet

    assert publish_answers(agency_editor, open_draft) == 2
    assert publish_answers(agency_editor, open_draft) == 0  # a second publication tells nobody twice
    answer_feedbacks(agency_editor, open_draft, [late], "explained", "Hai.")
    answer_feedbacks(agency_editor, open_draft, [first], "explained", "Sửa.")  # an edit: no new notice

    assert told == [[first, second], [late]]


def test_pending_opinion_approved_later_shows_its_answer_only_when_answered(
    client, db, agency_editor, moderator, open_draft
):
    early = approved(open_draft)[0]
    answer_feedbacks(agency_editor, open_draft, [early], "accepted", "Sớm.")
    publish_answers(agency_editor, open_draft)
    late = factories.make_feedback(open_draft)
    approve_feedback(moderator, late)
    db.session.commit()

    html = client.get(f"/receipts/{late.receipt_code}").get_data(as_text=True)

    assert late.status == FeedbackStatus.APPROVED and shown("Published") in html and "Sớm." not in html
