"""Atom feeds: valid Atom 1.0 (RFC 4287's requirements checked one by one, and a feed reader's parser), the public
drafts only, one agency's or one field's, one draft's events as they happen, fresh through the page cache, and
linked from the pages."""

from datetime import timedelta

import feedparser
import pytest
from lxml import etree

from consult.answers.services import answer_feedbacks, publish_answers
from consult.database import utcnow
from consult.drafts.models import DraftStatus
from consult.drafts.services import close_draft, update_draft
from consult.drafts.window import extend_window
from consult.feedback.models import FeedbackStatus
from consult.i18n import format_date
from tests import factories
from tests.public.test_page_cache import anonymous

ATOM = "{http://www.w3.org/2005/Atom}"
SITE = "https://gopy.example.vn"  # the tests' PUBLIC_BASE_URL: links and ids never follow the Host header


def atom(client, url):
    """GET a feed; check it is well-formed Atom 1.0 with every element RFC 4287 requires; return its tree."""
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    parsed = feedparser.parse(response.data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    root = etree.fromstring(response.data)
    assert root.tag == f"{ATOM}feed"
    for element in ("id", "title", "updated"):  # atom:feed MUST contain exactly one of each (4.1.1)
        assert len(root.findall(f"{ATOM}{element}")) == 1, element
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == f"{SITE}{url}"
    entries = root.findall(f"{ATOM}entry")
    feed_has_author = root.find(f"{ATOM}author/{ATOM}name") is not None
    for entry, parsed_entry in zip(entries, parsed.entries, strict=True):
        for element in ("id", "title", "updated"):  # atom:entry MUST contain exactly one of each (4.1.2)
            assert len(entry.findall(f"{ATOM}{element}")) == 1, element
        assert entry.findtext(f"{ATOM}id").startswith(f"{SITE}/")  # an absolute IRI (4.2.6)
        assert feed_has_author or entry.find(f"{ATOM}author") is not None  # 4.1.1
        assert entry.find(f"{ATOM}link") is not None or entry.find(f"{ATOM}content") is not None  # 4.1.1.1
        assert parsed_entry.updated_parsed is not None  # an RFC 3339 date (3.3)
    assert len({entry.findtext(f"{ATOM}id") for entry in entries}) == len(entries)
    return root


def titles(root):
    return [entry.findtext(f"{ATOM}title") for entry in root.findall(f"{ATOM}entry")]


def test_the_drafts_feed_lists_public_drafts_newest_change_first(app, db, agency):
    older = factories.make_draft(agency, title="Dự thảo cũ hơn")
    newer = factories.make_draft(agency, title="Dự thảo mới hơn")
    factories.make_draft(agency, title="Dự thảo chưa công bố", status=DraftStatus.DRAFT)
    older.updated_at = utcnow() - timedelta(days=3)
    db.session.commit()

    root = atom(anonymous(app), "/feeds/drafts.atom")

    assert titles(root) == [newer.title, older.title]
    entry = root.find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}link").get("href") == f"{SITE}/drafts/{newer.slug}"
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == agency.name
    assert "Ý kiến được lấy từ ngày" in entry.findtext(f"{ATOM}summary")


def test_feeds_of_one_agency_and_one_field(app, db, agency):
    other = factories.make_agency(name="Sở Giao thông vận tải", slug="so-giao-thong")
    ours = factories.make_draft(agency, title="Dự thảo của Sở Xây dựng")
    ours.field = "Xây dựng"
    theirs = factories.make_draft(other, title="Dự thảo của Sở Giao thông")
    theirs.field = "Giao thông"
    db.session.commit()

    assert titles(atom(anonymous(app), f"/feeds/agencies/{agency.slug}.atom")) == [ours.title]
    assert titles(atom(anonymous(app), "/feeds/fields/Giao%20th%C3%B4ng.atom")) == [theirs.title]
    assert anonymous(app).get("/feeds/agencies/khong-co.atom").status_code == 404


def test_a_drafts_feed_tells_its_events_as_they_happen(app, db, open_draft, agency_editor):
    url = f"/drafts/{open_draft.slug}/feed.atom"
    assert titles(atom(anonymous(app), url)) == [f"Đưa ra lấy ý kiến nhân dân: {open_draft.title}"]

    update_draft(agency_editor, open_draft, {}, factories.STRUCTURE.replace("Cơ quan nhà nước.", "Mọi cơ quan."))
    extend_window(
        agency_editor, open_draft, open_draft.closes_at + timedelta(days=10), "Nhiều ý kiến cần thêm thời gian."
    )
    db.session.commit()
    extended = atom(anonymous(app), url)

    opinion = factories.make_feedback(open_draft, FeedbackStatus.APPROVED, article=open_draft.articles[0])
    answer_feedbacks(agency_editor, open_draft, [opinion], "accepted", "Tiếp thu.")
    close_draft(agency_editor, open_draft)
    db.session.commit()  # closed, then answered: two acts of the agency
    publish_answers(agency_editor, open_draft)
    db.session.commit()
    answered = atom(anonymous(app), url)

    assert titles(extended)[:2] == [
        f"Gia hạn lấy ý kiến đến ngày {format_date(open_draft.last_day_at)}",  # in Viet Nam's time
        "Đã công bố phiên bản 2 của dự thảo",
    ]
    assert "Nhiều ý kiến cần thêm thời gian." in etree.tostring(extended, encoding="unicode")
    assert titles(answered)[:2] == [
        "Đã công bố ý kiến tiếp thu, giải trình của cơ quan soạn thảo",
        "Đã kết thúc lấy ý kiến",
    ]


def test_an_unpublished_or_unknown_draft_has_no_feed(app, db, agency):
    hidden = factories.make_draft(agency, status=DraftStatus.DRAFT)
    db.session.commit()

    assert anonymous(app).get(f"/drafts/{hidden.slug}/feed.atom").status_code == 404
    assert anonymous(app).get("/drafts/khong-co/feed.atom").status_code == 404


@pytest.mark.parametrize("app_config", [{"PAGE_CACHE_ENABLED": True}])
def test_a_cached_feed_changes_with_the_draft(app, db, open_draft, agency_editor):
    url = f"/drafts/{open_draft.slug}/feed.atom"
    first = anonymous(app).get(url)
    assert anonymous(app, if_none_match=first.headers["ETag"]).get(url).status_code == 304

    extend_window(agency_editor, open_draft, open_draft.closes_at + timedelta(days=5), "Kéo dài thêm.")
    db.session.commit()
    after = anonymous(app).get(url)

    assert after.status_code == 200 and after.headers["ETag"] != first.headers["ETag"]
    assert "Kéo dài thêm." in after.get_data(as_text=True)


def test_pages_link_their_feeds(app, db, open_draft):
    home = anonymous(app).get("/").get_data(as_text=True)
    page = anonymous(app).get(f"/drafts/{open_draft.slug}").get_data(as_text=True)

    assert '<link rel="alternate" type="application/atom+xml" href="/feeds/drafts.atom"' in home
    assert f'href="/drafts/{open_draft.slug}/feed.atom"' in page
    assert (
        f'<link rel="alternate" type="application/atom+xml" href="/feeds/agencies/{open_draft.agency.slug}.atom"'
        in page
    )


def test_a_provinces_feed_holds_its_agencies_and_the_national_bodies_drafts(app, db, agency):
    agency.locality = "ha-noi"
    national = factories.make_agency(name="Bộ Tư pháp", slug="bo-tu-phap")
    elsewhere = factories.make_agency(name="Sở Tư pháp Huế", slug="so-tu-phap-hue")
    elsewhere.locality = "hue"
    factories.make_draft(agency, title="Dự thảo của Hà Nội")
    factories.make_draft(national, title="Dự thảo của Bộ")
    factories.make_draft(elsewhere, title="Dự thảo của Huế")
    db.session.commit()

    root = atom(anonymous(app), "/feeds/localities/ha-noi.atom")

    assert sorted(titles(root)) == ["Dự thảo của Bộ", "Dự thảo của Hà Nội"]
    assert root.findtext(f"{ATOM}title") == "Dự thảo liên quan đến Hà Nội"
    assert anonymous(app).get("/feeds/localities/khong-co.atom").status_code == 404
