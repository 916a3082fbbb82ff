"""The search service on the database in use: folding, what is indexed, and keeping the index right."""

from sqlalchemy import func, insert, select

from consult.drafts.models import DraftStatus
from consult.drafts.services import update_draft
from consult.feedback.models import FeedbackStatus
from consult.moderation.services import approve_feedback, reject_feedback
from consult.search import services
from consult.search.indexing import reindex
from consult.search.models import Kind, SearchEntry
from consult.search.services import locate_opinion, search, search_all
from tests import factories
from tests.search.helpers import STRUCTURE, approved_opinion, published_draft


def found(text, kind, **options):
    """Return the ids of the objects `search` finds."""
    return [hit.target.id for hit in search(text, kind, **options).hits]


def test_words_typed_without_diacritics_find_the_accented_text(db, agency):
    draft = published_draft(agency)
    db.session.commit()
    article = draft.articles[0]

    assert found("quy hoach dat", Kind.ARTICLE) == [article.id]
    assert found("quy hoach dat", Kind.DRAFT) == [draft.id]
    assert found("quy hoach da", Kind.ARTICLE) == [article.id]  # the last word may be unfinished
    assert found("quy hoach dau", Kind.ARTICLE) == []  # every word must be there


def test_tone_placement_case_and_d_bar_do_not_matter(db, agency, moderator):
    draft = published_draft(agency)
    opinion = approved_opinion(draft, moderator, "Đề nghị giữ nguyên diện tích đất trồng lúa.")
    db.session.commit()
    mediation = draft.articles[1].id

    assert found("hoà giải", Kind.ARTICLE) == found("hòa giải", Kind.ARTICLE) == [mediation]
    assert found("Khánh Hòa", Kind.ARTICLE) == [draft.articles[0].id]  # written "Khánh Hoà"
    assert found("thúy", Kind.ARTICLE) == found("thuý", Kind.ARTICLE) == [mediation]
    assert found("Đất trồng", Kind.OPINION) == [opinion.id]
    assert found("DAT TRONG", Kind.OPINION) == found("đat trong", Kind.OPINION) == [opinion.id]


def test_words_typed_with_diacritics_find_text_written_without_them(db, agency, moderator):
    draft = published_draft(agency)
    opinion = approved_opinion(draft, moderator, "de nghi quy hoach lai dat nong nghiep")
    db.session.commit()

    assert found("đất nông nghiệp", Kind.OPINION) == [opinion.id]


def test_hits_show_the_original_text_with_the_matches_marked(db, agency, moderator):
    draft = published_draft(agency)
    approved_opinion(draft, moderator, "Tôi đề nghị công khai quy hoạch đất trước khi thu hồi.")
    db.session.commit()

    [hit] = search("quy hoach dat", Kind.OPINION).hits
    assert "<mark>quy</mark> <mark>hoạch</mark> <mark>đất</mark>" in str(hit.snippet)
    assert "hoach" not in str(hit.snippet)
    [article] = search("quy hoach dat", Kind.ARTICLE).hits
    assert str(article.title) == "<mark>Quy</mark> <mark>hoạch</mark> sử dụng <mark>đất</mark>"


def test_approval_makes_an_opinion_findable_and_rejection_keeps_it_out(db, agency, moderator):
    draft = published_draft(agency)
    pending = factories.make_feedback(draft, content="Cần mở rộng vỉa hè phố Hàng Bài.")
    spam = factories.make_feedback(draft, content="Quảng cáo vỉa hè giá rẻ.")
    db.session.commit()
    assert found("via he", Kind.OPINION) == []

    approve_feedback(moderator, pending)
    reject_feedback(moderator, spam, "spam")
    db.session.commit()

    assert found("via he", Kind.OPINION) == [pending.id]
    assert db.session.scalar(select(func.count()).select_from(SearchEntry).where(SearchEntry.kind == Kind.OPINION)) == 1


def test_unpublished_drafts_are_found_only_once_published(db, agency, other_agency):
    hidden = factories.make_draft(
        other_agency, status=DraftStatus.DRAFT, title="Quy hoạch đất bí mật", structure=STRUCTURE
    )
    draft = factories.make_draft(agency, status=DraftStatus.DRAFT, title="Dự thảo quy hoạch đất", structure=STRUCTURE)
    update_draft(None, hidden, {"title": "Quy hoạch đất bí mật, bản sửa"}, STRUCTURE)  # edits of unpublished drafts
    db.session.commit()
    assert found("quy hoach dat", Kind.DRAFT) == found("quy hoach dat", Kind.ARTICLE) == []

    from consult.drafts.services import publish_draft

    publish_draft(None, draft)
    db.session.commit()
    assert found("quy hoach dat", Kind.DRAFT) == [draft.id]
    assert found("quy hoach dat", Kind.ARTICLE) == [draft.articles[0].id]


def test_a_new_version_replaces_the_articles_text(db, agency):
    draft = published_draft(agency)
    db.session.commit()
    old_article = draft.articles[0]

    new_text = STRUCTURE.replace("Quy hoạch đất đai phải được công khai.", "Kế hoạch sử dụng mặt nước ven biển.")
    update_draft(None, draft, {"title": "Dự thảo Quyết định về mặt nước"}, new_text, note="Sửa Điều 1")
    db.session.commit()

    assert draft.current_version.number == 2
    assert found("mat nuoc ven bien", Kind.ARTICLE) == [draft.articles[0].id] != [old_article.id]
    assert found("dat dai", Kind.ARTICLE) == []
    assert found("mat nuoc", Kind.DRAFT) == [draft.id] and found("do thi", Kind.DRAFT) == []
    assert db.session.scalar(select(func.count()).select_from(SearchEntry).where(SearchEntry.kind == Kind.ARTICLE)) == 3


def test_contacts_and_names_without_consent_are_not_searchable(db, agency, moderator):
    draft = published_draft(agency)
    secret = approved_opinion(
        draft, moderator, "Ý kiến về vỉa hè.", contact="0912345678", author_name="Trần Bí Mật", consent_name=False
    )
    public = approved_opinion(
        draft,
        moderator,
        "Ý kiến khác về vỉa hè.",
        author_name="Hiệp hội Bất động sản",
        author_kind="organisation",
        consent_name=False,
    )
    db.session.commit()

    assert found("0912345678", Kind.OPINION) == found("Trần Bí Mật", Kind.OPINION) == []
    assert found("hiep hoi bat dong san", Kind.OPINION) == [public.id]
    folded = " ".join(db.session.scalars(select(SearchEntry.folded)))
    assert "0912345678" not in folded and "nguoidan" not in folded and "bi mat" not in folded
    assert found("via he", Kind.OPINION) == [public.id, secret.id]  # the text itself is searchable


def test_draft_filter_and_keyset_pages(db, agency, moderator):
    draft = published_draft(agency)
    other = published_draft(agency, title="Dự thảo khác")
    mine = [approved_opinion(draft, moderator, f"Ý kiến vỉa hè số {n}").id for n in range(7)]
    approved_opinion(other, moderator, "Ý kiến vỉa hè ở dự thảo khác")
    db.session.commit()

    first = search("via he", Kind.OPINION, draft=draft, limit=3)
    assert [hit.target.id for hit in first.hits] == mine[::-1][:3]
    assert (first.total, first.more, first.previous_key) == (7, False, None)
    second = search("via he", Kind.OPINION, draft=draft, limit=3, after=first.next_key)
    assert [hit.target.id for hit in second.hits] == mine[::-1][3:6]
    last = search("via he", Kind.OPINION, draft=draft, limit=3, after=second.next_key)
    assert [hit.target.id for hit in last.hits] == [mine[0]] and last.next_key is None
    back = search("via he", Kind.OPINION, draft=draft, limit=3, before=second.previous_key)
    assert [hit.target.id for hit in back.hits] == mine[::-1][:3] and back.previous_key is None
    assert len(found("via he", Kind.OPINION)) == 8


def test_counts_stop_at_the_cap_and_pages_still_walk_every_match(db, agency, moderator, monkeypatch):
    draft = published_draft(agency)
    opinions = [approved_opinion(draft, moderator, f"Ý kiến số {n} về vỉa hè").id for n in range(7)]
    db.session.commit()
    monkeypatch.setattr(services, "COUNT_CAP", 3)

    results = search("via he", Kind.OPINION, draft=draft, limit=2)
    assert (results.total, results.more, len(results.hits)) == (3, True, 2)
    seen, pages = [], [results]
    while pages[-1].next_key is not None:
        seen += [hit.target.id for hit in pages[-1].hits]
        pages.append(search("via he", Kind.OPINION, draft=draft, limit=2, after=pages[-1].next_key))
    seen += [hit.target.id for hit in pages[-1].hits]
    assert seen == opinions[::-1]
    back = search("via he", Kind.OPINION, draft=draft, limit=2, before=pages[2].previous_key)
    assert [hit.target.id for hit in back.hits] == [hit.target.id for hit in pages[1].hits]


def test_search_all_returns_every_kind(db, agency, moderator):
    draft = published_draft(agency)
    approved_opinion(draft, moderator, "Quy hoạch đất cần công khai sớm.")
    db.session.commit()

    groups = search_all("quy hoach dat")
    assert list(groups) == [Kind.DRAFT, Kind.ARTICLE, Kind.OPINION]
    assert [group.total for group in groups.values()] == [1, 1, 1]
    assert search_all("   ")[Kind.DRAFT].hits == []


def test_a_stale_entry_never_shows_what_is_not_public(db, agency):
    draft = published_draft(agency)
    pending = factories.make_feedback(draft, content="Ý kiến chờ duyệt về vỉa hè.")
    db.session.execute(
        insert(SearchEntry),
        [{"kind": Kind.OPINION, "object_id": pending.id, "draft_id": draft.id, "folded": "y kien cho duyet ve via he"}],
    )
    db.session.commit()

    assert found("via he", Kind.OPINION) == []


def test_reindex_rebuilds_everything_and_drops_what_is_not_public(db, agency, moderator):
    draft = published_draft(agency)
    opinion = approved_opinion(draft, moderator, "Quy hoạch đất cần công khai.")
    pending = factories.make_feedback(draft, content="Ý kiến chờ duyệt về vỉa hè.")
    db.session.execute(SearchEntry.__table__.delete().where(SearchEntry.kind != Kind.ARTICLE))
    db.session.execute(
        insert(SearchEntry), [{"kind": Kind.OPINION, "object_id": pending.id, "draft_id": draft.id, "folded": "via he"}]
    )
    db.session.commit()
    assert found("quy hoach dat", Kind.OPINION) == []

    progress = list(reindex(batch_size=1))
    db.session.commit()

    assert (Kind.OPINION, 1) in progress and (Kind.ARTICLE, 3) in progress
    assert found("quy hoach dat", Kind.OPINION) == [opinion.id]
    assert found("quy hoach dat", Kind.DRAFT) == [draft.id]
    kinds = db.session.execute(select(SearchEntry.kind, func.count()).group_by(SearchEntry.kind)).all()
    assert dict(kinds) == {Kind.DRAFT: 1, Kind.ARTICLE: 3, Kind.OPINION: 1}


def test_reindex_command(runner, db, agency, moderator):
    draft = published_draft(agency)
    approved_opinion(draft, moderator, "Quy hoạch đất cần công khai.")
    db.session.execute(SearchEntry.__table__.delete())
    db.session.commit()

    result = runner.invoke(args=["search", "reindex", "--batch-size", "2"])

    assert result.exit_code == 0, result.output
    assert "drafts=1, articles=3, opinions=1" in result.output
    assert len(found("quy hoach dat", Kind.OPINION)) == 1


def test_locate_opinion_gives_its_page_on_the_draft(db, agency, moderator, app):
    draft = published_draft(agency)
    opinions = [approved_opinion(draft, moderator, f"Ý kiến số {n}") for n in range(5)]
    rejected = factories.make_feedback(draft, content="Bị từ chối")
    reject_feedback(moderator, rejected, "spam")
    db.session.commit()

    assert locate_opinion(opinions[-1].id, per_page=2) == (draft, 1)
    assert locate_opinion(opinions[0].id, per_page=2) == (draft, 3)
    assert locate_opinion(rejected.id, per_page=2) is None
    assert rejected.status == FeedbackStatus.REJECTED
