"""Agencies, drafts and their text through the API: only what the public may see, filtered and paged."""

from datetime import UTC, datetime, timedelta

import pytest

from consult.database import utcnow
from consult.drafts.models import DraftStatus
from consult.drafts.window import extend_window
from tests import factories
from tests.api.conftest import problem


def all_pages(client, url):
    """Follow `next` from `url` to the last page; return every item and the number of pages."""
    items, pages = [], 0
    while url:
        body = client.get(url).get_json()
        items += body["items"]
        pages += 1
        assert (body["next"] is None) == (body["next_cursor"] is None)
        url = body["next"]
    return items, pages


def test_agencies_with_their_number_of_public_drafts(client, db, agency, other_agency):
    factories.make_draft(agency)
    factories.make_draft(agency, status=DraftStatus.DRAFT)
    db.session.commit()

    body = client.get("/api/v1/agencies").get_json()

    assert body == {
        "items": [
            {
                "slug": "so-xay-dung",
                "name": "Sở Xây dựng Hà Nội",
                "kind": "department",
                "parent": None,
                "public_drafts": 1,
            },
            {"slug": "so-y-te", "name": "Sở Y tế Đà Nẵng", "kind": "department", "parent": None, "public_drafts": 0},
        ]
    }


def test_drafts_list_only_published_drafts_with_their_window(client, db, agency, open_draft):
    factories.make_draft(agency, status=DraftStatus.DRAFT, title="Bản nháp chưa công bố")
    db.session.commit()

    body = client.get("/api/v1/drafts").get_json()

    assert [item["slug"] for item in body["items"]] == [open_draft.slug]
    item = body["items"][0]
    assert item["status"] == "open" and item["window"]["phase"] == "open"
    assert item["agency"] == {"slug": "so-xay-dung", "name": "Sở Xây dựng Hà Nội"}
    assert item["window"]["closes_at"].endswith("Z") and item["created_at"].endswith("Z")
    assert item["current_version"] == 1
    assert item["url"] == f"http://localhost/api/v1/drafts/{open_draft.slug}"
    assert item["html_url"] == f"http://localhost/drafts/{open_draft.slug}"
    assert body["next_cursor"] is None and body["next"] is None


def test_an_unpublished_draft_is_not_found(client, db, agency):
    draft = factories.make_draft(agency, status=DraftStatus.DRAFT)
    db.session.commit()

    for suffix in ("", "/articles", "/opinions", "/answers"):
        problem(client.get(f"/api/v1/drafts/{draft.slug}{suffix}"), 404)


def test_drafts_are_filtered_by_agency_status_phase_field_and_time_of_change(client, db, agency, other_agency):
    now = utcnow()
    building = factories.make_draft(agency)
    closed = factories.make_draft(agency, status=DraftStatus.CLOSED)
    upcoming = factories.make_draft(other_agency, opens_at=now + timedelta(days=2))
    ended = factories.make_draft(other_agency, opens_at=now - timedelta(days=40), closes_at=now - timedelta(days=1))
    ended.field = "Y tế"
    building.updated_at = closed.updated_at = upcoming.updated_at = now - timedelta(days=3)
    db.session.commit()

    def slugs(query):
        response = client.get(f"/api/v1/drafts?{query}")
        assert response.status_code == 200, response.get_data(as_text=True)
        return {item["slug"] for item in response.get_json()["items"]}

    assert slugs("agency=so-xay-dung") == {building.slug, closed.slug}
    assert slugs("agency=khong-co") == set()
    assert slugs("status=closed") == {closed.slug}
    assert slugs("status=open") == {building.slug, upcoming.slug, ended.slug}
    assert slugs("phase=open") == {building.slug}
    assert slugs("phase=upcoming") == {upcoming.slug}
    assert slugs("phase=closed") == {closed.slug, ended.slug}  # an open draft whose window has passed is closed
    assert slugs("field=Y tế") == {ended.slug}
    since = (now - timedelta(days=1)).isoformat().replace("+00:00", "Z")
    assert slugs(f"updated_since={since}") == {ended.slug}
    assert slugs("updated_since=2000-01-01") == {building.slug, closed.slug, upcoming.slug, ended.slug}


def test_draft_pages_follow_each_other_without_gap_or_repeat(client, db, agency):
    drafts = [factories.make_draft(agency) for _ in range(7)]
    db.session.commit()

    items, pages = all_pages(client, "/api/v1/drafts?limit=3&agency=so-xay-dung")

    assert [item["slug"] for item in items] == [draft.slug for draft in drafts]
    assert pages == 3


@pytest.mark.parametrize(
    "query",
    [
        "limit=0",
        "limit=201",
        "limit=abc",
        "status=draft",
        "phase=soon",
        "updated_since=hôm qua",
        "cursor=%%%",
        "cursor=WzFd!",
    ],
)
def test_bad_parameters_are_refused_with_a_problem_naming_them(client, open_draft, query):
    body = problem(client.get(f"/api/v1/drafts?{query}"), 400)

    name = query.split("=")[0]
    assert [item["name"] for item in body["invalid_params"]] == [name]
    assert name in body["detail"]


def test_a_cursor_of_another_list_is_refused(client, db, open_draft, opinions):
    opinions_page = client.get(f"/api/v1/drafts/{open_draft.slug}/opinions?limit=1").get_json()

    body = problem(client.get(f"/api/v1/drafts?cursor={opinions_page['next_cursor']}"), 400)

    assert body["invalid_params"][0]["name"] == "cursor"


def test_a_draft_with_its_versions_text_files_and_counts(client, db, agency, open_draft, opinions):
    extend_window(None, open_draft, open_draft.closes_at + timedelta(days=5), "Gia hạn để lấy thêm ý kiến.")
    db.session.commit()

    body = client.get(f"/api/v1/drafts/{open_draft.slug}").get_json()

    assert body["title"] == open_draft.title and body["contact"] == "Phòng Quản lý đô thị"
    assert body["window"]["extensions"][0]["reason"] == "Gia hạn để lấy thêm ý kiến."
    assert body["window"]["closes_at"] == open_draft.closes_at.astimezone(UTC).isoformat().replace("+00:00", "Z")
    assert body["versions"] == [
        {"number": 1, "note": "", "created_at": body["versions"][0]["created_at"], "current": True}
    ]
    outline = body["text"]["outline"]
    assert [(node["type"], node["heading"]) for node in outline] == [
        ("division", "Chương I"),
        ("division", "Chương II"),
    ]
    assert [article["number"] for article in outline[0]["children"]] == [1, 2]
    assert outline[0]["children"][1]["clauses"][1] == {
        "number": 2,
        "text": "Tổ chức, cá nhân có liên quan.",
        "points": [],
    }
    assert body["attachments"] == []
    assert body["counts"] == {
        "approved": 2,
        "by_stance": {"support": 1, "oppose": 1, "other": 0},
        "by_article": [
            {"article": None, "version": None, "approved": 1, "by_stance": {"support": 0, "oppose": 1, "other": 0}},
            {"article": 2, "version": 1, "approved": 1, "by_stance": {"support": 1, "oppose": 0, "other": 0}},
        ],
    }


def test_the_articles_of_the_current_version(client, open_draft):
    body = client.get(f"/api/v1/drafts/{open_draft.slug}/articles").get_json()

    assert body["version"] == 1
    assert [(article["number"], article["title"]) for article in body["items"]] == [
        (1, "Phạm vi điều chỉnh"),
        (2, "Đối tượng áp dụng"),
        (3, "Hiệu lực thi hành"),
    ]
    assert [clause["number"] for clause in body["items"][1]["clauses"]] == [1, 2]


def test_times_are_written_in_utc_with_a_z(client, db, agency):
    factories.make_draft(agency, opens_at=datetime(2026, 12, 1, 17, 0, tzinfo=UTC))
    db.session.commit()

    item = client.get("/api/v1/drafts").get_json()["items"][0]

    assert item["window"]["opens_at"] == "2026-12-01T17:00:00Z"


def test_the_draft_list_takes_the_same_statements_whatever_its_length(client, db, agency, count_queries):
    for _ in range(3):
        factories.make_draft(agency)
    db.session.commit()
    with count_queries() as few:
        client.get("/api/v1/drafts")
    for _ in range(10):
        factories.make_draft(agency)
    db.session.commit()
    with count_queries() as many:
        client.get("/api/v1/drafts")

    assert len(many) == len(few) <= 5


def test_the_next_address_keeps_the_parameters_given(client, db, agency):
    for _ in range(3):
        factories.make_draft(agency).field = "Xây dựng & đô thị"
    db.session.commit()

    body = client.get("/api/v1/drafts?limit=2&field=X%C3%A2y+d%E1%BB%B1ng+%26+%C4%91%C3%B4+th%E1%BB%8B").get_json()
    second = client.get(body["next"]).get_json()

    assert body["next"].startswith("http://localhost/api/v1/drafts?limit=2&field=X%C3%A2y+d%E1%BB%B1ng+%26+")
    assert len(second["items"]) == 1 and second["next"] is None


def test_an_unknown_parameter_is_refused_rather_than_ignored(client, open_draft):
    english = {"Accept-Language": "en"}
    body = problem(client.get("/api/v1/drafts?agncy=so-xay-dung&slug=x", headers=english), 400)

    assert body["invalid_params"] == [
        {"name": "agncy", "reason": "Not a parameter of this operation."},
        {"name": "slug", "reason": "Not a parameter of this operation."},
    ]


def test_a_cursor_out_of_any_database_range_is_refused(client, open_draft):
    from consult.api.schemas import encode_cursor

    for cursor in (encode_cursor(2**70), encode_cursor(True), encode_cursor("2026-01-01T00:00:00", 1)):
        problem(client.get(f"/api/v1/drafts?cursor={cursor}"), 400)
    problem(
        client.get(f"/api/v1/drafts/{open_draft.slug}/opinions?cursor={encode_cursor('2026-01-01T00:00:00', 1)}"), 400
    )
    problem(
        client.get(f"/api/v1/drafts/{open_draft.slug}/opinions?cursor={encode_cursor('0001-01-01T00:00:00+01:00', 1)}"),
        400,
    )


def test_drafts_concerning_a_province_are_its_agencies_and_the_national_bodies(client, db, agency):
    agency.locality = "ha-noi"
    hue = factories.make_agency(name="Sở Tư pháp Huế", slug="so-tu-phap-hue")
    hue.locality = "hue"
    ours = factories.make_draft(agency, title="Dự thảo của Hà Nội")
    national = factories.make_draft(factories.make_agency(slug="bo-tu-phap"), title="Dự thảo của Bộ")
    factories.make_draft(hue, title="Dự thảo của Huế")
    db.session.commit()

    titles = [item["title"] for item in client.get("/api/v1/drafts?locality=ha-noi").json["items"]]

    assert titles == [ours.title, national.title]
    assert client.get("/api/v1/drafts?locality=khong-co").status_code == 400
