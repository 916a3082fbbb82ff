"""In a real browser without JavaScript: the editor attaches a file, a citizen downloads it; both pages pass axe."""

import shutil
from pathlib import Path

import pytest

import config
from tests import factories
from tests.attachments import samples


@pytest.fixture
def served_files():
    """The folder the live server stores attachments in (TestingConfig's, under the temp dir), emptied afterwards."""
    folder = Path(config.TestingConfig().ATTACHMENT_DIR)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_editor_attaches_a_file_and_a_citizen_downloads_it(
    live_server, new_page, check_accessibility, served_files, open_draft, agency_editor, tmp_path
):
    source = tmp_path / "Dự thảo Đề án.pdf"
    source.write_bytes(samples.PDF)
    editor = new_page(mobile=False)
    editor.goto(f"{live_server}/auth/login")
    editor.get_by_label("Email").fill(agency_editor.email)
    editor.locator("input[name=password]").fill(factories.PASSWORD)
    editor.get_by_role("button", name="Đăng nhập").click()

    editor.goto(f"{live_server}/agency/drafts/{open_draft.id}")
    check_accessibility(editor, "agency draft page without files")
    upload_form = editor.locator("form[enctype='multipart/form-data']")
    upload_form.locator("#file").set_input_files(str(source))
    upload_form.locator("#kind").select_option("original")
    upload_form.locator("button[type=submit]").click()
    assert editor.locator(".flash--success").is_visible()
    assert editor.get_by_role("link", name="Dự thảo Đề án.pdf").is_visible()
    check_accessibility(editor, "agency draft page with a file")

    citizen = new_page()
    citizen.goto(f"{live_server}/drafts/{open_draft.slug}")
    check_accessibility(citizen, "draft page with a file")
    with citizen.expect_download() as download_info:
        citizen.get_by_role("link", name="Dự thảo Đề án.pdf").click()
    download = download_info.value

    assert download.suggested_filename == "Dự thảo Đề án.pdf"
    assert Path(download.path()).read_bytes() == samples.PDF
    assert len(list(served_files.iterdir())) == 1  # stored by the live server, outside static/
