"""The agency's summary dashboard: the shared counts (tests/reports/test_summary.py) in tables and charts, and the
groups of identical or similar opinions."""

import re

import pytest

from consult.agency.summary import build_summary, duplicate_groups_page
from consult.feedback.models import FeedbackStatus
from tests import factories
from tests.reports.test_summary import known_set, utc  # noqa: F401  (known_set: a fixture)


def cells(html, table_id):
    """Return {row header: [cell texts]} of one table of the page."""
    table = html.split(f'id="{table_id}"')[1].split("</table>")[0]
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table, re.S):
        header = re.search(r'<th scope="row">(.*?)</th>', row, re.S)
        if header:
            rows[re.sub(r"<[^>]+>", "", header.group(1)).strip()] = re.findall(r'<td class="num">(.*?)</td>', row)
    return rows


def test_page_shows_the_same_numbers_in_tables(client, db, auth, agency_editor, known_set):
    auth.login(agency_editor)

    html = client.get(f"/agency/drafts/{known_set.id}/summary").get_data(as_text=True)

    assert cells(html, "table-channels")["Văn bản, thư"] == ["1"]
    assert cells(html, "table-days") == {
        "27/02/2026": ["1"],
        "01/03/2026": ["2"],
        "02/03/2026": ["2"],
        "03/03/2026": ["1"],
    }
    assert cells(html, "table-localities")["Đà Nẵng"] == ["2"]
    assert cells(html, "table-kinds")["Tổ chức"] == ["1"]
    assert cells(html, "table-articles")["Các điều của phiên bản trước"] == ["2", "1", "1", "4"]
    assert f'href="/agency/drafts/{known_set.id}/opinions.csv"' in html


def test_charts_are_accessible_inline_svg_with_the_numbers_printed(client, db, auth, agency_editor, known_set):
    auth.login(agency_editor)

    html = client.get(f"/agency/drafts/{known_set.id}/summary").get_data(as_text=True)

    svgs = re.findall(r"<svg\b[^>]*>.*?</svg>", html, re.S)
    assert len(svgs) == 5
    for svg in svgs:
        assert 'role="img"' in svg and "viewBox=" in svg and "<script" not in svg and "style=" not in svg
        labelled = re.search(r'aria-labelledby="([^"]+)"', svg).group(1).split()
        for ident in labelled:
            assert re.search(rf'<(title|desc) id="{ident}">[^<]+</\1>', svg)
        assert len(svg) < 8000  # light: a few KB
    heat = svgs[0]
    printed = re.findall(r'font-weight="600" fill="#[0-9a-f]{6}">(\d+)</text>', heat)
    # whole draft, article 1, article 2, earlier versions × (agree, disagree, other)
    assert printed == ["0", "1", "0", "0", "0", "1", "0", "0", "0", "2", "1", "1"]


def test_groups_list_counts_members_that_are_counted(client, db, auth, agency_editor, open_draft):
    make = factories.make_feedback
    letter = make(open_draft, FeedbackStatus.APPROVED, content="Đề nghị giữ nguyên vỉa hè cho người đi bộ.")
    for status in (FeedbackStatus.APPROVED, FeedbackStatus.PENDING, FeedbackStatus.REJECTED):
        make(open_draft, status, content=letter.content, duplicate_group_id=letter.id, similarity=1.0)
    pair = make(open_draft, FeedbackStatus.PENDING, content="Cần thêm chỗ để xe máy.")
    make(
        open_draft,
        FeedbackStatus.APPROVED,
        content="Cần thêm chỗ để xe máy!",
        duplicate_group_id=pair.id,
        similarity=0.97,
    )
    make(open_draft, FeedbackStatus.APPROVED, content="Một ý kiến riêng.")
    db.session.commit()

    summary = build_summary(open_draft)

    assert [(rep.id, size) for rep, size in summary["groups"]] == [(letter.id, 3), (pair.id, 2)]
    assert summary["grouped_opinions"] == {"groups": 2, "opinions": 5}
    page, following = duplicate_groups_page(open_draft, limit=1)
    assert [rep.id for rep, _size in page] == [letter.id] and following == (3, letter.id)
    assert [rep.id for rep, _size in duplicate_groups_page(open_draft, following, limit=1)[0]] == [pair.id]

    auth.login(agency_editor)
    html = client.get(f"/agency/drafts/{open_draft.id}/summary").get_data(as_text=True)
    assert f'id="group-{letter.id}"' in html and "Đề nghị giữ nguyên vỉa hè" in html
    assert f"/agency/drafts/{open_draft.id}/groups/{letter.id}" in html
    assert f"/agency/drafts/{open_draft.id}/answers/group/{letter.id}" in html
    group = client.get(f"/agency/drafts/{open_draft.id}/groups/{letter.id}").get_data(as_text=True)
    assert group.count('class="opinion"') == 4  # the rejected copy is listed on the group's own page


def test_group_members_page_is_keyset_paginated(client, db, auth, agency_editor, open_draft, monkeypatch):
    from consult.agency import summary_views

    monkeypatch.setattr(summary_views, "PAGE_SIZE", 2)
    letter = factories.make_feedback(open_draft, FeedbackStatus.APPROVED, content="Thư mẫu.")
    copies = [
        factories.make_feedback(open_draft, FeedbackStatus.APPROVED, content="Thư mẫu.", duplicate_group_id=letter.id)
        for _ in range(3)
    ]
    db.session.commit()
    auth.login(agency_editor)

    first = client.get(f"/agency/drafts/{open_draft.id}/groups/{letter.id}").get_data(as_text=True)
    following = re.search(r'rel="next" href="([^"]+)"', first).group(1).replace("&amp;", "&")
    second = client.get(following).get_data(as_text=True)

    assert letter.receipt_code in first and copies[0].receipt_code in first and copies[1].receipt_code not in first
    assert copies[1].receipt_code in second and copies[2].receipt_code in second and 'rel="next"' not in second
    assert client.get(f"/agency/drafts/{open_draft.id}/groups/{copies[0].id}").status_code == 404  # not a group


def test_numbers_are_written_the_vietnamese_way(app):
    from flask import render_template_string

    with app.test_request_context():
        assert render_template_string("{{ 1204|number }} {{ 1234567|number }}") == "1.204 1.234.567"


def test_page_query_count_does_not_grow_with_opinions(client, db, auth, agency_editor, open_draft, count_queries):
    url = f"/agency/drafts/{open_draft.id}/summary"
    auth.login(agency_editor)

    def page_queries():
        db.session.expire_all()
        with count_queries() as statements:
            assert client.get(url).status_code == 200
        return len(statements)

    letter = factories.make_feedback(open_draft, FeedbackStatus.APPROVED, article=open_draft.articles[0])
    factories.make_feedback(open_draft, FeedbackStatus.APPROVED, duplicate_group_id=letter.id)
    db.session.commit()
    few = page_queries()
    for n, article in enumerate(open_draft.articles * 4):
        rep = factories.make_feedback(
            open_draft,
            FeedbackStatus.APPROVED,
            article=article,
            channel="letter",
            locality="da-nang" if n % 2 else "ha-noi",
            created_at=utc(2026, 3, 1 + n, 5),
        )
        factories.make_feedback(open_draft, FeedbackStatus.PENDING, duplicate_group_id=rep.id)
    db.session.commit()

    assert page_queries() == few <= 13  # 12, and one for the quick poll's questions (none here)


@pytest.mark.parametrize("url", ["/summary", "/groups", "/groups/{id}"])
def test_another_agencys_editor_is_refused(client, db, auth, other_editor, open_draft, url):
    letter = factories.make_feedback(open_draft, FeedbackStatus.APPROVED)
    factories.make_feedback(open_draft, FeedbackStatus.APPROVED, duplicate_group_id=letter.id)
    db.session.commit()
    auth.login(other_editor)

    assert client.get(f"/agency/drafts/{open_draft.id}" + url.format(id=letter.id)).status_code == 403
