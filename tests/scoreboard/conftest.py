"""A hand-built year (2025) of five agencies, each figure of the scoreboard known in advance.

- A (department, expected): a decision open 31 days in March (4 opinions online, 2 offline; 4 published, 2 answered,
  1 answer public; answers published 10 days after the end) and a law open 31 days in May (below its 60 days;
  answers published 4 days after the end): median 7 days, 2 reports of 2.
- B (ward, expected): a plan announced for 31 days in July, closed by the agency after 9 (closed early, below the
  minimum); one published opinion without an answer.
- C (province, expected): did not consult (its only 2025 draft was never published).
- D (department, not expected): a decision open exactly 20 days from 00:00 of 1 January (Viet Nam), 2 opinions
  offline; its draft opened a second before the new year (Viet Nam) belongs to 2024.
- E (other body): nothing; not listed.
"""

from datetime import UTC, datetime, timedelta

import pytest

from consult.drafts.models import DraftStatus
from consult.feedback.models import FeedbackStatus
from consult.scoreboard.expectations import set_expectations
from consult.scoreboard.services import Period
from tests import factories

VN = timedelta(hours=7)


def vn(year, month, day, hour=0, minute=0, second=0):
    """Return a moment given in Viet Nam time, in UTC."""
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC) - VN


def _draft(agency, opens, closes, doc_type, status, published=None, title=None):
    draft = factories.make_draft(agency, status=status, opens_at=opens, closes_at=closes, title=title)
    draft.doc_type = doc_type
    draft.answers_published_at = published
    return draft


def _opinions(draft, *specs):
    """Add opinions: (status, channel) pairs; return them."""
    return [factories.make_feedback(draft, status=status, channel=channel) for status, channel in specs]


@pytest.fixture
def year_2025(db, admin):
    """The agencies and drafts of the module's docstring, with A, B and C expected in 2025; returns the agencies."""
    make = factories.make_agency
    a = make(name="Sở Xây dựng", slug="a-so-xay-dung", kind="department")
    b = make(name="UBND phường Hoàn Kiếm", slug="b-phuong", kind="commune")
    c = make(name="UBND Thành phố", slug="c-thanh-pho", kind="province")
    d = make(name="Sở Tài chính", slug="d-so-tai-chinh", kind="department")
    e = make(name="Hội đồng tư vấn", slug="e-hoi-dong", kind="other")

    approved, pending, rejected = FeedbackStatus.APPROVED, FeedbackStatus.PENDING, FeedbackStatus.REJECTED
    a1 = _draft(a, vn(2025, 3, 1), vn(2025, 4, 1), "decision", DraftStatus.ANSWERED, vn(2025, 4, 11), "A1")
    web = _opinions(a1, (approved, "web"), (approved, "web"), (approved, "web"))
    _opinions(a1, (pending, "web"), (rejected, "web"), (approved, "meeting"), (pending, "letter"))
    factories.make_feedback(a1, status=FeedbackStatus.UNVERIFIED)  # never counted
    factories.make_answer(web[0], published=True)
    factories.make_answer(web[1], published=False)
    _draft(a, vn(2025, 5, 1), vn(2025, 6, 1), "law", DraftStatus.CLOSED, vn(2025, 6, 5), "A2")

    b1 = _draft(b, vn(2025, 7, 1), vn(2025, 8, 1), "plan", DraftStatus.CLOSED, title="B1")
    factories.make_audit_entry(admin, "draft.close", "draft", b1.id, created_at=vn(2025, 7, 10))
    _opinions(b1, (approved, "web"))

    _draft(c, vn(2025, 2, 1), vn(2025, 3, 1), "decision", DraftStatus.DRAFT, title="C unpublished")

    d1 = _draft(d, vn(2025, 1, 1), vn(2025, 1, 21), "decision", DraftStatus.OPEN, title="D1")
    _opinions(d1, (approved, "hotline"), (pending, "mass_organisation"))
    d0 = _draft(d, vn(2024, 12, 31, 23, 59, 59), vn(2025, 2, 1), "decision", DraftStatus.CLOSED, title="D0 of 2024")
    _opinions(d0, (approved, "web"))

    set_expectations(admin, Period(2025), [a.id, b.id, c.id])
    db.session.commit()
    return {"a": a, "b": b, "c": c, "d": d, "e": e, "b1": b1}
