"""compute_themes: themes follow topics, are reproducible, traceable to their opinions, and read approved ones only."""

import collections

from sqlalchemy import select

from consult.feedback.models import Feedback, FeedbackStatus
from consult.themes.models import Theme, ThemeMember, ThemeRun
from consult.themes.services import MIN_OPINIONS, choose_k, compute_themes, latest_run
from tests import factories
from tests.themes.topics import topic_opinions


def _members(db, theme):
    return set(db.session.scalars(select(ThemeMember.feedback_id).where(ThemeMember.theme_id == theme.id)))


def _seed(db, draft, per_topic=20, article=None):
    opinions = topic_opinions(per_topic)
    rows = factories.make_approved_opinions(draft, [text for _, text in opinions], article=article)
    db.session.commit()
    return {row.id: topic for row, (topic, _) in zip(rows, opinions)}


def _run_summary(db, run):
    return [
        (
            theme.article_id,
            theme.label,
            theme.size,
            theme.support,
            theme.oppose,
            theme.other,
            theme.quote_ids,
            sorted(_members(db, theme)),
        )
        for theme in run.themes
    ]


def test_choose_k_grows_with_the_opinions_and_stays_readable():
    assert [choose_k(n) for n in (10, 60, 125, 500, 10_000)] == [2, 3, 5, 10, 12]


def test_themes_follow_the_topics_and_text_without_diacritics_joins_its_twin(db, open_draft):
    topic_of = _seed(db, open_draft)
    run = compute_themes(open_draft)
    db.session.commit()

    assert len(run.themes) == 3
    for theme in run.themes:
        topics = collections.Counter(topic_of[feedback_id] for feedback_id in _members(db, theme))
        assert topics.most_common(1)[0][1] == theme.size, (theme.label, topics)  # one topic per theme
        assert 2 <= len(theme.terms) <= 4
    terms = " | ".join(", ".join(theme.terms) for theme in run.themes)
    assert "cây xanh" in terms and "trường học" in terms, terms  # accented although a quarter are typed plain
    plain = [
        feedback_id for feedback_id, text in db.session.execute(select(Feedback.id, Feedback.content)) if text.isascii()
    ]
    assert plain and set(plain) <= set().union(*(_members(db, theme) for theme in run.themes))


def test_every_theme_is_traceable_to_its_opinions_with_sizes_stance_mix_and_distinct_quotes(db, open_draft):
    topic_of = _seed(db, open_draft)
    opposed = sorted(topic_of)[::4]
    for opinion in db.session.scalars(select(Feedback).where(Feedback.id.in_(opposed))):
        opinion.stance = "oppose"
    db.session.commit()

    run = compute_themes(open_draft)
    db.session.commit()

    all_members = [_members(db, theme) for theme in run.themes]
    assert sum(len(members) for members in all_members) == len(topic_of)
    assert set().union(*all_members) == set(topic_of)
    for theme, members in zip(run.themes, all_members):
        assert theme.size == len(members) == theme.support + theme.oppose + theme.other
        assert theme.oppose == len(members & set(opposed))
        assert 2 <= len(theme.quote_ids) <= 3 and set(theme.quote_ids) <= members
        texts = db.session.scalars(select(Feedback.content).where(Feedback.id.in_(theme.quote_ids))).all()
        assert len(set(texts)) == len(texts)


def test_same_opinions_give_the_same_themes(db, open_draft):
    _seed(db, open_draft, per_topic=30)
    first = _run_summary(db, compute_themes(open_draft))
    db.session.commit()
    second_run = compute_themes(open_draft)
    db.session.commit()
    assert _run_summary(db, second_run) == first
    assert db.session.scalars(select(ThemeRun.id)).all() == [second_run.id]  # the earlier run is replaced


def test_only_approved_opinions_are_read(db, open_draft):
    topic_of = _seed(db, open_draft)
    pending = factories.make_feedback(open_draft, content=topic_opinions(1, seed=99)[0][1])
    rejected = factories.make_feedback(open_draft, status=FeedbackStatus.REJECTED, content="Phí quá cao, cần giảm phí.")
    db.session.commit()

    run = compute_themes(open_draft)
    db.session.commit()

    members = set().union(*(_members(db, theme) for theme in run.themes))
    assert members == set(topic_of)
    assert pending.id not in members and rejected.id not in members
    assert run.opinions == len(topic_of)


def test_copies_follow_their_representative_and_quotes_skip_copies(db, open_draft):
    topic_of = _seed(db, open_draft)
    representative = min(topic_of)
    original = db.session.get(Feedback, representative)
    copies = factories.make_approved_opinions(open_draft, [original.content] * 30)
    for copy in copies:
        copy.duplicate_group_id = representative
    db.session.commit()

    run = compute_themes(open_draft)
    db.session.commit()

    home = [theme for theme in run.themes if representative in _members(db, theme)]
    assert len(home) == 1 and {copy.id for copy in copies} <= _members(db, home[0])
    assert not {copy.id for copy in copies} & set(home[0].quote_ids)


def test_articles_get_their_own_themes_and_tiny_ones_none(db, open_draft):
    _first, second, third = open_draft.articles
    _seed(db, open_draft, article=second)
    factories.make_approved_opinions(open_draft, ["Phí quá cao."] * (MIN_OPINIONS - 1), article=third)
    db.session.commit()

    run = compute_themes(open_draft)
    db.session.commit()

    assert {theme.article_id for theme in run.themes} == {second.id}
    skipped = [scope for scope in run.details["scopes"] if scope["skipped"]]
    assert [scope["article_id"] for scope in skipped] == [third.id]
    assert latest_run(open_draft).id == run.id


def test_a_draft_without_opinions_gets_an_empty_run(db, open_draft):
    calls = []
    run = compute_themes(open_draft, progress=lambda done, total: calls.append((done, total)))
    db.session.commit()
    assert run.themes == [] and calls == [(0, 0)]
    assert db.session.scalars(select(Theme)).all() == []


def test_an_article_with_one_distinct_text_is_skipped_not_an_error(db, open_draft):
    first, second, _ = open_draft.articles
    _seed(db, open_draft, article=second)
    # One form letter and its copies: a single distinct text, so no term is shared by two texts.
    letter = factories.make_approved_opinions(open_draft, ["Đề nghị giữ nguyên khoản 2."], article=first)[0]
    copies = factories.make_approved_opinions(open_draft, ["Đề nghị giữ nguyên khoản 2."] * MIN_OPINIONS, article=first)
    for copy in copies:
        copy.duplicate_group_id = letter.id
    db.session.commit()

    run = compute_themes(open_draft)
    db.session.commit()

    assert {theme.article_id for theme in run.themes} == {second.id}
    skipped = {scope["article_id"] for scope in run.details["scopes"] if scope["skipped"]}
    assert skipped == {first.id}
