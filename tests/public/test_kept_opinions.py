"""A page of published opinions is rendered once and kept while nothing it shows changes; any change to the set of
approved opinions or to one's text (approval, rejection, redaction, sent back to review, a swap that keeps the
count) shows at the next request, with the page cache off; once answers are published, the page is rendered every
time."""

import pytest
from flask import template_rendered
from sqlalchemy import update

from consult.answers.services import answer_feedbacks, publish_answers
from consult.feedback.models import Feedback, FeedbackStatus
from consult.moderation.models import REDACTION_REASONS, REJECTION_REASONS
from consult.moderation.redaction import redact_feedback
from consult.moderation.services import approve_feedback, reject_feedback
from tests import factories
from tests.public.test_page_cache import anonymous

FRESH = {"PAGE_CACHE_ENABLED": False}  # every request renders its page: what is kept is the fragments alone


@pytest.fixture
def opinion_renders(app):
    """One entry per render of a page of opinions (public/_opinions.html): the ids it showed."""
    renders = []

    def note(_sender, template, context, **_extra):
        if template.name == "public/_opinions.html":
            renders.append([opinion.id for opinion in context["opinions"].items])

    template_rendered.connect(note, app)
    yield renders
    template_rendered.disconnect(note, app)


def page(app, draft, path=""):
    return anonymous(app).get(f"/drafts/{draft.slug}{path}").get_data(as_text=True)


@pytest.mark.parametrize("app_config", [FRESH])
def test_a_page_of_opinions_is_rendered_once_and_each_filter_and_language_has_its_own(
    app, db, open_draft, opinion_renders
):
    article = open_draft.articles[0]
    factories.make_feedback(open_draft, FeedbackStatus.APPROVED, article=article, content="Ý kiến về Điều 1.")
    db.session.commit()

    first, second = page(app, open_draft), page(app, open_draft)
    on_article = page(app, open_draft, f"/articles/{article.number}")
    page(app, open_draft, f"/articles/{article.number}")
    english_visitor = anonymous(app)
    english_visitor.get("/lang/en?next=/")
    english = english_visitor.get(f"/drafts/{open_draft.slug}").get_data(as_text=True)

    assert len(opinion_renders) == 3  # the draft page, the article page, the draft page in English
    assert first == second and "Ý kiến về Điều 1." in first
    assert "Ý kiến về Điều 1." in on_article and "Ý kiến về Điều 1." in english
    assert "Published opinions\n    (1)" in english


@pytest.mark.parametrize("app_config", [FRESH])
def test_approval_and_redaction_show_at_the_next_request_a_rejection_changes_nothing(
    app, db, open_draft, moderator, opinion_renders
):
    pending = factories.make_feedback(open_draft, content="Đề nghị bỏ khoản 2 vì trùng lặp.")
    spam = factories.make_feedback(open_draft, content="Quảng cáo.")
    shown = factories.make_feedback(open_draft, FeedbackStatus.APPROVED, content="Số điện thoại của tôi là 0912345678.")
    db.session.commit()
    assert "Đề nghị bỏ khoản 2" not in page(app, open_draft)

    approve_feedback(moderator, pending)
    db.session.commit()
    approved = page(app, open_draft)
    reason = next(iter(REDACTION_REASONS))
    redact_feedback(moderator, shown, "Số điện thoại của tôi là [đã ẩn].", "", shown.revision, reason)
    db.session.commit()
    redacted = page(app, open_draft)
    reject_feedback(moderator, spam, next(iter(REJECTION_REASONS)))
    db.session.commit()

    assert "Đề nghị bỏ khoản 2" in approved and "0912345678" in approved
    assert "0912345678" not in redacted and "Số điện thoại của tôi là [đã ẩn]." in redacted
    assert page(app, open_draft) == redacted
    assert len(opinion_renders) == 3  # before, approved, redacted: the rejection changed nothing public


@pytest.mark.parametrize("app_config", [FRESH])
def test_a_swap_that_keeps_the_count_shows_at_the_next_request(app, db, open_draft, opinion_renders):
    # written by any path (here a bare UPDATE, as a bulk decision or an import would): nothing is told of the change
    leaving = factories.make_feedback(open_draft, FeedbackStatus.APPROVED, content="Ý kiến sẽ bị gửi lại xem xét.")
    coming = factories.make_feedback(open_draft, FeedbackStatus.PENDING, content="Ý kiến vừa được duyệt.")
    db.session.commit()
    before = page(app, open_draft)

    db.session.execute(update(Feedback).where(Feedback.id == leaving.id).values(status=FeedbackStatus.PENDING))
    db.session.execute(update(Feedback).where(Feedback.id == coming.id).values(status=FeedbackStatus.APPROVED))
    db.session.commit()
    after = page(app, open_draft)

    assert "Ý kiến sẽ bị gửi lại xem xét." in before and "Ý kiến vừa được duyệt." not in before
    assert "Ý kiến vừa được duyệt." in after and "Ý kiến sẽ bị gửi lại xem xét." not in after
    assert opinion_renders == [[leaving.id], [coming.id]]


@pytest.mark.parametrize("app_config", [FRESH])
def test_once_answers_are_published_each_page_is_rendered(app, db, open_draft, agency_editor, opinion_renders):
    opinion = factories.make_feedback(open_draft, FeedbackStatus.APPROVED, article=open_draft.articles[0])
    answer_feedbacks(agency_editor, open_draft, [opinion], "accepted", "Ban soạn thảo tiếp thu.")
    publish_answers(agency_editor, open_draft)
    db.session.commit()

    pages = [page(app, open_draft) for _ in range(2)]

    assert len(opinion_renders) == 2
    assert all("Ban soạn thảo tiếp thu." in html for html in pages)
