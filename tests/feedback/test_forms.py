"""The opinion form's checks (FeedbackForm, the one validator of a sent opinion), one field changed at a time."""

import dataclasses

import pytest
from werkzeug.datastructures import MultiDict

from consult.drafts.models import Participation
from consult.feedback.forms import FeedbackForm
from consult.feedback.intake import form_draft
from tests.feedback.test_views import valid_form

LINKS = "xem https://a.vn https://b.vn https://c.vn https://d.vn"
MISSING = object()
# (field, value sent, whether the form is accepted with every other field valid)
CASES = [
    ("target", "2", True),
    ("target", "0", True),
    ("target", "2.1", True),
    ("target", "99", False),
    ("target", "abc", False),
    ("target", "", True),
    ("target", MISSING, True),
    ("stance", "oppose", True),
    ("stance", "", False),
    ("stance", "maybe", False),
    ("stance", MISSING, False),
    ("content", "abcde", True),
    ("content", "abcd", False),
    ("content", "      ", False),
    ("content", "", False),
    ("content", "a" * 10000, True),
    ("content", "a" * 10001, False),
    ("content", LINKS, False),
    ("content", MISSING, False),
    ("proposed_wording", "", True),
    ("proposed_wording", LINKS, False),
    ("proposed_wording", MISSING, True),
    ("author_name", "   ", False),
    ("author_name", "a" * 255, True),
    ("author_name", "a" * 256, False),
    ("author_kind", "organisation", True),
    ("author_kind", "robot", False),
    ("author_kind", MISSING, False),
    ("locality", "", False),
    ("locality", "atlantis", False),
    ("locality", MISSING, False),
    ("locality_detail", "", True),
    ("locality_detail", "a" * 256, False),
    ("contact", "0912 345 678", True),
    ("contact", "+84 912.345.678", True),
    ("contact", "hoa", False),
    ("contact", "   ", False),
    ("contact", "a" * 250 + "@x.vn", True),
    ("contact", "a" * 251 + "@x.vn", False),
    ("contact", MISSING, False),
    ("consent_name", "false", True),
    ("notify", "y", True),
    ("consent_terms", "false", False),
    ("consent_terms", "", False),
    ("consent_terms", "on", True),
    ("consent_terms", MISSING, False),
]


def accepted(app, snapshot, data):
    """Return (whether FeedbackForm accepts the sent fields, its errors)."""
    formdata = MultiDict({name: value for name, value in data.items() if value is not MISSING})
    with app.test_request_context(method="POST", data=formdata):
        form = FeedbackForm(snapshot, formdata=formdata, meta={"csrf": False})
        return form.validate(), form.errors


@pytest.mark.parametrize(
    ("field", "value", "valid"), CASES, ids=[f"{field}-{index}" for index, (field, _value, _valid) in enumerate(CASES)]
)
def test_one_field_at_a_time(app, db, open_draft, field, value, valid):
    ok, errors = accepted(app, form_draft(open_draft.slug), valid_form(**{field: value}))

    assert ok == valid, errors
    if not valid:
        assert list(errors) == [field] or (field == "proposed_wording" and list(errors) == ["content"])


def test_a_draft_asking_for_a_verified_email_refuses_a_phone(app, db, open_draft):
    verified = dataclasses.replace(form_draft(open_draft.slug), participation=Participation.EMAIL_VERIFIED)

    assert accepted(app, verified, valid_form())[0]
    ok, errors = accepted(app, verified, valid_form(contact="0912 345 678"))
    assert not ok and list(errors) == ["contact"]


def test_emails_need_an_email_address(app, db, open_draft):
    ok, errors = accepted(app, form_draft(open_draft.slug), valid_form(contact="0912 345 678", notify="y"))

    assert not ok and list(errors) == ["notify"]
