"""The public scoreboard page and its CSV: figures, period and level, sorting, definitions, refusals."""

import csv
import io

from bs4 import BeautifulSoup


def table_rows(html):
    """Return the table's rows as lists of cell texts (the agency first)."""
    soup = BeautifulSoup(html, "html.parser")
    table = soup.find("table", class_="scoreboard")
    return [[cell.get_text(" ", strip=True) for cell in tr.find_all(["th", "td"])] for tr in table.tbody.find_all("tr")]


def test_the_page_shows_expected_and_did_and_each_figure(client, year_2025):
    response = client.get("/scoreboard?year=2025")
    html = response.get_data(as_text=True)
    soup = BeautifulSoup(html, "html.parser")

    assert response.status_code == 200
    assert soup.h1.get_text(strip=True) == "Bảng theo dõi lấy ý kiến của cơ quan"
    assert "2 trong số 3 cơ quan" in soup.find(class_="scoreboard-headline").get_text(" ", strip=True)
    rows = {row[0]: row for row in table_rows(html)}
    assert rows["Sở Xây dựng"][2:] == ["Có", "2", "1/2", "0", "4", "2", "50 %", "50 %", "7", "2/2"]
    assert rows["UBND phường Hoàn Kiếm"][5] == "1"  # closed early
    assert rows["UBND Thành phố"][2].startswith("Có") and "chưa lấy ý kiến" in rows["UBND Thành phố"][2]
    assert "B1" in soup.get_text()  # the draft closed early is listed
    table = soup.find("table", class_="scoreboard")
    assert table.caption.get_text(strip=True)
    assert all(th.get("scope") == "col" for th in table.thead.find_all("th"))
    assert all(tr.th.get("scope") == "row" for tr in table.tbody.find_all("tr"))
    region = table.find_parent(attrs={"role": "region"})
    assert region["tabindex"] == "0" and region["aria-labelledby"] == table.caption["id"]
    assert len(soup.find("dl", class_="definitions").find_all("dt")) == 10


def test_quarter_and_level_filters(client, year_2025):
    quarter = table_rows(client.get("/scoreboard?year=2025&quarter=3").get_data(as_text=True))
    level = client.get("/scoreboard?year=2025&level=department").get_data(as_text=True)

    assert [row[0] for row in quarter] == ["UBND phường Hoàn Kiếm"]
    assert sorted(row[0] for row in table_rows(level)) == ["Sở Tài chính", "Sở Xây dựng"]
    assert 'option value="department" selected' in level


def test_sorting_by_a_column_with_plain_links(client, year_2025):
    html = client.get("/scoreboard?year=2025&sort=offline&order=asc").get_data(as_text=True)
    soup = BeautifulSoup(html, "html.parser")

    assert [row[0] for row in table_rows(html)][-2:] == ["Sở Tài chính", "Sở Xây dựng"]  # 2 offline each, by name
    sorted_th = soup.find("th", attrs={"aria-sort": True})
    assert sorted_th["aria-sort"] == "ascending"
    assert "sort=offline" in sorted_th.a["href"] and "order=desc" in sorted_th.a["href"]  # the other way round
    online = soup.find("a", href=lambda href: href and "sort=online" in href)
    assert "year=2025" in online["href"] and "order=desc" in online["href"]


def test_the_current_year_by_default(client, year_2025):
    html = client.get("/scoreboard").get_data(as_text=True)

    assert "Sở Xây dựng" not in html  # 2025's drafts are not this year's (the tests run after 2025)


def test_bad_parameters_get_a_clear_400_and_keep_what_was_typed(client, year_2025):
    response = client.get("/scoreboard?year=20x5&level=department")
    html = response.get_data(as_text=True)

    assert response.status_code == 400
    assert "Năm phải là số nguyên từ 2000 đến 2100." in html
    assert 'value="20x5"' in html and 'aria-invalid="true"' in html
    for query, message in [
        ("quarter=9", "Quý phải là 1, 2, 3 hoặc 4"),
        ("level=x", "Chọn một cấp"),
        ("sort=x", "Chỉ sắp xếp được"),
        ("order=x", "asc"),
    ]:
        response = client.get(f"/scoreboard?{query}")
        assert response.status_code == 400 and message in response.get_data(as_text=True), query
    assert client.get("/scoreboard.csv?year=abc").status_code == 400


def test_csv_holds_the_table(client, year_2025):
    response = client.get("/scoreboard.csv?year=2025&sort=agency&order=asc")
    body = response.get_data()

    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert body.startswith("\ufeff".encode())
    assert "2025" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Kỳ", "Mã cơ quan", "Cơ quan"]
    assert [row[1] for row in rows[1:]] == ["d-so-tai-chinh", "a-so-xay-dung", "b-phuong", "c-thanh-pho"]
    a = rows[2]
    assert a[4:] == ["Có", "2", "1", "0", "4", "2", "50.0", "50.0", "7.0", "2"]
    assert rows[4][10:13] == ["", "", ""]  # C: nothing to divide


def test_the_footer_links_to_the_scoreboard(client, db):
    assert 'href="/scoreboard"' in client.get("/").get_data(as_text=True)
