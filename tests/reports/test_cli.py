"""`flask reports build`: a file from the command line, clear errors on bad input."""

import csv


def test_build_csv_with_contacts_by_slug(runner, dataset, tmp_path):
    """The agency's CSV with contacts, the draft named by its slug."""
    out = tmp_path / "y-kien.csv"
    result = runner.invoke(
        args=["reports", "build", dataset.draft.slug, "--format", "csv", "-o", str(out), "--with-contacts"]
    )
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert len(rows) == 9 and any("lead@example.vn" in row for row in rows)


def test_build_public_docx_by_id(runner, dataset, tmp_path):
    """The public version, the draft named by its id."""
    out = tmp_path / "bao-cao.docx"
    result = runner.invoke(
        args=["reports", "build", str(dataset.draft.id), "--format", "docx", "-o", str(out), "--public"]
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:2] == b"PK"


def test_bad_input_exits_non_zero_with_a_message(runner, open_draft, tmp_path):
    """Unknown draft, unknown format, missing folder, contacts in a public file."""
    out = str(tmp_path / "x.docx")
    result = runner.invoke(args=["reports", "build", "khong-co", "--format", "docx", "-o", out])
    assert result.exit_code != 0 and "No draft with slug or id 'khong-co'" in result.output
    result = runner.invoke(args=["reports", "build", open_draft.slug, "--format", "odt", "-o", out])
    assert result.exit_code != 0 and "odt" in result.output
    result = runner.invoke(
        args=["reports", "build", open_draft.slug, "--format", "docx", "-o", str(tmp_path / "nope" / "x.docx")]
    )
    assert result.exit_code != 0 and "does not exist" in result.output
    result = runner.invoke(
        args=["reports", "build", open_draft.slug, "--format", "csv", "-o", out, "--public", "--with-contacts"]
    )
    assert result.exit_code != 0 and "--with-contacts" in result.output
