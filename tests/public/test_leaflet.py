"""A draft's leaflet to print: a one-page PDF (A4, A5) whose QR code, read back from the rendered page by zbar,
leads to the draft's page, with the title, window, key points, a short address that leads there too and where to
send an opinion on paper."""

import os
import shutil
import subprocess

import pytest

from consult.drafts.keypoints import WHOLE_DRAFT, set_key_points
from consult.drafts.models import DraftStatus
from tests import factories
from tests.public.test_page_cache import anonymous

TOOLS = ("pdftoppm", "pdftotext", "zbarimg")  # Debian's poppler-utils and zbar-tools


@pytest.fixture
def pdf_tools():
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        reason = f"{', '.join(missing)} not installed (apt-get install poppler-utils zbar-tools)"
        if os.environ.get("CI"):
            pytest.fail(f"leaflet tests cannot run in CI: {reason}")
        pytest.skip(reason)


def read_back(pdf, tmp_path):
    """Return (the PDF's text, the QR codes zbar finds on its first page rendered at 150 dpi, its page count)."""
    path = tmp_path / "leaflet.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", str(path), str(tmp_path / "page")], check=True
    )
    image = next(tmp_path.glob("page*.png"))
    codes = subprocess.run(["zbarimg", "--raw", "-q", str(image)], capture_output=True, text=True).stdout.split()
    pages = text.count("\f")
    return text, codes, pages


@pytest.mark.parametrize("size", ["a4", "a5"])
def test_the_leaflet_leads_to_the_draft_by_its_qr_code_and_its_short_address(
    app, db, agency_editor, open_draft, pdf_tools, tmp_path, size
):
    set_key_points(agency_editor, open_draft, {WHOLE_DRAFT: "- Hộ kinh doanh phải **có giấy phép**."})
    open_draft.contact = "Phòng Quản lý đô thị, 12 Lê Lai"
    db.session.commit()
    base = app.config["PUBLIC_BASE_URL"].rstrip("/")

    response = anonymous(app).get(f"/drafts/{open_draft.slug}/leaflet.pdf?size={size}")
    text, codes, pages = read_back(response.get_data(), tmp_path)
    short = anonymous(app).get(f"/d/{open_draft.id}")

    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert codes == [f"{base}/drafts/{open_draft.slug}"]
    assert pages == 1
    flat = " ".join(text.split())
    assert "LẤY Ý KIẾN NHÂN DÂN VỀ DỰ THẢO" in flat and open_draft.agency.name.upper() in flat
    assert "• Hộ kinh doanh phải có giấy phép." in flat and "**" not in flat
    assert f"{base}/d/{open_draft.id}" in flat and "Phòng Quản lý đô thị, 12 Lê Lai" in flat
    assert short.status_code == 301 and short.headers["Location"].endswith(f"/drafts/{open_draft.slug}")


def test_an_unchanged_leaflet_is_made_once_and_answered_304(app, db, open_draft, monkeypatch):
    from consult.public import views

    made = []
    monkeypatch.setattr(views, "leaflet_pdf", lambda *args: made.append(args) or b"%PDF-1.4 made")
    url = f"/drafts/{open_draft.slug}/leaflet.pdf"
    first = anonymous(app).get(url)
    again = anonymous(app, if_none_match=first.headers["ETag"]).get(url)
    open_draft.title = "Dự thảo đã đổi tên"
    db.session.commit()
    renamed = anonymous(app).get(url)

    assert again.status_code == 304
    assert renamed.status_code == 200 and len(made) == 2


def test_unknown_sizes_and_unpublished_drafts_have_no_leaflet(app, db, agency, open_draft):
    unpublished = factories.make_draft(agency, status=DraftStatus.DRAFT)
    db.session.commit()

    assert anonymous(app).get(f"/drafts/{open_draft.slug}/leaflet.pdf?size=a3").status_code == 404
    assert anonymous(app).get(f"/drafts/{unpublished.slug}/leaflet.pdf").status_code == 404
    assert anonymous(app).get(f"/d/{unpublished.id}").status_code == 404
    assert anonymous(app).get("/d/999999").status_code == 404
