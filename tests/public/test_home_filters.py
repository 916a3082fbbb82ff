"""The home page narrows its list by drafting agency, field, province and state (a plain GET form), and says how
taking part works."""

from datetime import timedelta

from consult.database import utcnow
from consult.drafts.models import DraftStatus
from tests import factories


def titles(html):
    return {title for title in ("Đường phố", "Học phí", "Chợ đêm") if title in html}


def make_drafts(db):
    transport = factories.make_agency(name="Sở Giao thông vận tải", slug="so-gtvt", locality="ha-noi")
    school = factories.make_agency(name="Sở Giáo dục", slug="so-gd", locality="da-nang")
    for agency, title, field in ((transport, "Đường phố", "Giao thông"), (school, "Học phí", "Giáo dục")):
        factories.make_draft(agency, title=title).field = field
    now = utcnow()
    closed = factories.make_draft(
        school, DraftStatus.CLOSED, now - timedelta(days=40), now - timedelta(days=1), "Chợ đêm"
    )
    closed.field = "Thương mại"
    db.session.commit()


def test_each_filter_narrows_the_list(client, db):
    make_drafts(db)

    assert titles(client.get("/").get_data(as_text=True)) == {"Đường phố", "Học phí", "Chợ đêm"}
    assert titles(client.get("/?agency=so-gd").get_data(as_text=True)) == {"Học phí", "Chợ đêm"}
    assert titles(client.get("/?field=Giao+th%C3%B4ng").get_data(as_text=True)) == {"Đường phố"}
    assert titles(client.get("/?locality=da-nang&phase=closed").get_data(as_text=True)) == {"Chợ đêm"}
    assert titles(client.get("/?agency=so-gtvt&phase=closed").get_data(as_text=True)) == set()


def test_the_form_keeps_the_choices_and_says_when_nothing_matches(client, db):
    make_drafts(db)

    html = client.get("/?agency=so-gtvt&phase=closed").get_data(as_text=True)

    assert '<option value="so-gtvt" selected>' in html and '<option value="closed" selected>' in html
    assert "Không có cuộc lấy ý kiến đã kết thúc nào khớp với lựa chọn này." in html
    assert 'href="/">' in html.split("filter-actions")[1]  # back to every draft


def test_an_unknown_choice_is_said_and_left_out(client, db):
    make_drafts(db)

    response = client.get("/?agency=khong-co&phase=open")
    html = response.get_data(as_text=True)

    assert response.status_code == 200
    assert "không có trong danh sách" in html
    assert titles(html) == {"Đường phố", "Học phí"}  # the state still applies


def test_how_taking_part_works_is_on_the_home_page(client, db):
    html = client.get("/").get_data(as_text=True)

    assert "<details" in html and "Cách tham gia góp ý" in html
