"""The statistics pages: approved opinions of published drafts counted by day, channel, author kind and locality
(SQL GROUP BY), the tile map of the 34 provinces, each table as CSV, 404 for what is not public."""

import re
from datetime import UTC, date, datetime

import pytest

from consult.drafts.models import DraftStatus
from consult.feedback.models import FeedbackStatus
from consult.statistics.queries import participation
from tests import factories
from tests.statistics.test_counting import BROWSER, visitor


@pytest.fixture
def opinions(db, agency, open_draft):
    """A hand-built set: on the open draft, three approved (two online in Hà Nội across a day boundary, one from a
    meeting in Huế given on 05/03), one pending and one rejected; an approved one on another published draft and one
    on an unpublished draft."""
    make = factories.make_feedback
    make(open_draft, FeedbackStatus.APPROVED, created_at=datetime(2026, 3, 1, 16, 30, tzinfo=UTC))  # 23:30 on 01/03
    make(open_draft, FeedbackStatus.APPROVED, created_at=datetime(2026, 3, 1, 17, 30, tzinfo=UTC))  # 00:30 on 02/03
    make(
        open_draft,
        FeedbackStatus.APPROVED,
        channel="meeting",
        author_kind="organisation",
        locality="hue",
        received_on=date(2026, 3, 5),
        created_at=datetime(2026, 3, 9, 3, 0, tzinfo=UTC),
    )
    make(open_draft, FeedbackStatus.PENDING, locality="ca-mau")
    make(open_draft, FeedbackStatus.REJECTED, locality="ca-mau")
    closed = factories.make_draft(agency, status=DraftStatus.CLOSED, title="Dự thảo đã đóng")
    make(closed, FeedbackStatus.APPROVED, locality="ca-mau", created_at=datetime(2026, 3, 2, 2, 0, tzinfo=UTC))
    hidden = factories.make_draft(agency, status=DraftStatus.DRAFT, title="Dự thảo chưa công bố")
    make(hidden, FeedbackStatus.APPROVED, locality="lai-chau")
    db.session.commit()
    return open_draft, closed, hidden


def test_a_drafts_numbers_count_its_approved_opinions(opinions):
    draft, _closed, _hidden = opinions
    numbers = participation(draft)
    assert numbers["opinions"] == 3 and numbers["online"] == 2 and numbers["offline"] == 1
    assert [(day, n) for day, _views, n in numbers["days"]] == [
        (date(2026, 3, 1), 1), (date(2026, 3, 2), 1), (date(2026, 3, 3), 0), (date(2026, 3, 4), 0),
        (date(2026, 3, 5), 1),
    ]  # fmt: skip
    assert {code: n for code, _online, n in numbers["channels"]} == {
        "web": 2, "meeting": 1, "letter": 0, "hotline": 0, "mass_organisation": 0, "email": 0, "other": 0,
    }  # fmt: skip
    assert numbers["kinds"] == [("individual", 2), ("organisation", 1)]
    localities = dict(numbers["localities"])
    assert len(localities) == 36  # 34 provinces, abroad, not stated
    assert localities["ha-noi"] == 2 and localities["hue"] == 1 and localities["ca-mau"] == 0


def test_the_sites_numbers_count_published_drafts_only(opinions):
    numbers = participation()
    assert numbers["opinions"] == 4
    localities = dict(numbers["localities"])
    assert localities["ca-mau"] == 1 and localities["lai-chau"] == 0


def test_the_page_shows_the_tables_and_a_map_of_34_provinces(app, opinions):
    draft, _closed, _hidden = opinions
    visitor(app).get(f"/drafts/{draft.slug}")
    visitor(app).get(f"/drafts/{draft.slug}")
    html = visitor(app).get(f"/drafts/{draft.slug}/statistics").get_data(as_text=True)

    assert "<strong>2</strong> lượt xem trang" in html  # this process's views written before reading
    assert "Chỉ đếm ý kiến đã được công bố" in html  # the page says what it counts
    svg = re.search(r'<svg role="img" aria-labelledby="tilemap-title tilemap-desc".*?</svg>', html, re.S).group(0)
    titles = re.findall(r'<g class="tile shade-(\d)"><title>([^<]+)</title>', svg)
    assert len(titles) == 34
    assert ("4", "Hà Nội: 2 ý kiến") in titles and ("3", "Huế: 1 ý kiến") in titles  # the largest the darkest
    assert ("0", "Cà Mau: 0 ý kiến") in titles
    assert '<th scope="row">Hà Nội</th><td class="num">2</td>' in html
    assert html.count("<caption>") == 4 and 'scope="col"' in html
    assert "<script" not in html.split("</header>", 1)[1]


def test_each_table_downloads_as_csv(client, opinions):
    draft, _closed, _hidden = opinions
    response = client.get(f"/drafts/{draft.slug}/statistics/localities.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert f"thong-ke-{draft.slug}-localities.csv" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeffĐịa phương,Số ý kiến\r\nAn Giang,0\r\n")  # BOM, then the page's order
    assert "Hà Nội,2\r\n" in text and "Huế,1\r\n" in text and text.endswith("Nước ngoài,0\r\nKhông nêu,0\r\n")
    days = client.get(f"/drafts/{draft.slug}/statistics/days.csv").get_data(as_text=True)
    assert "01/03/2026,0,1\r\n" in days and "05/03/2026,0,1\r\n" in days
    channels = client.get("/statistics/channels.csv").get_data(as_text=True)
    assert channels.startswith(
        "\ufeffKênh tiếp nhận,Trực tuyến hay trực tiếp,Số ý kiến\r\n"
        "Biểu mẫu trực tuyến,Trực tuyến,3\r\nHội nghị, hội thảo,Trực tiếp,1\r\n".replace(
            "Hội nghị, hội thảo", '"Hội nghị, hội thảo"'
        )
    )
    kinds = client.get("/statistics/kinds.csv").get_data(as_text=True)
    assert kinds == "\ufeffĐối tượng góp ý,Số ý kiến\r\nCá nhân,3\r\nTổ chức,1\r\n"


def test_unknown_or_unpublished_drafts_and_tables_are_404(client, opinions):
    _draft, closed, hidden = opinions
    assert client.get("/drafts/khong-co/statistics").status_code == 404
    assert client.get(f"/drafts/{hidden.slug}/statistics").status_code == 404
    assert client.get(f"/drafts/{hidden.slug}/statistics/days.csv").status_code == 404
    assert client.get("/statistics/secrets.csv").status_code == 404
    assert client.get(f"/drafts/{closed.slug}/statistics").status_code == 200
    assert client.get("/statistics").status_code == 200


def test_the_pages_link_to_the_statistics(client, opinions):
    draft, _closed, _hidden = opinions
    client.environ_base["HTTP_USER_AGENT"] = BROWSER
    assert f'href="/drafts/{draft.slug}/statistics"' in client.get(f"/drafts/{draft.slug}").get_data(as_text=True)
    home = client.get("/").get_data(as_text=True)
    assert home.count('href="/statistics"') == 2  # the home page and the footer
