"""The search page: what a visitor types and sees, in Vietnamese, without JavaScript."""

import re

from consult.moderation.services import reject_feedback
from tests import factories
from tests.search.helpers import approved_opinion, published_draft


def page(client, **params):
    """GET /search with these parameters; return (status, html)."""
    response = client.get("/search", query_string=params)
    return response.status_code, response.get_data(as_text=True)


def results_part(html):
    """Return the page below the search form (the query itself is echoed in the form and the title)."""
    return html.split("</form>")[-1]


def test_words_without_diacritics_find_accented_text_shown_with_marks(client, db, agency, moderator):
    draft = published_draft(agency)
    approved_opinion(draft, moderator, "Đề nghị công khai quy hoạch đất trước khi thu hồi.", contact="0987654321")
    db.session.commit()

    status, html = page(client, q="quy hoach dat")

    assert status == 200
    found = results_part(html)
    assert "<mark>quy</mark> <mark>hoạch</mark> <mark>đất</mark>" in found  # the opinion, as written
    assert "<mark>Quy</mark> <mark>hoạch</mark> sử dụng <mark>đất</mark>" in found  # Điều 1's title
    assert "quy hoach" not in found.lower()  # folded text is never shown
    assert f'href="/drafts/{draft.slug}/articles/1"' in found
    assert f'href="/drafts/{draft.slug}"' in found
    assert "0987654321" not in html and "nguoidan" not in html
    assert 'role="search"' in html and '<label for="q">' in html
    assert 'value="quy hoach dat"' in html


def test_one_kind_is_counted_and_paged(client, db, agency, moderator, app):
    app.config["SEARCH_PER_PAGE"] = 2
    draft = published_draft(agency)
    for n in range(3):
        approved_opinion(draft, moderator, f"Ý kiến số {n} về vỉa hè")
    db.session.commit()

    status, html = page(client, q="vỉa hè", kind="opinions")
    assert status == 200
    assert "3 kết quả" in html or "3 results" in html
    assert html.count('class="card hit"') == 2
    next_link = re.search(r'<a rel="next" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    html = client.get(next_link).get_data(as_text=True)
    assert html.count('class="card hit"') == 1 and 'rel="prev"' in html and 'rel="next"' not in html
    status, html = page(client, q="vỉa hè", kind="opinions", after="9" * 30)  # a key no entry can have
    assert status == 200 and html.count('class="card hit"') == 2


def test_counts_past_the_cap_say_more_than(client, db, agency, moderator, monkeypatch):
    from consult.search import services

    monkeypatch.setattr(services, "COUNT_CAP", 2)
    draft = published_draft(agency)
    for n in range(3):
        approved_opinion(draft, moderator, f"Ý kiến số {n} về vỉa hè")
    db.session.commit()

    html = page(client, q="via he")[1]
    assert "hơn 2 kết quả" in html or "more than 2 results" in html


def test_the_search_is_limited_to_one_draft_from_its_page(client, db, agency, moderator):
    draft = published_draft(agency)
    other = published_draft(agency, title="Dự thảo về vỉa hè khác")
    approved_opinion(draft, moderator, "Vỉa hè ở dự thảo này")
    approved_opinion(other, moderator, "Vỉa hè ở dự thảo kia")
    db.session.commit()

    draft_page = client.get(f"/drafts/{draft.slug}").get_data(as_text=True)
    assert f'<input type="hidden" name="draft" value="{draft.slug}">' in draft_page

    status, html = page(client, q="via he", draft=draft.slug)
    assert status == 200
    assert "Vỉa hè</mark> ở dự thảo này" in html.replace("<mark>Vỉa</mark> <mark>hè</mark>", "Vỉa hè</mark>")
    assert "dự thảo kia" not in html
    assert page(client, q="via he", draft="khong-co")[0] == 404


def test_empty_query_and_nothing_found_are_explained(client, db, agency):
    published_draft(agency)
    db.session.commit()

    status, empty = page(client)
    assert status == 200 and 'role="search"' in empty
    assert 'class="card hit"' not in empty
    status, nothing = page(client, q="xyzkhongco")
    assert status == 200 and "xyzkhongco" in results_part(nothing)
    assert results_part(empty) != results_part(nothing)


def test_bad_input_is_refused_with_the_words_kept(client, db):
    long_query = "quy hoạch đất " * 20

    status, html = page(client, q=long_query, kind="opinions")
    assert status == 422
    assert 'aria-invalid="true"' in html and 'id="q-error"' in html
    assert long_query.strip() in html
    status, html = page(client, q="đất", kind="nope")
    assert status == 422 and 'id="kind-error"' in html and 'value="đất"' in html


def test_unpublished_drafts_and_rejected_opinions_are_never_shown(client, db, agency, other_agency, moderator):
    from consult.drafts.models import DraftStatus

    factories.make_draft(other_agency, status=DraftStatus.DRAFT, title="Quy hoạch đất chưa công bố")
    draft = published_draft(agency, title="Dự thảo về cây xanh")
    rejected = factories.make_feedback(draft, content="Quy hoạch đất bị từ chối")
    reject_feedback(moderator, rejected, "spam")
    db.session.commit()

    html = results_part(page(client, q="quy hoach dat")[1])
    assert "chưa công bố" not in html and "bị từ chối" not in html
    assert client.get(f"/search/opinions/{rejected.id}").status_code == 404


def test_an_opinion_found_links_to_its_place_on_the_draft_page(client, db, agency, moderator, app):
    draft = published_draft(agency)
    first = approved_opinion(draft, moderator, "Ý kiến cũ nhất về cây xanh")
    for n in range(app.config["OPINIONS_PER_PAGE"]):
        approved_opinion(draft, moderator, f"Ý kiến số {n}")
    db.session.commit()

    html = page(client, q="cay xanh", kind="opinions")[1]
    assert f'href="/search/opinions/{first.id}"' in html
    response = client.get(f"/search/opinions/{first.id}")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/drafts/{draft.slug}?page=2#y-kien-{first.id}"
    assert f'id="y-kien-{first.id}"' in client.get(f"/drafts/{draft.slug}?page=2").get_data(as_text=True)


def test_every_page_has_the_site_search_box(client, db):
    html = client.get("/").get_data(as_text=True)
    assert 'action="/search"' in html and 'for="site-search-q"' in html


def test_query_count_does_not_grow_with_hits(client, db, agency, moderator, count_queries):
    draft = published_draft(agency)

    def queries():
        db.session.expire_all()
        with count_queries() as statements:
            assert page(client, q="via he")[0] == 200
        return len(statements)

    approved_opinion(draft, moderator, "Vỉa hè số 1", article=draft.articles[0])
    db.session.commit()
    few = queries()
    for n in range(6):
        approved_opinion(draft, moderator, f"Vỉa hè số {n + 2}", article=draft.articles[n % 3])
    db.session.commit()
    assert queries() == few
