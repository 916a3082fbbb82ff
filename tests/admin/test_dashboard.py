"""Dashboard figures from known data: time to decision (nearest-rank median and p90), pending, throughput."""

import math
from datetime import UTC, date, datetime, timedelta

from consult.admin.dashboard import (
    draft_timings,
    moderator_throughput,
    pending_by_draft,
    seconds_text,
    time_to_decision,
)
from consult.auth.models import Role
from consult.feedback.models import FeedbackStatus
from tests import factories

ZONE = "Asia/Ho_Chi_Minh"
T0 = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)


def decided_after(draft, moderator, minutes_list, status=FeedbackStatus.APPROVED):
    """Decide one opinion of `draft` per entry, each `minutes` after it was sent."""
    for minutes in minutes_list:
        factories.make_decided_feedback(
            draft, moderator, status, created_at=T0, decided_at=T0 + timedelta(minutes=minutes)
        )


def test_time_to_decision_per_draft_uses_nearest_rank(db, agency, moderator):
    first, second, waiting_only = (factories.make_draft(agency) for _ in range(3))
    decided_after(first, moderator, [50, 10, 40])
    decided_after(first, moderator, [30, 20], FeedbackStatus.REJECTED)
    decided_after(second, moderator, [240, 60, 180, 120])
    factories.make_feedback(first, status=FeedbackStatus.PENDING, created_at=T0 - timedelta(days=3))
    factories.make_feedback(first, status=FeedbackStatus.PENDING, created_at=T0 - timedelta(days=1))
    factories.make_feedback(first, status=FeedbackStatus.UNVERIFIED, created_at=T0 - timedelta(days=9))
    factories.make_feedback(waiting_only, status=FeedbackStatus.PENDING, created_at=T0)
    db.session.commit()

    figures = {draft_id: (n, round(median), round(p90)) for draft_id, (n, median, p90) in time_to_decision().items()}
    # first: 10..50 min, n=5 -> median rank 3 (30 min), p90 rank 5 (50 min); second: n=4 -> ranks 2 and 4.
    assert figures == {first.id: (5, 1800, 3000), second.id: (4, 7200, 14400)}
    assert pending_by_draft() == {first.id: (2, T0 - timedelta(days=3)), waiting_only.id: (1, T0)}

    timings = draft_timings()
    assert [t.draft.id for t in timings] == [first.id, waiting_only.id, second.id]  # most pending first
    assert (timings[0].pending, timings[0].decided, round(timings[0].median_seconds)) == (2, 5, 1800)
    assert (timings[2].pending, timings[2].oldest_pending_at, round(timings[2].median_seconds)) == (0, None, 7200)


def nearest_rank(values, share):
    """Return the value at rank ceil(share·n) of the sorted values (the nearest-rank percentile)."""
    ordered = sorted(values)
    return ordered[math.ceil(share * len(ordered)) - 1]


def test_percentiles_match_python_on_uneven_drafts(db, agency, moderator, open_draft):
    """Read off the index at their ranks, the figures are exactly Python's nearest ranks for any n."""
    drafts = [factories.make_draft(agency) for _ in range(3)]
    minutes = {}
    for index, (draft, n) in enumerate(zip(drafts, (1, 10, 37))):
        minutes[draft.id] = [(number * 37 + index * 11) % 97 + 1 for number in range(n)]
        for number, value in enumerate(minutes[draft.id]):
            decided_after(draft, moderator, [value], FeedbackStatus.REJECTED if number % 3 else FeedbackStatus.APPROVED)
    # Sent back to review by readers' reports: still has decided_at, but it is pending, so not counted.
    factories.make_feedback(drafts[2], status=FeedbackStatus.PENDING, created_at=T0, decided_at=T0 + timedelta(days=9))
    db.session.commit()

    expected = {
        draft_id: (len(values), nearest_rank(values, 0.5) * 60, nearest_rank(values, 0.9) * 60)
        for draft_id, values in minutes.items()
    }
    figures = {draft_id: (n, round(median), round(p90)) for draft_id, (n, median, p90) in time_to_decision().items()}
    assert figures == expected
    one = time_to_decision([drafts[1].id])
    assert {draft_id: (n, round(median), round(p90)) for draft_id, (n, median, p90) in one.items()} == {
        drafts[1].id: expected[drafts[1].id]
    }
    assert time_to_decision([open_draft.id]) == {}


def test_a_single_decision_is_its_own_median_and_p90(db, open_draft, moderator):
    decided_after(open_draft, moderator, [7])
    db.session.commit()
    n, median, p90 = time_to_decision()[open_draft.id]
    assert (n, round(median), round(p90)) == (1, 420, 420)


def test_throughput_counts_local_days_in_the_window_and_all_time(db, open_draft, moderator):
    other = factories.make_user(role=Role.MODERATOR)
    other_draft = factories.make_draft(open_draft.agency)
    at = lambda y, m, d, h, mi: datetime(y, m, d, h, mi, tzinfo=UTC)  # noqa: E731
    # 26/11 17:30 UTC is 27/11 00:30 in Hà Nội; 26/11 16:30 UTC is still 26/11 (23:30).
    for when in (at(2026, 11, 26, 17, 30), at(2026, 11, 27, 3, 0), at(2026, 11, 26, 16, 30), at(2026, 11, 10, 9, 0)):
        factories.make_decided_feedback(open_draft, moderator, decided_at=when, created_at=when - timedelta(hours=1))
    for when in (at(2026, 11, 25, 1, 0), at(2026, 11, 25, 2, 0)):
        factories.make_decided_feedback(open_draft, other, FeedbackStatus.REJECTED, decided_at=when, created_at=when)
    factories.make_decided_feedback(other_draft, other, decided_at=at(2026, 11, 27, 1, 0))  # another draft
    db.session.commit()

    result = moderator_throughput(open_draft, 7, ZONE, today=date(2026, 11, 27))

    assert result.days[0] == date(2026, 11, 27) and result.days[-1] == date(2026, 11, 21) and len(result.days) == 7
    assert [(user.id, total, recent) for user, _, total, recent in result.moderators] == [
        (moderator.id, 4, 3),
        (other.id, 2, 2),
    ]
    assert result.per_day == {
        (moderator.id, date(2026, 11, 27)): 2,
        (moderator.id, date(2026, 11, 26)): 1,
        (other.id, date(2026, 11, 25)): 2,
    }
    assert result.day_totals[date(2026, 11, 27)] == 2 and result.day_totals[date(2026, 11, 24)] == 0
    assert result.busiest_day == 2


def test_seconds_text_keeps_two_units(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert seconds_text(None) == ""
        assert seconds_text(59) == seconds_text(60)
        assert seconds_text(2 * 3600 + 15 * 60).count(" ") == 3  # "2 hours 15 minutes" / "2 giờ 15 phút"
        assert seconds_text(4 * 86400 + 6 * 3600).startswith("4 ")


def test_dashboard_pages_show_the_figures(client, db, auth, admin, open_draft, moderator):
    decided_after(open_draft, moderator, [30, 90, 150])
    factories.make_feedback(open_draft, status=FeedbackStatus.PENDING, created_at=T0 - timedelta(days=2))
    db.session.commit()
    auth.login(admin)

    html = client.get("/admin/dashboard").get_data(as_text=True)
    assert open_draft.title in html
    assert "18/11/2026 09:00" in html  # the oldest pending, in Hà Nội time
    assert seconds_text_for(client, 90 * 60) in html

    page = client.get(f"/admin/dashboard/drafts/{open_draft.id}?days=30")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert moderator.name in body and "<svg" in body
    assert client.get(f"/admin/dashboard/drafts/{open_draft.id}?days=5").status_code == 200  # unknown choice: default
    assert client.get("/admin/dashboard/drafts/999999").status_code == 404


def seconds_text_for(client, seconds):
    """Return seconds_text as the page renders it (Vietnamese)."""
    with client.application.test_request_context():
        return seconds_text(seconds)


def test_dashboard_query_count_does_not_grow_with_drafts(client, db, auth, admin, agency, moderator, count_queries):
    auth.login(admin)

    def queries():
        with count_queries() as statements:
            assert client.get("/admin/dashboard").status_code == 200
        return len(statements)

    decided_after(factories.make_draft(agency), moderator, [5])
    db.session.commit()
    one = queries()
    for _ in range(6):
        draft = factories.make_draft(agency)
        decided_after(draft, moderator, [5, 10])
        factories.make_feedback(draft)
    db.session.commit()
    assert queries() == one <= 5


def test_only_admins_see_the_dashboard(client, auth, citizen, moderator, agency_editor, open_draft):
    for user in (citizen, moderator, agency_editor):
        auth.login(user)
        assert client.get("/admin/dashboard").status_code == 403
        assert client.get(f"/admin/dashboard/drafts/{open_draft.id}").status_code == 403
        auth.logout()
