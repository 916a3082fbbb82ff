"""The quick check of a sent opinion form accepts only what FeedbackForm accepts, and the usual forms."""

import dataclasses
import itertools
import random

from werkzeug.datastructures import MultiDict

from consult.drafts.models import Participation
from consult.feedback.forms import FeedbackForm, sent_values
from consult.feedback.intake import form_draft
from tests.feedback.test_views import valid_form

LINKS = "xem https://a.vn https://b.vn https://c.vn https://d.vn"
MISSING = object()
VARIANTS = {
    "target": ["2", "0", "2.1", "99", "abc", "", MISSING],
    "stance": ["oppose", "support", "", "maybe", MISSING],
    "content": ["Đề nghị giữ lại vỉa hè.", "abcd", "abcde", "      ", "   x   ", "a" * 10001, LINKS, "", MISSING],
    "proposed_wording": ["", "Sửa thành hai mét.", LINKS, MISSING],
    "author_name": ["Lê Thị Hoa", "   ", "a" * 256, "a" * 255, MISSING],
    "author_kind": ["individual", "organisation", "robot", MISSING],
    "locality": ["ha-noi", "", "atlantis", MISSING],
    "locality_detail": ["", "Phường Cửa Nam", " " * 300, "a" * 256, MISSING],
    "contact": ["hoa.le@example.vn", "0912 345 678", "+84 912.345.678", "hoa", "   ", "a" * 250 + "@x.vn", MISSING],
    "consent_name": ["y", "false", "", MISSING],
    "notify": ["y", "false", "", MISSING],
    "consent_terms": ["y", "false", "", "on", MISSING],
    "trang_ca_nhan": ["", "http://spam.example", MISSING],
}


def forms(count, seed=20261127):
    """Yield the valid form with one field changed at a time, then `count` random mixes of the variants."""
    for name, values in VARIANTS.items():
        for value in values:
            yield valid_form(**{name: value})
    chooser = random.Random(seed)
    for _ in range(count):
        yield {name: chooser.choice(values) for name, values in VARIANTS.items()}


def check(app, snapshot, data):
    """Return (quick values, FeedbackForm valid?, FeedbackForm data) for one sent form."""
    formdata = MultiDict({name: value for name, value in data.items() if value is not MISSING})
    with app.test_request_context(method="POST", data=formdata):
        quick = sent_values(snapshot, formdata)
        form = FeedbackForm(snapshot, formdata=formdata, meta={"csrf": False})
        return quick, form.validate(), form.data


def test_quick_check_accepts_only_what_the_form_accepts(app, db, open_draft):
    open_snapshot = form_draft(open_draft.slug)
    verified = dataclasses.replace(open_snapshot, participation=Participation.EMAIL_VERIFIED)
    accepted = 0
    for snapshot, data in itertools.product((open_snapshot, verified), forms(600)):
        quick, valid, wtforms_data = check(app, snapshot, data)
        if quick is not None:
            accepted += 1
            assert valid, data
            for name, value in quick.items():  # an optional field left out is None there, "" here: both store ""
                assert value == wtforms_data[name] or (not value and not wtforms_data[name]), (name, data)
    assert accepted > 50


def test_quick_check_accepts_the_usual_forms(app, db, open_draft):
    snapshot = form_draft(open_draft.slug)
    usual = [valid_form(), valid_form(proposed_wording="", locality_detail="", consent_name=MISSING),
             valid_form(target="0", contact="0912 345 678"), valid_form(target="2.1", notify="y", stance="support")]
    for data in usual:
        quick, valid, _ = check(app, snapshot, data)
        assert valid and quick is not None, data
