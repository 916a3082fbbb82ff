"""The demo data shows an expected-vs-did scoreboard: some expected agencies did not consult."""

from bs4 import BeautifulSoup


def test_the_demo_scoreboard_shows_expected_agencies_that_did_not_consult(runner, client, db):
    assert runner.invoke(args=["demo", "load"]).exit_code == 0

    soup = BeautifulSoup(client.get("/scoreboard").get_data(as_text=True), "html.parser")

    assert "2 trong số 6 cơ quan được giao đã lấy ý kiến." in soup.find(class_="scoreboard-headline").get_text()
    missed = [tr.th.get_text(strip=True) for tr in soup.tbody.find_all("tr") if tr.find(class_="badge--missed")]
    assert "Sở Tư pháp Thành phố Hà Nội" in missed and len(missed) == 4
