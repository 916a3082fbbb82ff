"""In a real browser without JavaScript: staff download the template, import opinions gathered offline, type one in.

The pages are used in English here so that the test reads the same before and after the Vietnamese catalog gets
this feature's strings; the file's headers and words are Vietnamese in every language.
"""

from pathlib import Path

from playwright.sync_api import expect
from sqlalchemy import func, select

from consult.feedback.models import Feedback
from tests.browser.test_import_and_versions import login
from tests.offline.files import fill_xlsx, row, today


def count(db):
    return db.session.scalar(select(func.count(Feedback.id)))


def test_editor_imports_a_filled_in_template_then_types_one_opinion(
    live_server, new_page, check_accessibility, db, agency_editor, open_draft, tmp_path
):
    base = live_server
    page = new_page(mobile=False)
    login(page, base, agency_editor)
    page.goto(f"{base}/lang/en?next=/agency/drafts/{open_draft.id}")
    page.get_by_role("link", name="Import opinions gathered offline from a file").click()
    expect(page.get_by_role("heading", name="Import opinions gathered offline")).to_be_visible()
    check_accessibility(page, "offline import page")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the template (XLSX)").click()
    template = Path(download.value.path()).read_bytes()
    wrong, right = tmp_path / "sai.xlsx", tmp_path / "dung.xlsx"
    wrong.write_bytes(fill_xlsx([row(), row(article="42")], template))
    right.write_bytes(fill_xlsx([row(), row(channel="Đường dây nóng", article=None, clause=None)], template))

    page.get_by_label("File of opinions (XLSX or CSV)").set_input_files(str(wrong))
    page.get_by_role("button", name="Check the file").click()
    mistakes = page.get_by_role("table", name="Mistakes by row and column")
    expect(mistakes).to_be_visible()
    assert mistakes.locator("tbody tr").all_inner_texts()[0].split("\t")[:2] == ["3", "Điều"]
    check_accessibility(page, "offline import, mistakes")
    assert count(db) == 0

    page.get_by_label("File of opinions (XLSX or CSV)").set_input_files(str(right))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name="Check the opinions before saving")).to_be_visible()
    check_accessibility(page, "offline import, preview")
    assert count(db) == 0
    page.get_by_role("button", name="Save 2 opinions").click()
    expect(page.get_by_role("status")).to_contain_text("2 opinions saved, waiting for moderation")
    check_accessibility(page, "offline import, saved")
    assert count(db) == 2

    page.get_by_role("link", name="Back to the draft").click()
    page.get_by_role("link", name="Enter an opinion gathered offline").click()
    page.get_by_role("button", name="Save the opinion").click()  # nothing filled in
    expect(page.get_by_role("heading", name="Please correct the following:")).to_be_visible()
    check_accessibility(page, "offline entry form with mistakes")
    page.get_by_label("Channel").select_option("hotline")
    page.get_by_label("Date received (dd/mm/yyyy)").fill(today().strftime("%d/%m/%Y"))
    page.get_by_label("Agree", exact=True).check()
    page.get_by_role("textbox", name="Opinion", exact=True).fill("Người gọi đồng ý với toàn bộ dự thảo.")
    page.get_by_label("Full name or organisation name").fill("Ẩn danh")
    page.get_by_role("button", name="Save the opinion").click()
    expect(page.locator(".flash--success")).to_contain_text(
        db.session.scalars(select(Feedback.receipt_code).order_by(Feedback.id.desc())).first()
    )
    assert count(db) == 3
