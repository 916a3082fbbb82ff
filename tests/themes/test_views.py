"""Themes pages: the agency reads its themes and their opinions, recomputes them; other agencies are refused."""

import pytest
from sqlalchemy import select

from consult.audit import AuditLog
from consult.themes.models import ThemeMember, ThemeRun, ThemeSeed
from consult.themes.seeds import name_theme
from consult.themes.services import compute_themes
from tests import factories
from tests.conftest import post_form
from tests.themes.topics import topic_opinions


@pytest.fixture
def themed_draft(db, open_draft):
    """A draft with 60 approved opinions on three topics and its themes computed."""
    factories.make_approved_opinions(open_draft, [text for _, text in topic_opinions(20)])
    compute_themes(open_draft)
    db.session.commit()
    return open_draft


def test_the_editor_sees_themes_with_sizes_stances_quotes_and_links(client, auth, agency_editor, themed_draft, db):
    auth.login(agency_editor)
    html = client.get(f"/agency/drafts/{themed_draft.id}").get_data(as_text=True)
    assert f"/agency/drafts/{themed_draft.id}/themes" in html

    response = client.get(f"/agency/drafts/{themed_draft.id}/themes")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    run = db.session.scalar(select(ThemeRun))
    assert html.count('<h3 id="theme-') == len(run.themes) == 3
    for theme in run.themes:
        assert theme.label in html
        assert f"/agency/drafts/{themed_draft.id}/answers/theme/{theme.id}" in html
        assert f"/agency/drafts/{themed_draft.id}/themes/{theme.id}" in html
    assert html.count("<blockquote") >= 6
    assert "Toàn bộ dự thảo" in html  # the opinions were given on the whole draft, not an article


def test_a_theme_lists_its_opinions_in_keyset_pages(client, auth, agency_editor, themed_draft, db, app):
    app.config["THEMES_PAGE_SIZE"] = 5
    auth.login(agency_editor)
    theme = db.session.scalar(select(ThemeRun)).themes[0]
    seen, url = [], f"/agency/drafts/{themed_draft.id}/themes/{theme.id}"
    while url:
        html = client.get(url).get_data(as_text=True)
        seen += [
            int(part.split('"')[0])
            for part in html.split('id="y-kien-')[1:]
            if not part.startswith(("0", "-")) and part.split('"')[0].isdigit()
        ]
        marker = 'rel="next" href="'
        url = html.split(marker)[1].split('"')[0].replace("&amp;", "&") if marker in html else None
    members = sorted(feedback.id for feedback in _members(db, theme))
    assert seen == members and len(members) == theme.size > 5


def _members(db, theme):
    from consult.feedback.models import Feedback
    from consult.themes.models import ThemeMember

    return db.session.scalars(
        select(Feedback)
        .join(ThemeMember, ThemeMember.feedback_id == Feedback.id)
        .where(ThemeMember.theme_id == theme.id)
    ).all()


def test_another_agency_is_refused(client, auth, other_editor, themed_draft, db):
    auth.login(other_editor)
    theme = db.session.scalar(select(ThemeRun)).themes[0]
    assert client.get(f"/agency/drafts/{themed_draft.id}/themes").status_code == 403
    assert client.get(f"/agency/drafts/{themed_draft.id}/themes/{theme.id}").status_code == 403
    response = post_form(client, f"/agency/drafts/{themed_draft.id}/themes/recompute", page="/agency/drafts")
    assert response.status_code == 403


def test_citizens_and_visitors_are_kept_out(client, auth, citizen, themed_draft):
    assert client.get(f"/agency/drafts/{themed_draft.id}/themes").status_code in (302, 401)
    auth.login(citizen)
    assert client.get(f"/agency/drafts/{themed_draft.id}/themes").status_code == 403


def test_a_theme_of_another_draft_is_not_found(client, auth, agency_editor, agency, themed_draft, db):
    other = factories.make_draft(agency)
    db.session.commit()
    theme = db.session.scalar(select(ThemeRun)).themes[0]
    auth.login(agency_editor)
    assert client.get(f"/agency/drafts/{other.id}/themes/{theme.id}").status_code == 404


def test_recompute_runs_the_job_and_replaces_the_run(client, auth, agency_editor, themed_draft, db):
    auth.login(agency_editor)
    before = db.session.scalar(select(ThemeRun.id))
    factories.make_approved_opinions(themed_draft, [text for _, text in topic_opinions(5, seed=3)])
    db.session.commit()

    response = post_form(
        client, f"/agency/drafts/{themed_draft.id}/themes/recompute", page=f"/agency/drafts/{themed_draft.id}/themes"
    )

    assert response.status_code == 302
    runs = db.session.execute(select(ThemeRun.id, ThemeRun.opinions)).all()
    assert len(runs) == 1 and runs[0].id != before and runs[0].opinions == 75
    assert db.session.scalar(select(AuditLog.action).where(AuditLog.action == "summary.requested"))
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "75" in html


def test_recompute_needs_the_csrf_token(client, auth, agency_editor, themed_draft):
    auth.login(agency_editor)
    assert client.post(f"/agency/drafts/{themed_draft.id}/themes/recompute").status_code == 400


def test_no_themes_yet_and_too_few_opinions_are_explained(client, auth, agency_editor, open_draft, db):
    auth.login(agency_editor)
    html = client.get(f"/agency/drafts/{open_draft.id}/themes").get_data(as_text=True)
    assert "<h2" not in html.split("<main")[-1] or "scope-" not in html
    factories.make_approved_opinions(open_draft, ["Phí quá cao."] * 3)
    compute_themes(open_draft)
    db.session.commit()
    html = client.get(f"/agency/drafts/{open_draft.id}/themes").get_data(as_text=True)
    assert "scope-" not in html and "10" in html


def test_the_overview_runs_a_fixed_number_of_queries(client, auth, agency_editor, themed_draft, db, count_queries):
    auth.login(agency_editor)
    url = f"/agency/drafts/{themed_draft.id}/themes"
    first, second, third = themed_draft.articles

    def add_article_themes(*articles):
        for article in articles:
            factories.make_approved_opinions(
                themed_draft, [text for _, text in topic_opinions(20, seed=article.id)], article=article
            )
        compute_themes(themed_draft)
        db.session.commit()  # also expires what the session holds, as a fresh request would find it

    add_article_themes(first)
    with count_queries() as few:
        assert client.get(url).status_code == 200
    add_article_themes(second, third)
    with count_queries() as many:
        html = client.get(url).get_data(as_text=True)
    assert html.count('<section aria-labelledby="scope-') == 4
    assert len(many) == len(few)


def test_a_theme_is_answered_at_once_from_its_page(client, auth, agency_editor, themed_draft, db):
    from consult.answers.models import Answer
    from consult.themes.models import Theme

    auth.login(agency_editor)
    theme = db.session.scalars(select(Theme).where(Theme.draft_id == themed_draft.id).order_by(Theme.position)).first()
    page = client.get(f"/agency/drafts/{themed_draft.id}/themes/{theme.id}").get_data(as_text=True)
    url = f"/agency/drafts/{themed_draft.id}/answers/theme/{theme.id}"
    assert url in page
    assert theme.label in client.get(url).get_data(as_text=True)

    response = post_form(client, url, {"kind": "explained", "explanation": "Cơ quan soạn thảo giải trình chung."})

    assert response.status_code == 302
    answered = set(db.session.scalars(select(Answer.feedback_id)))
    assert answered == {feedback.id for feedback in _members(db, theme)}


def test_another_agency_cannot_answer_a_theme(client, auth, other_editor, themed_draft, db):
    from consult.themes.models import Theme

    auth.login(other_editor)
    theme = db.session.scalars(select(Theme).where(Theme.draft_id == themed_draft.id)).first()
    url = f"/agency/drafts/{themed_draft.id}/answers/theme/{theme.id}"
    assert client.get(url).status_code == 403
    assert post_form(client, url, {"kind": "explained", "explanation": "Không được phép."}).status_code == 403


def test_the_editor_names_a_theme_by_seed_words_and_the_next_run_uses_it(client, auth, agency_editor, themed_draft, db):
    auth.login(agency_editor)
    url = f"/agency/drafts/{themed_draft.id}/themes"
    response = post_form(client, f"{url}/seeds", {"words": "cây xanh, gốc cây", "name": "Bảo vệ cây xanh"}, page=url)
    assert response.status_code == 302
    seed = db.session.scalar(select(ThemeSeed))
    assert (seed.name, seed.words) == ("Bảo vệ cây xanh", ["cây xanh", "gốc cây"])
    assert db.session.scalar(select(AuditLog.action).where(AuditLog.action == "theme.seed_add"))

    post_form(client, f"{url}/recompute", page=url)
    html = client.get(url).get_data(as_text=True)
    assert html.count("Bảo vệ cây xanh") >= 2  # in the list of named themes and as a theme's title

    response = post_form(client, f"{url}/seeds/{seed.id}/remove", page=url)
    assert response.status_code == 302 and db.session.scalar(select(ThemeSeed)) is None


def test_seed_words_are_required_and_another_agency_cannot_name_themes(
    client, auth, agency_editor, other_editor, themed_draft, db
):
    auth.login(agency_editor)
    url = f"/agency/drafts/{themed_draft.id}/themes"
    response = post_form(client, f"{url}/seeds", {"words": "  "}, page=url)
    assert response.status_code == 422 and "Hãy viết ít nhất một từ khóa gợi ý." in response.get_data(as_text=True)
    seed = name_theme(themed_draft, "phí")
    db.session.commit()
    auth.logout()
    auth.login(other_editor)
    assert post_form(client, f"{url}/seeds", {"words": "phí"}, page="/agency/drafts").status_code == 403
    assert post_form(client, f"{url}/seeds/{seed.id}/remove", page="/agency/drafts").status_code == 403
    assert db.session.scalars(select(ThemeSeed)).all() == [seed]


def test_a_computed_theme_renamed_keeps_its_name_and_opinions_after_recomputing(
    client, auth, agency_editor, themed_draft, db
):
    auth.login(agency_editor)
    url = f"/agency/drafts/{themed_draft.id}/themes"
    theme = db.session.scalar(select(ThemeRun)).themes[0]
    members = set(db.session.scalars(select(ThemeMember.feedback_id).where(ThemeMember.theme_id == theme.id)))
    html = client.get(url).get_data(as_text=True)
    assert f'id="rename-{theme.id}"' in html

    words = ", ".join(theme.terms)
    response = post_form(client, f"{url}/seeds", {"words": words, "name": "Chủ đề đã đổi tên"}, page=url)
    assert response.status_code == 302
    post_form(client, f"{url}/recompute", page=url)

    renamed = db.session.scalar(select(ThemeRun)).themes
    named = [item for item in renamed if item.label == "Chủ đề đã đổi tên"]
    assert len(named) == 1 and named[0].seed_id is not None
    kept = set(db.session.scalars(select(ThemeMember.feedback_id).where(ThemeMember.theme_id == named[0].id)))
    assert len(kept & members) >= 0.9 * len(members)
