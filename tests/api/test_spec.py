"""The OpenAPI document: valid OpenAPI 3.1, made from the routes themselves, and the reference page drawn from it."""

import itertools
import re

from bs4 import BeautifulSoup
from openapi_spec_validator import OpenAPIV31SpecValidator, validate

from consult.api.spec import openapi_document


def test_the_document_is_valid_openapi_3_1(client):
    response = client.get("/api/v1/openapi.json")
    document = response.get_json()

    validate(document, cls=OpenAPIV31SpecValidator)  # raises on any error
    assert document["openapi"].startswith("3.1.")
    assert response.headers["ETag"] and response.headers["Access-Control-Allow-Origin"] == "*"


def test_every_json_route_of_the_api_is_documented_with_its_answers(app):
    document = openapi_document(app, "en")
    routes = {
        (re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule), method.lower())
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/") and rule.endpoint != "api.reference_page"
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    documented = {(path, method) for path, item in document["paths"].items() for method in item}

    assert routes - documented == set(), "document these operations: mark their views with consult.api.spec.operation"
    assert documented == routes
    for path, item in document["paths"].items():
        if "get" not in item:
            continue
        responses = item["get"]["responses"]
        assert {"200", "304", "429", "500"} <= set(responses), path
        if any(parameter["in"] == "query" for parameter in item["get"]["parameters"]):
            assert responses["400"] == {"$ref": "#/components/responses/BadRequest"}, path
        if "{slug}" in path:
            assert responses["404"] == {"$ref": "#/components/responses/NotFound"}, path
    problem = document["components"]["responses"]["NotFound"]["content"]
    assert problem == {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}


def test_the_document_never_describes_private_fields(app):
    opinion = openapi_document(app, "en")["components"]["schemas"]["Opinion"]["properties"]

    assert not {"contact", "client_hash", "receipt_code", "flags", "user_id", "status"} & set(opinion)


def test_the_document_is_translated_by_accept_language(client):
    english = client.get("/api/v1/openapi.json", headers={"Accept-Language": "en"})
    vietnamese = client.get("/api/v1/openapi.json", headers={"Accept-Language": "vi"}).get_json()

    assert english.get_json()["paths"]["/api/v1/drafts"]["get"]["summary"] == "List drafts"
    assert english.get_json()["paths"].keys() == vietnamese["paths"].keys()
    assert "Accept-Language" in english.headers["Vary"]  # a cache keeps one copy per language


def test_the_reference_page_lists_every_operation_with_a_runnable_example(client, open_draft):
    response = client.get("/api/v1/")
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    document = client.get("/api/v1/openapi.json").get_json()

    assert response.status_code == 200 and response.mimetype == "text/html"
    examples = [code.get_text() for code in page.select("pre.example code")]
    assert len(examples) == len(document["paths"])
    assert f"curl -s 'http://localhost/api/v1/drafts/{open_draft.slug}/opinions?limit=2'" in examples
    assert not page.find_all("script")  # nothing to run, nothing fetched from elsewhere
    local = ("/", "#", "http://localhost", "tel:", "mailto:")  # the footer names the operator's hotline and email
    assert all(link["href"].startswith(local) for link in page.find_all("a", href=True))


def test_the_reference_page_keeps_the_accessibility_conventions(client, open_draft):
    page = BeautifulSoup(client.get("/api/v1/").get_data(as_text=True), "html.parser")

    levels = [int(heading.name[1]) for heading in page.find_all(re.compile(r"^h[1-6]$"))]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(later <= earlier + 1 for earlier, later in itertools.pairwise(levels))  # no level skipped
    tables = page.find_all("table")
    assert tables and all(table.caption and table.caption.get_text(strip=True) for table in tables)
    assert all(header.get("scope") in ("col", "row") for header in page.find_all("th"))
