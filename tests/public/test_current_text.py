"""A draft page's text is rendered once and kept while nothing it shows changes: the counts, the language, the
window, the version; an unpublished draft, edited in place, is rendered every time."""

import pytest

from consult.drafts.models import DraftStatus
from consult.drafts.services import update_draft
from consult.feedback.models import FeedbackStatus
from tests import factories
from tests.public.test_page_cache import anonymous

FRESH = {"PAGE_CACHE_ENABLED": False}  # every request renders its page: what is kept is the text alone


@pytest.fixture
def text_renders(app):
    """The number of times public/_text.html was rendered, as a list of one entry per render."""
    from flask import template_rendered

    renders = []

    def note(_sender, template, context, **_extra):
        if template.name == "public/_text.html":
            renders.append(context["version"].id)

    template_rendered.connect(note, app)
    yield renders
    template_rendered.disconnect(note, app)


@pytest.mark.parametrize("app_config", [FRESH])
def test_the_text_is_rendered_once_and_the_page_is_the_same(app, db, open_draft, text_renders):
    url = f"/drafts/{open_draft.slug}"
    first = anonymous(app).get(url).get_data(as_text=True)
    second = anonymous(app).get(url).get_data(as_text=True)

    assert len(text_renders) == 1
    assert first == second
    assert "Điều 2. Đối tượng áp dụng" in second and "Cơ quan nhà nước." in second


@pytest.mark.parametrize("app_config", [FRESH])
def test_an_approved_opinion_changes_the_counts_in_the_text(app, db, open_draft, text_renders):
    url = f"/drafts/{open_draft.slug}"
    article = open_draft.articles[1]
    anonymous(app).get(url)
    opinion = factories.make_feedback(open_draft, FeedbackStatus.APPROVED, article=article, clause=article.clauses[0])
    db.session.commit()

    html = anonymous(app).get(url).get_data(as_text=True)

    assert len(text_renders) == 2
    assert f'{article.number}?clause={article.clauses[0].number}#opinions">1 ý kiến' in html
    assert f'<a href="/opinions/{opinion.id}/report" rel="nofollow">' in html


@pytest.mark.parametrize("app_config", [FRESH])
def test_each_language_and_window_state_has_its_own_text(app, db, open_draft, text_renders):
    url = f"/drafts/{open_draft.slug}"
    vietnamese = anonymous(app).get(url).get_data(as_text=True)
    english_visitor = anonymous(app)
    english_visitor.get("/lang/en?next=/")
    english = english_visitor.get(url).get_data(as_text=True)
    open_draft.status = DraftStatus.CLOSED
    db.session.commit()
    closed = anonymous(app).get(url).get_data(as_text=True)

    assert len(text_renders) == 3
    assert "Điều 2. Đối tượng áp dụng" in vietnamese and "Góp ý Điều 2" in vietnamese
    assert "Article 2. Đối tượng áp dụng" in english and "Comment on Article 2" in english
    assert "Điều 2. Đối tượng áp dụng" in closed and "Góp ý Điều 2" not in closed


@pytest.mark.parametrize("app_config", [FRESH])
def test_a_new_version_is_shown_at_once(app, db, open_draft, text_renders):
    url = f"/drafts/{open_draft.slug}"
    anonymous(app).get(url)
    update_draft(None, open_draft, {}, factories.STRUCTURE.replace("Cơ quan nhà nước.", "Cơ quan nhà nước các cấp."))
    db.session.commit()

    html = anonymous(app).get(url).get_data(as_text=True)

    assert "Cơ quan nhà nước các cấp." in html
    assert text_renders[0] != text_renders[1]  # the new version's own text


@pytest.mark.parametrize("app_config", [FRESH])
def test_an_unpublished_draft_edited_in_place_shows_its_new_text(client, db, auth, agency, agency_editor, text_renders):
    draft = factories.make_draft(agency, status=DraftStatus.DRAFT)
    db.session.commit()
    auth.login(agency_editor)
    url = f"/drafts/{draft.slug}"
    assert "Cơ quan nhà nước." in client.get(url).get_data(as_text=True)

    update_draft(agency_editor, draft, {}, factories.STRUCTURE.replace("Cơ quan nhà nước.", "Ủy ban nhân dân các cấp."))
    db.session.commit()
    html = client.get(url).get_data(as_text=True)

    assert draft.current_version.number == 1  # edited in place, same version
    assert "Ủy ban nhân dân các cấp." in html and "Cơ quan nhà nước." not in html
