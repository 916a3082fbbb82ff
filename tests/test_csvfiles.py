"""The one CSV writer: a BOM first, every cell that a spreadsheet would run as a formula defused, chunks that join
into the whole file."""

import csv
import io

from consult.csvfiles import stream_csv

FORMULAS = ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"]


def test_cells_that_start_a_formula_are_written_as_text():
    text = "".join(stream_csv(["=Title", "Số"], [[value, 7] for value in FORMULAS] + [["a=b", None]]))

    assert text.startswith("\ufeff")
    header, *rows = list(csv.reader(io.StringIO(text[1:], newline="")))
    assert header == ["'=Title", "Số"]
    assert [row[0] for row in rows] == ["'" + value for value in FORMULAS] + ["a=b"]
    assert rows[0][1] == "7" and rows[-1][1] == ""  # numbers as they are, None as nothing


def test_chunks_join_into_the_whole_file():
    rows = [[f"Ý kiến số {number}", number] for number in range(300)]

    chunks = list(stream_csv(["Nội dung", "Số"], rows, chunk_chars=1000))

    assert len(chunks) > 5 and all(len(chunk) < 1100 for chunk in chunks)
    assert "".join(chunks) == "".join(stream_csv(["Nội dung", "Số"], rows))


def test_a_header_alone_is_one_line_after_the_bom():
    assert (
        "".join(stream_csv(["Kênh", "Liên hệ (email, điện thoại)"], []))
        == '\ufeffKênh,"Liên hệ (email, điện thoại)"\r\n'
    )
