"""What an open data file holds: approved opinions only, no contact, a name only with consent, answers only once
published, drafts never before publication; CSV with a BOM; a valid Frictionless Data Package."""

import json
import zipfile

import frictionless

from consult.answers.services import answer_feedbacks, publish_answers
from consult.csvfiles import FORMULA_STARTS
from consult.opendata.builds import build_files, draft_path, site_path
from tests.opendata.helpers import csv_rows, json_rows, members

TABLES = ("drafts", "articles", "opinions", "answers", "counts", "poll_results")


def descriptor(path):
    """The file's datapackage.json."""
    return json.loads(members(path)["datapackage.json"])


def as_text(value):
    """A JSON value as its CSV cell reads."""
    return "" if value is None else str(value)


def undefused(cell):
    """A CSV cell without the apostrophe that keeps a spreadsheet from running it as a formula."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in FORMULA_STARTS else cell


def test_a_drafts_file_holds_its_approved_opinions_and_nothing_private(db, consultation):
    build_files()
    path = draft_path(consultation.draft.id)
    raw = b"".join(members(path).values()).decode("utf-8", "replace")

    opinions = {int(row["id"]): row for row in csv_rows(path, "opinions")}
    assert set(opinions) == {consultation.approved.id, consultation.named.id, consultation.organisation.id}
    row = opinions[consultation.approved.id]
    assert row["text"] == consultation.approved.content  # the stored, redacted text
    assert row["proposed_wording"] == consultation.approved.proposed_wording
    assert (row["article_number"], row["clause_number"]) == ("2", "1")
    assert (row["stance"], row["author_kind"], row["locality"], row["locality_name"]) == (
        "support",
        "individual",
        "da-nang",
        "Đà Nẵng",
    )
    assert row["author_name"] == ""  # no consent: no name
    assert opinions[consultation.named.id]["author_name"] == "Lê Văn Công Khai"
    assert opinions[consultation.organisation.id]["author_name"] == "Hiệp hội Bán lẻ"
    for secret in (
        "Trần Thị Kín Tên",
        "bi-mat@example.vn",
        "cho@example.vn",
        "Ý kiến đang chờ kiểm duyệt",
        "Ý kiến bị từ chối",
        consultation.approved.receipt_code,
        consultation.pending.receipt_code,
        "Dự thảo chưa công bố",
        "Ý kiến trên dự thảo chưa công bố",
    ):
        assert secret not in raw, secret
    columns = {
        field["name"]
        for resource in descriptor(path)["resources"]
        for field in resource.get("schema", {}).get("fields", [])
    }
    assert not {"contact", "client_hash", "receipt_code", "flags", "consent_name", "author_email"} & columns


def test_every_table_is_a_csv_with_a_bom_and_the_same_rows_in_json_lines(db, consultation):
    build_files()
    path = site_path()
    names = set(members(path))

    assert names == {f"{table}.{ext}" for table in TABLES for ext in ("csv", "jsonl")} | {"datapackage.json"}
    for table in TABLES:
        as_csv, as_json = csv_rows(path, table), json_rows(path, table)
        assert [list(row) for row in as_json] == [list(row) for row in as_csv]
        assert [{key: as_text(value) for key, value in row.items()} for row in as_json] == [
            {key: undefused(value) for key, value in row.items()} for row in as_csv
        ]
    named = next(row for row in json_rows(path, "opinions") if row["id"] == consultation.named.id)
    assert named["text"] == "=Ý kiến có tên"  # JSON holds the text as stored; the CSV defuses the formula
    assert next(row for row in csv_rows(path, "opinions") if row["id"] == str(consultation.named.id))["text"] == (
        "'=Ý kiến có tên"
    )


def test_the_articles_and_counts_of_a_draft(db, consultation):
    build_files()
    path = draft_path(consultation.draft.id)

    articles = csv_rows(path, "articles")
    assert [(row["number"], row["chapter"], row["approved_opinions"]) for row in articles] == [
        ("1", "Chương I. QUY ĐỊNH CHUNG", "0"),
        ("2", "Chương I. QUY ĐỊNH CHUNG", "1"),
        ("3", "Chương II. TỔ CHỨC THỰC HIỆN", "0"),
    ]
    assert articles[1]["text"].startswith("1. Cơ quan nhà nước.")
    counts = {(row["dimension"], row["value"]): int(row["count"]) for row in csv_rows(path, "counts")}
    assert counts[("stance", "support")] == 2 and counts[("stance", "oppose")] == 1
    assert counts[("author_kind", "organisation")] == 1 and counts[("locality", "da-nang")] == 1
    (draft,) = csv_rows(path, "drafts")
    assert (draft["slug"], draft["status"], draft["approved_opinions"]) == (consultation.draft.slug, "open", "3")
    assert draft["url"] == f"https://gopy.example.vn/drafts/{consultation.draft.slug}"


def test_frictionless_validates_the_data_package(db, consultation, agency_editor, tmp_path):
    answer_feedbacks(agency_editor, consultation.draft, [consultation.approved], "accepted", "Tiếp thu, sửa khoản 1.")
    publish_answers(agency_editor, consultation.draft)
    db.session.commit()
    build_files()
    folder = tmp_path / "extracted"
    with zipfile.ZipFile(site_path()) as package:
        package.extractall(folder)

    report = frictionless.validate(str(folder / "datapackage.json"))

    assert report.valid, report.flatten(["taskNumber", "rowNumber", "fieldName", "type", "note"])
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["licenses"][0]["path"] == "https://creativecommons.org/licenses/by/4.0/"
    tables = [resource for resource in descriptor["resources"] if resource["format"] == "csv"]
    assert [resource["name"] for resource in tables] == list(TABLES)
    for resource in tables:  # the JSON Lines hold the same columns: checked against the CSV's schema
        schema = frictionless.Schema.from_descriptor({**resource["schema"], "foreignKeys": []})
        lines = frictionless.Resource(path=f"{resource['name']}.jsonl", basepath=str(folder), schema=schema)
        if (folder / f"{resource['name']}.jsonl").stat().st_size:
            report = frictionless.validate(lines, skip_errors=["byte-count"])
            assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_answers_are_in_the_files_only_once_published(db, consultation, agency_editor):
    answer_feedbacks(agency_editor, consultation.draft, [consultation.approved], "accepted", "Tiếp thu, sửa khoản 1.")
    db.session.commit()
    build_files()
    assert csv_rows(site_path(), "answers") == []
    assert "Tiếp thu, sửa khoản 1." not in b"".join(members(site_path()).values()).decode()

    publish_answers(agency_editor, consultation.draft)
    db.session.commit()
    written = build_files()

    assert set(written) == {site_path(), draft_path(consultation.draft.id)}  # the changed files only
    for path in written:
        (answer,) = csv_rows(path, "answers")
        assert (answer["opinion_id"], answer["kind"], answer["explanation"]) == (
            str(consultation.approved.id),
            "accepted",
            "Tiếp thu, sửa khoản 1.",
        )
    counts = {(row["dimension"], row["value"]): row["count"] for row in csv_rows(site_path(), "counts")}
    assert counts[("answer", "accepted")] == "1"
