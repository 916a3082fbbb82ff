"""The scoreboard in the JSON API: the page's figures, totals, pages by cursor, problems for bad parameters."""

from openapi_spec_validator import OpenAPIV31SpecValidator, validate


def test_the_api_gives_each_agency_and_the_totals(client, year_2025):
    response = client.get("/api/v1/scoreboard?year=2025")
    body = response.get_json()

    assert response.status_code == 200 and response.headers["ETag"]
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert body["period"] == {"year": 2025, "quarter": None, "first_day": "2025-01-01", "last_day": "2025-12-31"}
    assert (body["expected"], body["expected_consulted"], body["consulted_unexpected"]) == (3, 2, 1)
    items = {item["agency"]["slug"]: item for item in body["items"]}
    a = items["a-so-xay-dung"]
    assert a["drafts"] == 2 and a["met_minimum"] == 1 and a["closed_early"] == 0
    assert (a["opinions_online"], a["opinions_offline"], a["answered_share"], a["published_share"]) == (4, 2, 0.5, 0.5)
    assert a["median_days_to_answers"] == 7.0 and a["reports_published"] == 2
    assert items["c-thanh-pho"]["answered_share"] is None
    assert (
        client.get("/api/v1/scoreboard?year=2025", headers={"If-None-Match": response.headers["ETag"]}).status_code
        == 304
    )


def test_pages_by_cursor_and_quarter(client, year_2025):
    first = client.get("/api/v1/scoreboard?year=2025&limit=3").get_json()
    second = client.get(first["next"]).get_json()

    assert len(first["items"]) == 3 and len(second["items"]) == 1 and second["next_cursor"] is None
    slugs = [item["agency"]["slug"] for item in first["items"] + second["items"]]
    assert sorted(slugs) == ["a-so-xay-dung", "b-phuong", "c-thanh-pho", "d-so-tai-chinh"]
    quarter = client.get("/api/v1/scoreboard?year=2025&quarter=3&level=commune").get_json()
    assert [item["agency"]["slug"] for item in quarter["items"]] == ["b-phuong"]
    assert quarter["period"]["last_day"] == "2025-09-30" and quarter["level"] == "commune"


def test_bad_parameters_are_problems(client, db):
    for query in ("year=1800", "quarter=0", "level=galaxy", "yaer=2025", "cursor=zz"):
        response = client.get(f"/api/v1/scoreboard?{query}")
        assert response.status_code == 400, query
        assert response.mimetype == "application/problem+json"
        assert all(param["reason"] for param in response.get_json()["invalid_params"]), query


def test_the_operation_is_documented(client):
    document = client.get("/api/v1/openapi.json", headers={"Accept-Language": "en"}).get_json()

    validate(document, cls=OpenAPIV31SpecValidator)
    operation = document["paths"]["/api/v1/scoreboard"]["get"]
    assert {parameter["name"] for parameter in operation["parameters"]} == {
        "year",
        "quarter",
        "level",
        "limit",
        "cursor",
    }
    assert "ScoreboardPage" in document["components"]["schemas"]
