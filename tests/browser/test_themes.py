"""An editor reads the themes of a draft, opens one, and recomputes them, in a real browser without JavaScript."""

from sqlalchemy import select

from consult.themes.models import ThemeRun
from consult.themes.services import compute_themes
from tests import factories
from tests.browser.test_consultation_loop import login
from tests.themes.topics import topic_opinions


def test_themes_page_theme_opinions_and_recompute(
    live_server, new_page, check_accessibility, db, open_draft, agency_editor
):
    factories.make_approved_opinions(
        open_draft, [text for _, text in topic_opinions(20)], article=open_draft.articles[1]
    )
    compute_themes(open_draft)
    db.session.commit()
    run = db.session.scalar(select(ThemeRun))
    first_run_id = run.id
    base = f"/agency/drafts/{open_draft.id}"

    page = new_page()
    login(page, live_server, agency_editor)
    page.goto(live_server + base)
    page.locator(f"a[href='{base}/themes']").click()
    assert page.url.endswith(f"{base}/themes")
    assert page.locator("h1").count() == 1
    assert page.locator("h3[id^='theme-']").count() == len(run.themes) == 3
    assert page.locator("blockquote").count() >= 6
    check_accessibility(page, "themes of a draft")

    theme = run.themes[0]
    page.locator(f"h3#theme-{theme.id} a").click()
    assert page.url.endswith(f"{base}/themes/{theme.id}")
    assert page.locator("article.opinion").count() == theme.size
    assert page.locator(f"a[href='{base}/answers/theme/{theme.id}']").count() == 1
    check_accessibility(page, "opinions of a theme")

    page.goto(live_server + base + "/themes")
    page.locator(f"form[action='{base}/themes/recompute'] button").click()
    assert page.url.endswith(f"{base}/themes")
    db.session.expire_all()
    runs = db.session.scalars(select(ThemeRun)).all()
    assert len(runs) == 1 and runs[0].id != first_run_id
    assert page.locator("h3[id^='theme-']").count() == 3
