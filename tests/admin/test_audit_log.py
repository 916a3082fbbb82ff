"""The audit log page: filters, keyset pages newest first, readable changes, the CSV export, admins only."""

import csv
import io
from datetime import UTC, datetime, timedelta, timezone

import pytest

from consult.admin.audit_log import AuditFilters, audit_page, describe_changes, local_day_bounds, parse_cursor
from consult.auth.models import Role
from consult.database import utcnow
from tests import factories

VN = timezone(timedelta(hours=7))


@pytest.fixture
def log(db, admin, moderator):
    """Five entries an hour apart, newest last: two feedback decisions, a draft change, an answer text, a user change."""
    start = datetime(2026, 11, 20, 20, 30, tzinfo=UTC)  # 21/11/2026 03:30 in Hà Nội
    rows = [
        (moderator, "feedback.approved", "feedback", 11, {"status": "pending"}, {"status": "approved", "note": ""}),
        (
            moderator,
            "feedback.rejected",
            "feedback",
            12,
            {"status": "pending"},
            {"status": "rejected", "reason": "spam"},
        ),
        (
            admin,
            "draft.update",
            "draft",
            3,
            {"title": "Cũ", "field": "Xây dựng"},
            {"title": "Mới", "field": "Xây dựng"},
        ),
        (admin, "answer_text.create", "answer_text", 4, None, {"kind": "accepted"}),
        (admin, "user.update", "user_account", moderator.id, {"role": "citizen"}, {"role": "moderator"}),
    ]
    entries = [
        factories.make_audit_entry(actor, action, kind, object_id, before, after, start + timedelta(hours=n))
        for n, (actor, action, kind, object_id, before, after) in enumerate(rows)
    ]
    db.session.commit()
    return entries


def entries_html(html):
    """Return the part of the audit page after the filter form."""
    return html.split('class="audit-filters"')[1].split("</form>", 1)[1]


def actions(filters, **kwargs):
    entries, _ = audit_page(filters, **kwargs)
    return [entry.action for entry in entries]


def test_filters_by_actor_action_family_object_and_local_dates(log, admin, moderator):
    assert actions(AuditFilters()) == [
        "user.update",
        "answer_text.create",
        "draft.update",
        "feedback.rejected",
        "feedback.approved",
    ]
    assert actions(AuditFilters(actor_id=moderator.id)) == ["feedback.rejected", "feedback.approved"]
    assert actions(AuditFilters(action="feedback.*")) == ["feedback.rejected", "feedback.approved"]
    assert actions(AuditFilters(action="feedback")) == ["feedback.rejected", "feedback.approved"]
    assert actions(AuditFilters(action="feedback.rejected")) == ["feedback.rejected"]
    # "_" is a LIKE wildcard: the family answer_text.* must not match e.g. "answerXtext".
    assert actions(AuditFilters(action="answer_text.*")) == ["answer_text.create"]
    assert actions(AuditFilters(object_type="feedback", object_id=12)) == ["feedback.rejected"]
    assert actions(AuditFilters(actor_id=admin.id, action="draft.*")) == ["draft.update"]

    # Local days: the first entry is at 03:30 on 21/11 in Hà Nội, i.e. 20/11 in UTC.
    since, until = local_day_bounds(datetime(2026, 11, 21).date(), datetime(2026, 11, 21).date(), "Asia/Ho_Chi_Minh")
    assert since == datetime(2026, 11, 20, 17, 0, tzinfo=UTC)
    assert len(actions(AuditFilters(since=since, until=until))) == 5
    since, until = local_day_bounds(None, datetime(2026, 11, 20).date(), "Asia/Ho_Chi_Minh")
    assert actions(AuditFilters(since=since, until=until)) == []


def test_keyset_pages_cover_every_entry_once_even_with_equal_times(db, admin):
    same_time = utcnow() - timedelta(days=1)
    for number in range(7):
        factories.make_audit_entry(
            admin, "draft.update", "draft", number, created_at=same_time if number < 4 else utcnow()
        )
    db.session.commit()

    seen, cursor = [], None
    while True:
        entries, next_cursor = audit_page(AuditFilters(), parse_cursor(cursor), limit=3)
        seen += [entry.object_id for entry in entries]
        if next_cursor is None:
            break
        cursor = next_cursor
    assert sorted(seen) == list(range(7)) and len(seen) == 7
    assert seen[:3] == [6, 5, 4]  # newest first; equal times by id, newest id first


def test_parse_cursor_ignores_garbage():
    assert parse_cursor("abc") is None
    assert parse_cursor("1.2.3") is None
    assert parse_cursor(None) is None
    assert parse_cursor("1000000.5") == (datetime(1970, 1, 1, 0, 0, 1, tzinfo=UTC), 5)


def test_describe_changes_marks_added_removed_changed_and_same():
    rows = describe_changes({"a": 1, "b": "x", "c": [1]}, {"a": 2, "b": "x", "d": {"k": "đ"}})
    assert rows == [
        {"key": "a", "before": "1", "after": "2", "change": "changed"},
        {"key": "b", "before": "x", "after": "x", "change": "same"},
        {"key": "c", "before": "[1]", "after": "", "change": "removed"},
        {"key": "d", "before": "", "after": '{"k": "đ"}', "change": "added"},
    ]
    assert describe_changes(None, None) == []


def test_page_shows_who_what_when_and_the_changes(client, auth, log, admin):
    auth.login(admin)

    html = client.get("/admin/audit?action=draft.*").get_data(as_text=True)
    html = entries_html(html)

    assert "draft.update" in html and "feedback.approved" not in html
    assert "21/11/2026 05:30" in html  # 22:30 UTC shown in Hà Nội time
    assert admin.email in html
    assert "<del>Cũ</del>" in html and "<ins>Mới</ins>" in html
    assert 'href="/admin/audit?object_type=draft&amp;object_id=3"' in html


def test_bad_filters_are_explained_and_kept(client, auth, log, admin):
    auth.login(admin)

    response = client.get("/admin/audit?actor=nobody@example.vn&date_from=31/02/2026&action=DROP TABLE&object_id=x")
    html = response.get_data(as_text=True)

    assert response.status_code == 422
    assert 'value="nobody@example.vn"' in html and 'value="31/02/2026"' in html and 'value="DROP TABLE"' in html
    assert "feedback.approved" not in entries_html(html)  # no unfiltered list under wrong filters
    assert 'class="error-summary"' in html

    unknown = client.get("/admin/audit?actor=nobody@example.vn")
    assert unknown.status_code == 422 and "error-summary" in unknown.get_data(as_text=True)

    reversed_range = client.get("/admin/audit?date_from=22/11/2026&date_to=21/11/2026")
    assert reversed_range.status_code == 422


def test_next_page_link_follows_the_filters(client, db, auth, admin, app):
    for number in range(53):
        factories.make_audit_entry(
            admin, "draft.update", "draft", number, created_at=utcnow() - timedelta(minutes=number)
        )
    factories.make_audit_entry(admin, "agency.update", "agency", 1)
    db.session.commit()
    auth.login(admin)

    first = client.get("/admin/audit?action=draft.update").get_data(as_text=True)
    assert first.count('class="card audit-entry"') == 50
    link = first.split('class="button button--secondary" href="')[1].split('"')[0].replace("&amp;", "&")
    assert "action=draft.update" in link
    second = client.get(link).get_data(as_text=True)
    assert second.count('class="card audit-entry"') == 3
    assert "agency.update" not in entries_html(second)


def test_page_runs_the_same_few_queries_for_any_number_of_entries(client, db, auth, admin, moderator, count_queries):
    auth.login(admin)

    def queries_for_page():
        with count_queries() as statements:
            assert client.get(f"/admin/audit?actor={moderator.email}").status_code == 200
        return len(statements)

    factories.make_audit_entry(moderator, "feedback.approved", "feedback", 1)
    db.session.commit()
    few = queries_for_page()
    other_actors = [factories.make_user(role=Role.MODERATOR) for _ in range(5)]
    for number in range(40):
        factories.make_audit_entry(
            moderator if number % 2 else other_actors[number % 5], "feedback.approved", "feedback", number
        )
    db.session.commit()
    many = queries_for_page()
    assert few == many <= 4


def test_csv_export_applies_the_filters_and_defuses_formulas(client, db, auth, admin, moderator, log):
    factories.make_audit_entry(
        moderator,
        "feedback.rejected",
        "feedback",
        99,
        before={"note": '=HYPERLINK("x")'},
        after={"note": "ghi chú đã sửa"},
    )
    db.session.commit()
    auth.login(admin)

    response = client.get(f"/admin/audit.csv?action=feedback.*&actor={moderator.email}")

    assert response.status_code == 200 and response.mimetype == "text/csv"
    body = response.get_data()
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    header, data = rows[0], rows[1:]
    assert len(header) == 9
    assert [row[4] for row in data] == ["feedback.rejected", "feedback.rejected", "feedback.approved"]
    assert {row[2] for row in data} == {moderator.email}
    assert data[0][6] == "99" and data[0][7] == '{"note": "=HYPERLINK(\\"x\\")"}'  # JSON: starts with "{", kept
    assert "ghi chú đã sửa" in data[0][8]
    assert data[2][0] == "21/11/2026 03:30:00"

    factories.make_audit_entry(None, "=cmd|' /C calc'!A0", "feedback", 1)
    db.session.commit()
    rows = list(csv.reader(io.StringIO(client.get("/admin/audit.csv").get_data().decode("utf-8-sig"))))
    assert rows[1][4] == "'=cmd|' /C calc'!A0" and rows[1][2] == ""  # newest: defused, and no account


def test_csv_refuses_bad_filters(client, auth, admin):
    auth.login(admin)
    assert client.get("/admin/audit.csv?date_from=hôm qua").status_code == 422


def test_only_admins_read_or_export_the_log(client, auth, citizen, moderator, agency_editor, log):
    assert client.get("/admin/audit").status_code == 302
    for user in (citizen, moderator, agency_editor):
        auth.login(user)
        assert client.get("/admin/audit").status_code == 403, user.role
        assert client.get("/admin/audit.csv").status_code == 403, user.role
        auth.logout()


def test_no_route_changes_or_deletes_an_entry(app, client, auth, admin, log):
    audit_rules = [rule for rule in app.url_map.iter_rules() if "audit" in rule.rule]
    assert {method for rule in audit_rules for method in rule.methods} <= {"GET", "HEAD", "OPTIONS"}
    auth.login(admin)
    assert client.post("/admin/audit").status_code == 405


def test_a_family_is_paged_newest_first_across_its_actions(db, admin, moderator):
    """Each action of a family is read on its own (SQLite) and merged: pages match the whole family sorted."""
    start = datetime(2026, 11, 1, tzinfo=UTC)
    family = ("feedback.approved", "feedback.rejected", "feedback.reported")
    for number in range(23):
        created_at = start + timedelta(minutes=number // 2)  # pairs at equal times: ids break the tie
        factories.make_audit_entry(moderator, family[number * 7 % 3], "feedback", number, created_at=created_at)
        factories.make_audit_entry(admin, "draft.update", "draft", number, created_at=created_at)
    factories.make_audit_entry(admin, "feedbackx.other", "feedback", 99, created_at=start)  # not of the family
    db.session.commit()

    seen, cursor = [], None
    while True:
        entries, cursor = audit_page(AuditFilters(action="feedback.*"), cursor, limit=4)
        seen += [(entry.created_at, entry.id, entry.action) for entry in entries]
        if cursor is None:
            break
        cursor = parse_cursor(cursor)
    everything, _ = audit_page(AuditFilters(), limit=1000)
    expected = [(entry.created_at, entry.id, entry.action) for entry in everything if entry.action in family]
    assert seen == expected and len(seen) == 23
    assert actions(AuditFilters(action="feedback.*", actor_id=admin.id)) == []
    assert actions(AuditFilters(action="nothing.*")) == []
