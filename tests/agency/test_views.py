"""The agency workspace: its own drafts only, creating, editing, opening, closing, summary and CSV."""

import csv
import html
import io
from datetime import timedelta

from sqlalchemy import select

from consult.audit import AuditLog
from consult.database import utcnow
from consult.drafts.models import Draft, DraftStatus
from consult.feedback.models import FeedbackStatus
from consult.moderation.services import reject_feedback
from tests import factories
from tests.conftest import post_form

NEW_DRAFT = {
    "title": "Dự thảo Quyết định quy định về quản lý cây xanh đô thị",
    "doc_type": "decision",
    "field": "Môi trường",
    "summary": "Quy định về trồng, chăm sóc cây xanh.",
    "contact": "Phòng Quản lý đô thị, 024 0000 0000",
    "opens_on": "01/12/2026",
    "closes_on": "30/01/2027",
    "structure": "Chương I\nQUY ĐỊNH CHUNG\nĐiều 1. Phạm vi\nQuy định về cây xanh.\nĐiều 2. Giải thích từ ngữ\n1. Cây xanh đô thị.\nChương II\nĐIỀU KHOẢN THI HÀNH\nĐiều 3. Hiệu lực\nCó hiệu lực từ ngày ký.",
}


def test_workspace_requires_an_agency_editor(client, auth, citizen, moderator):
    assert client.get("/agency/").status_code == 302
    auth.login(citizen)
    assert client.get("/agency/").status_code == 403
    auth.logout()
    auth.login(moderator)
    assert client.get("/agency/").status_code == 403


def test_editor_sees_only_their_agency_drafts(client, db, auth, agency_editor, open_draft, other_agency):
    foreign = factories.make_draft(other_agency, title="Dự thảo của Sở Y tế")
    db.session.commit()
    auth.login(agency_editor)

    html = client.get("/agency/").get_data(as_text=True)

    assert open_draft.title in html and foreign.title not in html
    for url in (
        f"/agency/drafts/{foreign.id}",
        f"/agency/drafts/{foreign.id}/edit",
        f"/agency/drafts/{foreign.id}/summary",
        f"/agency/drafts/{foreign.id}/opinions.csv",
    ):
        assert client.get(url).status_code == 403, url
    assert post_form(client, f"/agency/drafts/{foreign.id}/close", page="/agency/").status_code == 403
    assert client.get("/agency/drafts/999999").status_code == 404


def test_editor_creates_a_draft_with_chapters_and_articles(client, db, auth, agency_editor):
    auth.login(agency_editor)

    response = post_form(client, "/agency/drafts/new", NEW_DRAFT)

    assert response.status_code == 302
    draft = db.session.scalar(select(Draft))
    assert draft.status == DraftStatus.DRAFT
    assert draft.agency_id == agency_editor.agency_id
    assert [a.number for a in draft.articles] == [1, 2, 3]
    assert [s.number for s in draft.sections] == ["I", "II"]
    assert draft.articles[2].section.title == "ĐIỀU KHOẢN THI HÀNH"
    # The window runs from 01/12 00:00 to the end of 30/01 in Viet Nam time (UTC+7).
    assert draft.opens_at.isoformat() == "2026-11-30T17:00:00+00:00"
    assert draft.closes_at.isoformat() == "2027-01-30T17:00:00+00:00"
    assert db.session.scalar(select(AuditLog.action).where(AuditLog.object_id == draft.id)) == "draft.create"


def test_invalid_draft_keeps_what_was_typed(client, db, auth, agency_editor):
    auth.login(agency_editor)
    data = dict(NEW_DRAFT, closes_on="31/11/2026", structure="Điều 1. A\nnội dung\nĐiều 1. B\nnội dung")

    response = post_form(client, "/agency/drafts/new", data)
    html = response.get_data(as_text=True)

    assert response.status_code == 422
    assert db.session.scalar(select(Draft)) is None
    assert "dd/mm/yyyy" in html
    assert NEW_DRAFT["title"] in html and "Điều 1. B" in html


def test_editing_a_published_draft_makes_a_new_version_and_opinions_stay_on_theirs(
    client, db, auth, agency_editor, open_draft
):
    article = open_draft.articles[1]
    feedback = factories.make_feedback(open_draft, article=article)
    db.session.commit()
    auth.login(agency_editor)
    form = client.get(f"/agency/drafts/{open_draft.id}/edit").get_data(as_text=True)
    assert "Điều 2. Đối tượng áp dụng" in form

    structure = "Điều 1. Phạm vi mới\nNội dung sửa.\nĐiều 2. Đối tượng áp dụng (sửa)\nNội dung."
    data = dict(
        NEW_DRAFT,
        title=open_draft.title,
        structure=structure,
        opens_on="01/01/2026",
        closes_on="31/12/2030",
        note="Bỏ Điều 3, sửa Điều 2",
    )
    response = post_form(client, f"/agency/drafts/{open_draft.id}/edit", data)

    assert response.status_code == 302
    db.session.expire_all()
    draft = db.session.get(Draft, open_draft.id)
    assert [version.number for version in draft.versions] == [1, 2]
    assert draft.current_version.number == 2 and draft.current_version.note == "Bỏ Điều 3, sửa Điều 2"
    assert [a.title for a in draft.articles] == ["Phạm vi mới", "Đối tượng áp dụng (sửa)"]
    assert feedback.version.number == 1
    assert (feedback.article.number, feedback.article.title) == (2, "Đối tượng áp dụng")
    assert len(draft.versions[0].articles) == 3  # version 1 stays readable as it was
    actions = db.session.scalars(select(AuditLog.action).where(AuditLog.object_id == draft.id)).all()
    assert "draft.version" in actions


def test_changing_only_the_details_makes_no_new_version(client, db, auth, agency_editor, open_draft):
    auth.login(agency_editor)
    page = client.get(f"/agency/drafts/{open_draft.id}/edit").get_data(as_text=True)
    structure = html.unescape(page.split('name="structure"')[1].split(">", 1)[1].split("</textarea>")[0]).lstrip("\n")

    data = dict(
        NEW_DRAFT, title="Tên mới của dự thảo", structure=structure, opens_on="01/01/2026", closes_on="31/12/2030"
    )
    assert post_form(client, f"/agency/drafts/{open_draft.id}/edit", data).status_code == 302

    db.session.expire_all()
    draft = db.session.get(Draft, open_draft.id)
    assert draft.title == "Tên mới của dự thảo" and len(draft.versions) == 1


def test_unpublished_draft_is_edited_in_place_but_keeps_commented_articles(client, db, auth, agency_editor, agency):
    draft = factories.make_draft(agency, status=DraftStatus.DRAFT)
    factories.make_feedback(draft, article=draft.articles[2])  # e.g. an opinion entered by staff from a meeting
    db.session.commit()
    auth.login(agency_editor)

    data = dict(NEW_DRAFT, structure="Điều 1. Phạm vi\nNội dung.\nĐiều 2. Đối tượng\nNội dung.")
    response = post_form(client, f"/agency/drafts/{draft.id}/edit", data)

    assert response.status_code == 422
    assert "Điều 3" in response.get_data(as_text=True)
    db.session.expire_all()
    assert len(db.session.get(Draft, draft.id).articles) == 3
    data["structure"] += "\nĐiều 3. Hiệu lực\nSửa lời văn."
    assert post_form(client, f"/agency/drafts/{draft.id}/edit", data).status_code == 302
    db.session.expire_all()
    draft = db.session.get(Draft, draft.id)
    assert len(draft.versions) == 1 and draft.articles[2].body == "Sửa lời văn."


def test_editor_opens_and_closes_a_draft(client, db, auth, agency_editor, agency):
    now = utcnow()  # a window open for longer than the legal minimum (20 days for a decision)
    draft = factories.make_draft(
        agency, status=DraftStatus.DRAFT, opens_at=now - timedelta(days=25), closes_at=now + timedelta(days=10)
    )
    db.session.commit()
    auth.login(agency_editor)
    assert client.get(f"/drafts/{draft.slug}").status_code == 200  # the editor may preview it

    post_form(client, f"/agency/drafts/{draft.id}/open", page=f"/agency/drafts/{draft.id}")
    db.session.refresh(draft)
    assert draft.status == DraftStatus.OPEN and draft.accepts_feedback()

    post_form(client, f"/agency/drafts/{draft.id}/close", {"reason": "Đã đủ ý kiến cần thiết."})
    db.session.refresh(draft)
    assert draft.status == DraftStatus.CLOSED and not draft.accepts_feedback()
    actions = db.session.scalars(
        select(AuditLog.action).where(AuditLog.object_id == draft.id).order_by(AuditLog.id)
    ).all()
    assert actions[-2:] == ["draft.open", "draft.close"]


def test_summary_counts_by_article_stance_kind_and_locality(client, db, auth, agency_editor, open_draft, moderator):
    first, second = open_draft.articles[0], open_draft.articles[1]
    factories.make_feedback(open_draft, FeedbackStatus.APPROVED, article=first, stance="support", locality="ha-noi")
    factories.make_feedback(open_draft, FeedbackStatus.PENDING, article=first, stance="oppose", locality="da-nang")
    factories.make_feedback(
        open_draft,
        FeedbackStatus.APPROVED,
        article=second,
        stance="oppose",
        author_kind="organisation",
        locality="ha-noi",
    )
    rejected = factories.make_feedback(open_draft, article=second, stance="support")
    reject_feedback(moderator, rejected, "spam")
    db.session.commit()
    auth.login(agency_editor)

    html = client.get(f"/agency/drafts/{open_draft.id}/summary").get_data(as_text=True)

    assert "4 ý kiến" in html
    row = html.split("Điều 1. Phạm vi điều chỉnh</th>")[1].split("</tr>")[0]
    assert [cell.split(">")[1] for cell in row.split("<td")[1:]] == ["1</td", "1</td", "0</td", "2</td"]
    assert "Đà Nẵng" in html and "Tổ chức" in html


def test_csv_has_bom_all_opinions_and_contacts(client, db, auth, agency_editor, open_draft):
    factories.make_feedback(
        open_draft,
        FeedbackStatus.APPROVED,
        article=open_draft.articles[0],
        content="Đề nghị làm rõ phạm vi",
        contact="dan@example.vn",
    )
    factories.make_feedback(
        open_draft, FeedbackStatus.PENDING, content='=HYPERLINK("http://x")', contact="0912 000 111"
    )
    db.session.commit()
    auth.login(agency_editor)

    response = client.get(f"/agency/drafts/{open_draft.id}/opinions.csv")

    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert len(rows) == 3
    assert "Mã tiếp nhận" in rows[0][0]
    flat = "\n".join(",".join(row) for row in rows)
    assert "Đề nghị làm rõ phạm vi" in flat and "dan@example.vn" in flat and "0912 000 111" in flat
    assert "'=HYPERLINK" in flat  # formulas are defused for spreadsheet programs


def test_csv_columns_and_the_reason_an_opinion_was_not_published(
    client, db, auth, agency_editor, moderator, open_draft
):
    rejected = factories.make_feedback(open_draft, article=open_draft.articles[0], contact="rac@example.vn")
    reject_feedback(moderator, rejected, "spam")
    db.session.commit()
    auth.login(agency_editor)

    rows = list(
        csv.reader(
            io.StringIO(client.get(f"/agency/drafts/{open_draft.id}/opinions.csv").get_data().decode("utf-8-sig"))
        )
    )

    assert rows[0] == [
        "Mã tiếp nhận",
        "Ngày nhận (dd/mm/yyyy)",
        "Kênh tiếp nhận",
        "Ngày góp ý trực tiếp (dd/mm/yyyy)",
        "Số/ký hiệu nguồn",
        "Trạng thái",
        "Điều",
        "Quan điểm",
        "Nội dung góp ý",
        "Đề xuất sửa đổi",
        "Người góp ý",
        "Đối tượng góp ý",
        "Địa phương",
        "Xã, phường",
        "Đồng ý công khai họ tên",
        "Lý do không đăng",
        "Liên hệ (email hoặc số điện thoại)",
    ]
    row = dict(zip(rows[0], rows[1]))
    assert (row["Mã tiếp nhận"], row["Trạng thái"], row["Điều"]) == (rejected.receipt_code, "Không đăng", "Điều 1")
    assert (row["Lý do không đăng"], row["Liên hệ (email hoặc số điện thoại)"]) == (
        "Quảng cáo, tin rác",
        "rac@example.vn",
    )


def test_csv_query_count_does_not_grow_with_opinions(
    client, db, auth, agency_editor, moderator, open_draft, count_queries
):
    auth.login(agency_editor)

    def download_queries():
        db.session.expire_all()
        with count_queries() as statements:
            assert client.get(f"/agency/drafts/{open_draft.id}/opinions.csv").status_code == 200
        return len(statements)

    factories.make_feedback(open_draft, FeedbackStatus.APPROVED, article=open_draft.articles[0])
    db.session.commit()
    few = download_queries()
    for article in open_draft.articles * 3:
        factories.make_feedback(open_draft, FeedbackStatus.APPROVED, article=article)
        reject_feedback(moderator, factories.make_feedback(open_draft, article=article), "off_topic")
        factories.make_feedback(open_draft, FeedbackStatus.PENDING)
    db.session.commit()

    assert download_queries() == few


def test_admin_reaches_any_agency_draft(client, db, auth, admin, open_draft):
    auth.login(admin)

    assert client.get(f"/agency/drafts/{open_draft.id}/summary").status_code == 200


def test_summary_counts_opinions_on_earlier_versions(client, db, auth, agency_editor, open_draft):
    from consult.drafts.services import update_draft

    factories.make_feedback(open_draft, FeedbackStatus.APPROVED, article=open_draft.articles[2], stance="oppose")
    db.session.commit()
    update_draft(None, open_draft, {}, "Điều 1. Phạm vi\nMới.\nĐiều 2. Đối tượng\nMới.")
    factories.make_feedback(open_draft, FeedbackStatus.APPROVED, article=open_draft.articles[0], stance="support")
    db.session.commit()
    auth.login(agency_editor)

    html = client.get(f"/agency/drafts/{open_draft.id}/summary").get_data(as_text=True)

    earlier = html.split("Các điều của phiên bản trước</th>")[1].split("</tr>")[0]
    assert [cell.split(">")[1] for cell in earlier.split("<td")[1:]] == ["0</td", "1</td", "0</td", "1</td"]
    assert "tổng cộng" in html.lower()
    total_row = html.split("<tfoot>")[1]
    assert [cell.split(">")[1] for cell in total_row.split("<td")[1:]][-1] == "2</td"
