"""schemathesis against the live app: every documented operation, with generated parameters, on a database holding
drafts, opinions in every state and published answers; no 500, and every answer as its schema says."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from consult import create_app
from consult.answers.services import answer_feedbacks, publish_answers
from consult.api.spec import openapi_document
from consult.drafts.models import DraftStatus
from tests import factories
from tests.conftest import _testing_config

EXAMPLES = 25  # per operation: the whole test stays within a minute


def served_document():
    """The document the app serves, read when the tests are collected (an app on no database: building it reads
    only the routes). schemathesis's fixture-loaded schemas do not run on pytest 9.2 (schemathesis 4.32)."""
    return openapi_document(create_app(_testing_config("sqlite://")), "en")


schema = schemathesis.openapi.from_dict(served_document())


@pytest.fixture
def data(db, agency, open_draft, opinions, agency_editor):
    """Something to show everywhere: drafts in every public state, opinions in every state, a published answer."""
    factories.make_draft(agency, status=DraftStatus.CLOSED)
    factories.make_draft(agency, status=DraftStatus.DRAFT)
    answer_feedbacks(agency_editor, open_draft, [opinions["approved"]], "partly_accepted", "Tiếp thu một phần.")
    publish_answers(agency_editor, open_draft)
    db.session.commit()
    return open_draft


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_every_operation_answers_as_documented(case, app, data):
    # A made-up cursor is refused (400) though it is "a string": the document cannot say which strings the API gave.
    excluded = [positive_data_acceptance] if "cursor" in (case.query or {}) else []
    # The WSGI transport does not uncompress: ask for the plain body (compression has its own test).
    plain = {"Accept-Encoding": "identity"}
    case.call_and_validate(app=app, headers=plain, excluded_checks=excluded)
    if "slug" in (case.path_parameters or {}):
        # The same parameters on the draft that holds the data (a generated slug finds nothing: 404).
        case.path_parameters = {**case.path_parameters, "slug": data.slug}
        case.call_and_validate(app=app, headers=plain, excluded_checks=excluded)


def test_the_document_tested_is_the_one_served(client):
    assert client.get("/api/v1/openapi.json", headers={"Accept-Language": "en"}).get_json() == served_document()
