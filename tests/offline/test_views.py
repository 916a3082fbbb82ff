"""Agency pages for opinions gathered offline: one by hand, a file checked then confirmed, the templates, who may."""

import csv
import io
import re

import openpyxl
import pytest
from sqlalchemy import func, select

from consult.drafts.models import DraftStatus
from consult.feedback.models import Feedback
from tests import factories
from tests.conftest import csrf_token, hidden_fields, post_form
from tests.offline.files import csv_text, fill_xlsx, row, today


@pytest.fixture
def app_config(tmp_path):
    """Keep checked uploads in this test's own folder."""
    return {"OFFLINE_UPLOAD_DIR": str(tmp_path / "uploads")}


def count(db):
    return db.session.scalar(select(func.count(Feedback.id)))


def upload(client, draft, data, name="y-kien.xlsx"):
    """Send a file through the import page's form, as a browser does, and follow it to its run's page (the check
    runs at commit in tests: JOBS_BACKEND=inline)."""
    token = csrf_token(client, f"/agency/drafts/{draft.id}/offline/import")
    sent = client.post(
        f"/agency/drafts/{draft.id}/offline/import",
        content_type="multipart/form-data",
        data={"csrf_token": token, "file": (io.BytesIO(data), name)},
    )
    assert sent.status_code == 302 and re.search(r"/offline/imports/\d+$", sent.headers["Location"]), sent.status_code
    return client.get(sent.headers["Location"])


def save(client, page):
    """Press the page's button that saves the checked file; return the answer, and the run's page after it."""
    action = re.search(r'<form method="post" action="([^"]+/save)"', page).group(1)
    sent = client.post(action, data=hidden_fields(page))
    return sent, client.get(sent.headers["Location"])


def entry(**changes):
    """Return a valid single-opinion form."""
    data = {
        "channel": "letter",
        "received_on": today().strftime("%d/%m/%Y"),
        "source_ref": "CV 15/UBND",
        "article": "2",
        "clause": "2",
        "stance": "oppose",
        "content": "Đề nghị bỏ khoản 2 Điều 2.",
        "proposed_wording": "",
        "author_name": "UBND phường Hoàn Kiếm",
        "author_kind": "organisation",
        "locality": "ha-noi",
        "locality_detail": "",
        "contact": "Số 1 Lý Thái Tổ, Hà Nội",
    }
    data.update(changes)
    return data


def test_templates_download_and_open(client, auth, agency_editor, open_draft):
    auth.login(agency_editor)
    page = client.get(f"/agency/drafts/{open_draft.id}/offline/import").get_data(as_text=True)

    xlsx = client.get("/agency/offline-template.xlsx")
    text = client.get("/agency/offline-template.csv")

    assert 'href="/agency/offline-template.xlsx"' in page and 'href="/agency/offline-template.csv"' in page
    assert "attachment" in xlsx.headers["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx.data))
    header = [cell.value for cell in workbook["Ý kiến"][1]]
    assert header[:3] == ["Kênh", "Ngày nhận (dd/mm/yyyy)", "Số/ký hiệu nguồn"] and "Nội dung góp ý" in header
    assert workbook["Danh mục"]["D2"].value and workbook["Hướng dẫn"].max_row > len(header)
    assert text.data.startswith(b"\xef\xbb\xbf")
    assert next(csv.reader(io.StringIO(text.data.decode("utf-8-sig")))) == header
    stances = [row[1] for row in workbook["Danh mục"].iter_rows(min_row=2, max_row=4, values_only=True)]
    assert stances == ["Tán thành", "Không tán thành", "Ý kiến khác"]  # the online form's words


def test_downloaded_template_filled_in_is_checked_previewed_then_saved(
    client, db, auth, agency_editor, open_draft, tmp_path
):
    auth.login(agency_editor)
    template = client.get("/agency/offline-template.xlsx").data
    rows = [
        row(),
        row(channel="Đường dây nóng", article=None, clause=None, content="Đồng ý với dự thảo."),
        row(channel="Văn bản, thư", article="3", clause=None),
        row(channel="Văn bản, thư", clause="2"),
    ]

    preview = upload(client, open_draft, fill_xlsx(rows, template))
    page = preview.get_data(as_text=True)

    assert preview.status_code == 200 and count(db) == 0  # nothing saved by the check
    assert "Refresh" not in preview.headers  # the check is over: the page stops reloading itself
    by_article = re.findall(r'<th scope="row">([^<]+)</th><td class="num">(\d+)</td>', page.split("<caption>")[2])
    assert by_article == [("Toàn bộ dự thảo", "1"), ("Điều 2", "2"), ("Điều 3", "1")]
    assert len(list((tmp_path / "uploads").iterdir())) == 1  # the file waits on the server for the confirmation

    saved, done = save(client, page)

    assert saved.status_code == 302 and "Đã lưu 4 ý kiến, đang chờ kiểm duyệt" in done.get_data(as_text=True)
    opinions = db.session.scalars(select(Feedback).order_by(Feedback.id)).all()
    assert [(f.channel, f.status, f.entered_by_id) for f in opinions] == [
        ("meeting", "pending", agency_editor.id),
        ("hotline", "pending", agency_editor.id),
        ("letter", "pending", agency_editor.id),
        ("letter", "pending", agency_editor.id),
    ]
    assert list((tmp_path / "uploads").iterdir()) == []

    replay = client.post(re.search(r'action="([^"]+/save)"', page).group(1), data=hidden_fields(page))
    again = upload(client, open_draft, fill_xlsx(rows, template)).get_data(as_text=True)

    assert replay.status_code == 302 and count(db) == 4  # a saved run is not saved twice
    assert "Không có ý kiến mới nào để lưu." in again and "/save" not in again  # every row recognised


def test_a_file_with_mistakes_is_reported_by_row_and_column_and_nothing_saved(
    client, db, auth, agency_editor, open_draft
):
    auth.login(agency_editor)
    data = csv_text([row(), row(received_on="31/02/2026"), row(), row(article="42", locality="Gotham")])

    page = upload(client, open_draft, data.encode("utf-8-sig"), name="y-kien.csv").get_data(as_text=True)

    assert count(db) == 0
    cells = re.findall(r'<tr><td class="num">(\d+)</td><td>([^<]+)</td><td>', page)
    assert cells == [("3", "Ngày nhận"), ("5", "Điều"), ("5", "Tỉnh/thành phố")]
    assert 'name="file"' in page and "/save" not in page  # the corrected file can be sent from the same page


def test_a_file_of_another_type_is_refused_with_a_message(client, db, auth, agency_editor, open_draft):
    auth.login(agency_editor)

    page = upload(client, open_draft, b"%PDF-1.7 ...", name="y-kien.pdf").get_data(as_text=True)

    assert "PDF" in page and 'name="file"' in page and count(db) == 0


def test_saving_checks_the_file_again_and_only_its_uploader_saves_it(
    client, db, auth, agency_editor, admin, open_draft, tmp_path
):
    auth.login(agency_editor)
    page = upload(client, open_draft, fill_xlsx([row()])).get_data(as_text=True)
    other_draft = factories.make_draft(open_draft.agency)
    db.session.commit()
    action = re.search(r'action="([^"]+/save)"', page).group(1)

    assert (
        client.post(
            action.replace(f"/drafts/{open_draft.id}/", f"/drafts/{other_draft.id}/"), data=hidden_fields(page)
        ).status_code
        == 404
    )  # a run is seen only under its own draft
    auth.logout()
    auth.login(admin)  # someone else may see the check, not save this editor's upload
    refused = client.post(action, data={"csrf_token": csrf_token(client, "/agency/")})
    assert refused.status_code == 302 and count(db) == 0
    auth.logout()
    auth.login(agency_editor)
    (kept,) = (tmp_path / "uploads").iterdir()
    kept.write_bytes(fill_xlsx([row(), row(received_on="31/02/2026")]))  # as if the draft or the date had moved

    _saved, done = save(client, page)

    text = done.get_data(as_text=True)
    assert count(db) == 0 and "đã thay đổi" in text and re.search(r'<td class="num">3</td><td>Ngày nhận</td>', text)


def test_a_check_in_progress_reloads_its_page_and_a_dead_one_says_so(client, db, auth, agency_editor, open_draft):
    from datetime import timedelta

    from consult.database import utcnow
    from consult.offline.models import OfflineImport

    auth.login(agency_editor)
    run = OfflineImport(
        draft_id=open_draft.id, file_name="y-kien.xlsx", status="running", done=3000, requested_by_id=agency_editor.id
    )
    db.session.add(run)
    db.session.commit()
    url = f"/agency/drafts/{open_draft.id}/offline/imports/{run.id}"

    waiting = client.get(url)
    run.updated_at = utcnow() - timedelta(hours=2)  # no progress for longer than REPORT_STALE_SECONDS
    db.session.commit()
    dead = client.get(url)

    assert waiting.headers["Refresh"] and "3000" in waiting.get_data(as_text=True)
    assert "Refresh" not in dead.headers and 'name="file"' in dead.get_data(as_text=True)


def test_staff_enter_one_opinion_by_hand(client, db, auth, agency_editor, open_draft):
    auth.login(agency_editor)
    url = f"/agency/drafts/{open_draft.id}/offline/new"
    show = client.get(f"/agency/drafts/{open_draft.id}").get_data(as_text=True)
    assert f'href="{url}"' in show and f'href="/agency/drafts/{open_draft.id}/offline/import"' in show

    response = post_form(client, url, entry())

    assert response.status_code == 302
    feedback = db.session.scalar(select(Feedback))
    assert (feedback.channel, feedback.source_ref, feedback.received_on) == ("letter", "CV 15/UBND", today())
    assert (feedback.article.number, feedback.clause.number, feedback.entered_by_id) == (2, 2, agency_editor.id)
    assert feedback.contact == "Số 1 Lý Thái Tổ, Hà Nội" and feedback.consent_text
    assert feedback.receipt_code in client.get(url).get_data(as_text=True)  # said in the message after saving


def test_a_form_sent_twice_saves_one_opinion(client, db, auth, agency_editor, open_draft):
    auth.login(agency_editor)
    url = f"/agency/drafts/{open_draft.id}/offline/new"
    fields = hidden_fields(client.get(url).get_data(as_text=True))

    first = client.post(url, data={**fields, **entry()})
    second = client.post(url, data={**fields, **entry()})

    assert first.status_code == second.status_code == 302
    assert count(db) == 1


def test_mistakes_in_the_form_keep_what_was_typed(client, db, auth, agency_editor, open_draft):
    auth.login(agency_editor)

    response = post_form(
        client,
        f"/agency/drafts/{open_draft.id}/offline/new",
        entry(received_on="30/02/2026", article="9", author_name=""),
    )
    page = response.get_data(as_text=True)

    assert response.status_code == 422 and count(db) == 0
    assert 'aria-invalid="true"' in page and 'id="received_on-error"' in page and 'id="article-error"' in page
    assert 'id="author_name-error"' in page
    assert "Đề nghị bỏ khoản 2 Điều 2." in page and 'value="CV 15/UBND"' in page and 'value="30/02/2026"' in page


def test_unpublished_draft_sends_back_to_its_page(client, db, auth, agency_editor, agency):
    draft = factories.make_draft(agency, status=DraftStatus.DRAFT)
    db.session.commit()
    auth.login(agency_editor)

    for url in (f"/agency/drafts/{draft.id}/offline/new", f"/agency/drafts/{draft.id}/offline/import"):
        response = client.get(url)
        assert response.status_code == 302 and response.headers["Location"].endswith(f"/agency/drafts/{draft.id}")


def test_only_the_drafts_own_editors_reach_these_pages(client, db, auth, other_editor, citizen, moderator, open_draft):
    urls = [f"/agency/drafts/{open_draft.id}/offline/new", f"/agency/drafts/{open_draft.id}/offline/import"]
    assert all(client.get(url).status_code == 302 for url in urls + ["/agency/offline-template.xlsx"])  # to login

    auth.login(other_editor)
    assert [client.get(url).status_code for url in urls] == [403, 403]
    assert post_form(client, urls[0], entry(), page="/agency/").status_code == 403
    save_url = f"/agency/drafts/{open_draft.id}/offline/imports/1/save"
    assert client.post(save_url, data={"csrf_token": csrf_token(client, "/agency/")}).status_code == 403
    for user in (citizen, moderator):
        auth.logout()
        auth.login(user)
        assert [client.get(url).status_code for url in urls + ["/agency/offline-template.csv"]] == [403, 403, 403]
    assert count(db) == 0


def test_channel_shows_in_the_queue_and_the_csv(client, db, auth, agency_editor, moderator, open_draft):
    auth.login(agency_editor)
    post_form(client, f"/agency/drafts/{open_draft.id}/offline/new", entry())
    factories.make_feedback(open_draft, content="Ý kiến gửi qua cổng.")
    db.session.commit()

    rows = list(
        csv.reader(io.StringIO(client.get(f"/agency/drafts/{open_draft.id}/opinions.csv").data.decode("utf-8-sig")))
    )
    auth.logout()
    auth.login(moderator)
    queue = client.get("/moderation/").get_data(as_text=True)

    letter = next(line for line in rows if "Đề nghị bỏ khoản 2 Điều 2." in line)
    assert today().strftime("%d/%m/%Y") in letter and "CV 15/UBND" in letter
    assert len(rows[0]) == len(letter) == len(rows[2])
    assert "CV 15/UBND" in queue and today().strftime("%d/%m/%Y") in queue
