"""The open data page lists the files, with their size, time and licence, and sends them from disk: conditional,
ranges, never a draft before its publication."""

from datetime import UTC, datetime

from consult.i18n import format_datetime_local
from consult.moderation.services import approve_feedback
from consult.opendata.builds import build_files, draft_path
from tests.opendata.helpers import csv_rows

SITE_URL = "/open-data/consult-open-data.zip"


def test_the_page_lists_the_files_with_their_size_time_and_licence(client, consultation):
    build_files()

    page = client.get("/open-data")
    html = page.get_data(as_text=True)

    assert page.status_code == 200
    assert SITE_URL in html and f"/open-data/drafts/{consultation.draft.slug}.zip" in html
    assert "https://creativecommons.org/licenses/by/4.0/" in html and 'rel="license"' in html
    assert consultation.draft.title in html and "KB" in html
    assert "opinions.csv" in html and "datapackage.json" in html
    assert "Dự thảo chưa công bố" not in html and consultation.unpublished.slug not in html
    assert "<script" not in html


def test_the_time_a_file_was_built_is_shown_in_viet_nam(client, consultation):
    build_files()
    built = draft_path(consultation.draft.id).stat().st_mtime

    assert format_datetime_local(datetime.fromtimestamp(built, UTC)) in client.get("/open-data").get_data(as_text=True)


def test_before_a_file_is_built_the_page_says_so_and_the_download_is_404(client, consultation):
    html = client.get("/open-data").get_data(as_text=True)

    assert SITE_URL not in html and f"/open-data/drafts/{consultation.draft.slug}.zip" not in html
    assert consultation.draft.title in html  # listed, its file still being prepared
    assert client.get(SITE_URL).status_code == 404
    assert client.get(f"/open-data/drafts/{consultation.draft.slug}.zip").status_code == 404


def test_a_file_is_sent_with_its_type_and_validators_and_304_when_unchanged(client, consultation, tmp_path):
    build_files()

    response = client.get(SITE_URL)
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Last-Modified"] and response.headers["Accept-Ranges"] == "bytes"
    saved = tmp_path / "downloaded.zip"
    saved.write_bytes(response.get_data())
    assert int(response.headers["Content-Length"]) == saved.stat().st_size
    assert {row["slug"] for row in csv_rows(saved, "drafts")} == {consultation.draft.slug}
    response.close()

    again = client.get(SITE_URL, headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and again.get_data() == b""
    again.close()
    since = client.get(SITE_URL, headers={"If-Modified-Since": response.headers["Last-Modified"]})
    assert since.status_code == 304
    since.close()
    part = client.get(SITE_URL, headers={"Range": "bytes=0-3"})
    assert part.status_code == 206 and part.get_data() == b"PK\x03\x04"
    part.close()


def test_a_drafts_file_is_sent_and_a_draft_not_published_has_none(client, consultation):
    build_files()
    draft_path(consultation.unpublished.id).write_bytes(b"PK left over")  # whatever the folder may hold

    response = client.get(f"/open-data/drafts/{consultation.draft.slug}.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert response.get_data().startswith(b"PK")
    response.close()
    assert client.get(f"/open-data/drafts/{consultation.unpublished.slug}.zip").status_code == 404
    assert client.get("/open-data/drafts/no-such-draft.zip").status_code == 404


def test_a_rebuild_changes_the_validators(client, db, consultation, moderator):
    build_files()
    first = client.get(SITE_URL)
    first.close()
    approve_feedback(moderator, consultation.pending)
    db.session.commit()
    build_files()

    second = client.get(SITE_URL, headers={"If-None-Match": first.headers["ETag"]})
    assert second.status_code == 200 and second.headers["ETag"] != first.headers["ETag"]
    second.close()
