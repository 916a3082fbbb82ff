"""`flask themes build DRAFT`: computes and stores the themes of a draft named by id or slug."""

from sqlalchemy import func, select

from consult.themes.models import Theme, ThemeMember
from tests import factories
from tests.themes.topics import topic_opinions


def test_build_by_slug_stores_the_themes_and_reports_progress(runner, db, open_draft):
    factories.make_approved_opinions(open_draft, [text for _, text in topic_opinions(20)])
    db.session.commit()

    result = runner.invoke(args=["themes", "build", open_draft.slug])

    assert result.exit_code == 0, result.output
    assert "3 themes over 60 approved opinions" in result.output
    assert db.session.scalar(select(func.count()).select_from(Theme)) == 3
    assert db.session.scalar(select(func.count()).select_from(ThemeMember)) == 60


def test_build_refuses_an_unknown_draft(runner, db):
    result = runner.invoke(args=["themes", "build", "khong-co"])
    assert result.exit_code != 0 and "No draft" in result.output
