"""Control characters (NUL first) and bidirectional overrides never reach the database, and one opinion the
database refuses never fails the others stored with it, nor puts their contacts in a log.

A security test of 04/12/2026 sent `%00` in an opinion: PostgreSQL refused the whole batch of the form's writer
(11 of 60 ordinary opinions sent alongside failed), and the error log held the batch's parameters.
"""

import logging
import threading

from sqlalchemy import select

from consult.drafts.structure import parse_structure
from consult.feedback.models import Feedback
from consult.feedback.store import opinion_row
from consult.feedback.writer import opinion_writer
from tests.conftest import post_form
from tests.feedback.test_views import valid_form
from tests.feedback.test_writer import database_write_locked, stored, wait_until
from tests.offline.files import csv_text, row
from tests.offline.test_services import run_import

HIDDEN = "\x00\x01\x1b\x7f\x85\u202e\u2066\u200f"  # NUL, SOH, ESC, DEL, NEL, RLO, LRI, RLM


def test_an_opinion_sent_with_nul_and_overrides_is_stored_without_them(client, db, open_draft):
    response = post_form(
        client,
        f"/drafts/{open_draft.slug}/feedback",
        valid_form(
            content=f"Đề nghị giữ{HIDDEN} lại vỉa hè\r\ncho người\tđi bộ.",
            author_name="Lê\x00 Thị\u202e Hoa",
            contact="hoa.le@example.vn\x00",
            proposed_wording="\x00",
        ),
    )

    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    opinion = db.session.scalar(select(Feedback))
    assert opinion.content == "Đề nghị giữ lại vỉa hè\ncho người đi bộ."
    assert (opinion.author_name, opinion.contact, opinion.proposed_wording) == ("Lê Thị Hoa", "hoa.le@example.vn", "")


def test_control_characters_in_the_query_string_are_dropped_too(client, db, open_draft):
    response = client.get("/search", query_string={"q": "vỉa\x00 hè\u202e"})

    assert response.status_code == 200
    assert "\x00" not in response.get_data(as_text=True) and "\u202e" not in response.get_data(as_text=True)


def test_an_offline_file_with_control_characters_is_stored_without_them(runner, db, tmp_path, open_draft):
    rows = [row(content=f"Phí quá cao{HIDDEN[1:]}, đề nghị giảm.", author_name="Hội\x1b Doanh nghiệp")]

    result = run_import(runner, tmp_path, csv_text(rows), open_draft, name="y-kien.csv")

    assert result.exit_code == 0, result.output
    opinion = db.session.scalar(select(Feedback))
    assert (opinion.content, opinion.author_name) == ("Phí quá cao, đề nghị giảm.", "Hội Doanh nghiệp")


def test_a_csv_holding_nul_bytes_is_refused_as_not_text(runner, db, tmp_path, open_draft):
    result = run_import(runner, tmp_path, csv_text([row(content="Phí\x00 cao.")]), open_draft, name="y-kien.csv")

    assert result.exit_code == 1 and "không phải bảng tính Excel (.xlsx) cũng không phải tệp CSV" in result.output
    assert db.session.scalar(select(Feedback)) is None


def test_an_imported_draft_loses_its_control_characters():
    document = parse_structure(f"Điều 1.\x00 Phạm vi{HIDDEN}\n1. Quy định\x0b về vỉa hè.")

    article = document.articles[0]
    assert article.title == "Phạm vi" and article.clauses[0].text == "Quy định về vỉa hè."


def test_an_opinion_the_database_refuses_fails_alone_and_no_contact_reaches_the_logs(app, db, open_draft, caplog):
    """A row that bypassed cleaning (a NUL PostgreSQL refuses; on SQLite, a missing stance) in a batch of ten."""
    contacts = [f"nguoi{number}@example.vn" for number in range(10)]
    rows = [
        opinion_row(
            open_draft,
            {
                "stance": "support",
                "content": f"Ý kiến số {number} về vỉa hè của phường.",
                "author_name": f"Người dân {number}",
                "author_kind": "individual",
                "locality": "ha-noi",
                "contact": contacts[number],
            },
            submission_id=f"form-{number}",
        )
        for number in range(10)
    ]
    bad = rows[4]
    bad["content"] = "Ý kiến\x00 có NUL."  # as a path that skipped opinion_row's cleaning would send it
    if db.engine.dialect.name == "sqlite":  # SQLite stores NUL: make the database refuse the row another way
        bad["stance"] = None
    answers, writer = {}, opinion_writer()

    def send(index):
        try:
            answers[index] = writer.store(rows[index])
        except Exception as error:  # noqa: BLE001 - the test looks at it
            answers[index] = error

    caplog.set_level(logging.DEBUG)
    threads = [threading.Thread(target=send, args=(index,)) for index in range(10)]
    batches = writer.batches
    with database_write_locked(app):  # the nine after the first wait together, and make one batch
        threads[0].start()
        wait_until(lambda: writer.batches == batches + 1)
        for thread in threads[1:]:
            thread.start()
        wait_until(lambda: writer.waiting.qsize() == 9)
    for thread in threads:
        thread.join(timeout=60)

    assert isinstance(answers[4], Exception)
    assert all(answers[index].new for index in range(10) if index != 4)
    assert sorted(item.submission_id for item in stored(db)) == sorted(f"form-{n}" for n in range(10) if n != 4)
    logged = "\n".join(record.getMessage() + (record.exc_text or "") for record in caplog.records)
    assert "one at a time" in logged  # the batch failed, and was stored again opinion by opinion
    assert not [contact for contact in contacts if contact in logged]
