"""Long drafts are read part by part: contents on the draft page, one chapter (or an even share of a long one) per
page, a whole-text download, and every page of the 2013 Constitution under ~60 KB of HTML."""

import re
from pathlib import Path

import pytest

from consult.drafts.services import update_draft
from consult.drafts.structure import PART_ARTICLES, PARTS_FROM, text_parts
from consult.feedback.models import FeedbackStatus
from tests import factories

CONSTITUTION = Path(__file__).resolve().parent.parent / "fixtures" / "legal" / "hien-phap-2013.txt"


def long_structure(first=3, second=45, third=20):
    """Three chapters of `first`, `second` and `third` articles (68 by default: more than PARTS_FROM)."""
    lines, number = [], 0
    for roman, count in (("I", first), ("II", second), ("III", third)):
        lines += [f"Chương {roman}", f"CHƯƠNG SỐ {roman}"]
        for _ in range(count):
            number += 1
            lines += [f"Điều {number}. Tiêu đề điều {number}", f"1. Khoản một của điều {number}.", "2. Khoản hai."]
    return "\n".join(lines)


@pytest.fixture
def long_draft(db):
    draft = factories.make_draft(factories.make_agency(), structure=long_structure())
    db.session.commit()
    return draft


def article_numbers(html):
    """The article numbers whose text (a heading with an id) is on the page."""
    return [int(n) for n in re.findall(r'<h\d id="dieu-(\d+)-h"', html)]


def test_a_long_draft_is_split_by_chapter_and_long_chapters_evenly(long_draft):
    parts = text_parts(long_draft.current_version)

    sizes = [len(part.articles) for part in parts]
    assert sizes == [3, 15, 15, 15, 20]  # chapter II's 45 articles in three even parts of at most PART_ARTICLES
    assert max(sizes) <= PART_ARTICLES
    assert [part.division.number for part in parts] == ["I", "II", "II", "II", "III"]
    assert [part.continued for part in parts] == [False, False, True, True, False]
    assert [a.number for part in parts for a in part.articles] == list(range(1, 69))


def test_a_draft_of_up_to_parts_from_articles_is_read_on_one_page(client, db):
    draft = factories.make_draft(factories.make_agency(), structure=long_structure(3, PARTS_FROM - 23, 20))
    db.session.commit()

    assert text_parts(draft.current_version) == []
    html = client.get(f"/drafts/{draft.slug}").get_data(as_text=True)
    assert article_numbers(html) == list(range(1, PARTS_FROM + 1))
    assert client.get(f"/drafts/{draft.slug}/parts/1").status_code == 404


def test_the_draft_page_of_a_long_draft_shows_the_contents_leading_to_each_part(client, long_draft):
    html = client.get(f"/drafts/{long_draft.slug}").get_data(as_text=True)

    assert article_numbers(html) == []  # no article's text on the contents page
    assert "Dự thảo này dài nên được chia thành nhiều phần" in html
    assert f'href="/drafts/{long_draft.slug}/parts/1#dieu-1"' in html
    assert f'href="/drafts/{long_draft.slug}/parts/3#dieu-19"' in html  # chapter II's second share
    assert f'href="/drafts/{long_draft.slug}/parts/5#dieu-68"' in html
    assert f"/drafts/{long_draft.slug}/versions/1/text.txt" in html


def test_each_part_page_shows_its_articles_with_links_to_comment_and_to_the_other_parts(client, long_draft):
    html = client.get(f"/drafts/{long_draft.slug}/parts/3").get_data(as_text=True)

    assert article_numbers(html) == list(range(19, 34))
    assert "Nội dung dự thảo, phần 3/5" in html
    assert "Chương II. CHƯƠNG SỐ II (tiếp theo)" in html
    assert f'<a href="/drafts/{long_draft.slug}/parts/3" aria-current="page">' in html
    assert f'rel="prev" href="/drafts/{long_draft.slug}/parts/2"' in html
    assert f'rel="next" href="/drafts/{long_draft.slug}/parts/4"' in html
    assert f"/drafts/{long_draft.slug}/feedback?article=19" in html  # open: comment links as on the draft page
    assert "Điều 4–18" in html  # the other parts named by their articles
    assert client.get(f"/drafts/{long_draft.slug}/parts/6").status_code == 404
    assert client.get(f"/drafts/{long_draft.slug}/parts/0").status_code == 404


def test_counts_of_opinions_appear_on_the_part_holding_the_article(client, db, long_draft):
    article = long_draft.articles[40]
    factories.make_feedback(long_draft, FeedbackStatus.APPROVED, article=article, content="Ý kiến về điều 41")
    db.session.commit()

    html = client.get(f"/drafts/{long_draft.slug}/parts/4").get_data(as_text=True)

    assert f'/drafts/{long_draft.slug}/articles/41#opinions">1 ý kiến đã đăng công khai</a>' in html
    breadcrumb = client.get(f"/drafts/{long_draft.slug}/articles/41").get_data(as_text=True)
    assert f'href="/drafts/{long_draft.slug}/parts/4#dieu-41"' in breadcrumb


def test_an_opinion_on_an_earlier_long_version_links_to_the_part_of_that_version(client, db, long_draft):
    factories.make_feedback(
        long_draft, FeedbackStatus.APPROVED, article=long_draft.articles[60], content="Ý kiến trên bản cũ"
    )
    db.session.commit()
    update_draft(None, long_draft, {}, long_structure(3, 44, 20), note="Bỏ một điều")
    db.session.commit()

    html = client.get(f"/drafts/{long_draft.slug}").get_data(as_text=True)
    assert f'href="/drafts/{long_draft.slug}/versions/1/parts/5#dieu-61">về phiên bản 1</a>' in html
    old = client.get(f"/drafts/{long_draft.slug}/versions/1/parts/5").get_data(as_text=True)
    assert 61 in article_numbers(old)
    assert "/feedback" not in old.split('id="text-title"')[1]  # no comment links on an earlier version


def test_the_whole_text_downloads_as_plain_text_and_is_answered_304_when_unchanged(client, long_draft):
    response = client.get(f"/drafts/{long_draft.slug}/versions/1/text.txt")

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    text = response.get_data(as_text=True)
    assert text.startswith("Chương I\nCHƯƠNG SỐ I\nĐiều 1. Tiêu đề điều 1\n1. Khoản một của điều 1.")
    assert "Điều 68. Tiêu đề điều 68" in text
    again = client.get(
        f"/drafts/{long_draft.slug}/versions/1/text.txt", headers={"If-None-Match": response.get_etag()[0]}
    )
    assert again.status_code == 304
    assert client.get(f"/drafts/{long_draft.slug}/versions/2/text.txt").status_code == 404


def test_an_unpublished_long_draft_stays_hidden_part_by_part(client, db):
    draft = factories.make_draft(factories.make_agency(), status="draft", structure=long_structure())
    db.session.commit()

    assert client.get(f"/drafts/{draft.slug}/parts/1").status_code == 404
    assert client.get(f"/drafts/{draft.slug}/versions/1/text.txt").status_code == 404


def test_no_page_of_the_2013_constitution_passes_60_kb(client, db):
    draft = factories.make_draft(factories.make_agency(), structure=CONSTITUTION.read_text(encoding="utf-8"))
    db.session.commit()
    parts = text_parts(draft.current_version)
    assert len(draft.articles) == 120 and len(parts) >= 11

    pages = [f"/drafts/{draft.slug}", f"/drafts/{draft.slug}/versions/1"]
    pages += [f"/drafts/{draft.slug}/parts/{part.number}" for part in parts]
    pages += [f"/drafts/{draft.slug}/versions/1/parts/{part.number}" for part in parts]
    sizes = {page: len(client.get(page).get_data()) for page in pages}

    assert max(sizes.values()) <= 60_000, max(sizes.items(), key=lambda item: item[1])
    shown = [
        n
        for part in parts
        for n in article_numbers(client.get(f"/drafts/{draft.slug}/parts/{part.number}").get_data(as_text=True))
    ]
    assert shown == list(range(1, 121))  # every article on exactly one part, in order
