"""Opinions gathered offline: the template round trip, every rule by row and column, all-or-nothing, counted once."""

import io
import re
from datetime import datetime, timedelta

import openpyxl
import pytest
from sqlalchemy import func, select

from consult.audit import AuditLog
from consult.database import utcnow
from consult.drafts.models import DraftStatus
from consult.feedback.models import Feedback, FeedbackStatus
from consult.feedback.store import opinion_row, store_opinions
from consult.i18n import LOCAL_TZ
from consult.offline.services import (
    OfflineEntryClosed,
    OfflineFileError,
    OfflineValuesInvalid,
    enter_offline_feedback,
    import_offline,
    read_offline_file,
    validate_rows,
)
from consult.offline.template import template_csv, template_xlsx
from tests import factories
from tests.offline.files import cp1258, csv_text, days_ago, fill_xlsx, row, today
from tests.test_migrations import empty_database_url  # noqa: F401  (fixture)


def count(db):
    return db.session.scalar(select(func.count(Feedback.id)))


def run_import(runner, tmp_path, data, draft, *options, name="y-kien.xlsx"):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return runner.invoke(args=["feedback", "import", str(path), "--draft", draft.slug, *options])


def test_template_round_trip_through_the_cli(runner, db, tmp_path, agency_editor, open_draft):
    template = tmp_path / "mau.xlsx"
    assert runner.invoke(args=["feedback", "template", "-o", str(template)]).exit_code == 0
    sheets = openpyxl.load_workbook(template).sheetnames
    assert sheets == ["Ý kiến", "Hướng dẫn", "Danh mục"]
    noon = datetime.combine(today(), datetime.min.time())
    data = fill_xlsx(
        [
            row(
                received_on=noon, article=2, clause=1, stance="khong dong y", locality="Ha Noi"
            ),  # an Excel date and number
            row(
                channel="Đường dây nóng",
                article=None,
                clause=None,
                stance="ĐỒNG Ý",
                author_name="ẩn danh",
                author_kind=None,
                locality="TP. Hồ Chí Minh",
                contact=None,
                source_ref=None,
                content="Nhất trí.",
            ),
            row(
                channel="letter",
                article="Điều 3",
                clause=None,
                stance="Ý kiến khác",
                locality=None,
                author_name="Trần Văn Bình",
                author_kind="Cá nhân",
                content="Đề nghị lùi hiệu lực thi hành.",
            ),
        ],
        template.read_bytes(),
    )

    result = run_import(runner, tmp_path, data, open_draft, "--as", agency_editor.email)

    assert result.exit_code == 0, result.output
    opinions = db.session.scalars(select(Feedback).order_by(Feedback.id)).all()
    assert [(f.channel, f.stance, f.locality) for f in opinions] == [
        ("meeting", "oppose", "ha-noi"),
        ("hotline", "support", "ho-chi-minh"),
        ("letter", "other", "unknown"),
    ]
    meeting, call, letter = opinions
    assert (meeting.article.number, meeting.clause.number) == (2, 1)
    assert call.article is None and letter.article.number == 3 and letter.clause is None
    assert all(f.status == FeedbackStatus.PENDING and f.received_on == today() for f in opinions)
    assert all(f.entered_by_id == agency_editor.id and f.receipt_code and f.consent_text for f in opinions)
    assert meeting.source_ref == "BB-12/2026" and meeting.contact == "0912 345 678"
    assert meeting.author_kind == "organisation" and meeting.public_author == "Hội Doanh nghiệp phường Cửa Nam"
    assert call.author_name == "Ẩn danh" and call.contact == "" and call.public_author is None
    assert letter.public_author is None  # an individual's name is not published without their consent
    audit = db.session.scalar(select(AuditLog).where(AuditLog.action == "feedback.import_offline"))
    assert audit.actor_id == agency_editor.id and audit.after["saved"] == 3 and audit.after["file"] == "y-kien.xlsx"


RULES = [  # (changes to the second row, column named in the error)
    ({"channel": None}, "Kênh"),
    ({"channel": "fax"}, "Kênh"),
    ({"channel": "web"}, "Kênh"),  # online opinions come through the form, not through staff
    ({"received_on": None}, "Ngày nhận"),
    ({"received_on": "31/02/2026"}, "Ngày nhận"),
    ({"received_on": "hôm qua"}, "Ngày nhận"),
    # Dates are worked out when the test runs (a callable), not when the tests are collected: a run that crosses
    # midnight in Viet Nam would otherwise send "tomorrow" as today.
    ({"received_on": lambda: days_ago(-1)}, "Ngày nhận"),  # in the future
    ({"received_on": lambda: days_ago(40)}, "Ngày nhận"),  # before the consultation opened
    ({"source_ref": "x" * 256}, "Số/ký hiệu nguồn"),
    ({"article": "năm"}, "Điều"),
    ({"article": "99"}, "Điều"),
    ({"article": "2", "clause": "9"}, "Khoản"),
    ({"article": None, "clause": "1"}, "Khoản"),
    ({"stance": None}, "Quan điểm"),
    ({"stance": "có lẽ"}, "Quan điểm"),
    ({"content": "   "}, "Nội dung góp ý"),
    ({"content": "ý " * 6000}, "Nội dung góp ý"),
    ({"author_name": None}, "Họ tên / tổ chức"),
    ({"author_name": "Ẩn danh", "author_kind": "Tổ chức"}, "Họ tên / tổ chức"),
    ({"author_kind": "robot"}, "Loại chủ thể"),
    ({"locality": "Gotham"}, "Tỉnh/thành phố"),
    ({"contact": "0" * 300}, "Liên hệ"),
]


@pytest.mark.parametrize(("changes", "column"), RULES, ids=[f"{c}" for _, c in RULES])
def test_each_rule_names_the_row_and_column_and_nothing_is_saved(runner, db, tmp_path, open_draft, changes, column):
    changes = {key: value() if callable(value) else value for key, value in changes.items()}
    data = csv_text([row(), row(**changes), row(content="Một ý kiến đúng nữa.")])

    result = run_import(runner, tmp_path, data, open_draft, name="y-kien.csv")

    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if "“" in line]
    assert len(lines) == 1 and re.search(rf"\b3\b.*“{re.escape(column)}”", lines[0]), result.stderr
    assert count(db) == 0


def test_a_day_that_does_not_exist_is_named_as_such(db, open_draft):
    rows = [
        (2, row(received_on="31/02/2026")),
        (3, row(received_on="2026-02-30")),
        (4, row(received_on="hôm qua")),
        (5, row(received_on="1/1/202")),
    ]

    _clean, errors = validate_rows(open_draft, rows)

    assert [message for _number, _column, message in errors] == [
        "Không có ngày 31/02/2026 trên lịch: hãy kiểm tra lại ngày và tháng.",
        "Không có ngày 2026-02-30 trên lịch: hãy kiểm tra lại ngày và tháng.",
        "Nhập ngày theo dạng ngày/tháng/năm (dd/mm/yyyy), ví dụ 31/12/2026.",
        "Nhập ngày theo dạng ngày/tháng/năm (dd/mm/yyyy), ví dụ 31/12/2026.",
    ]


def test_every_mistake_is_listed_not_only_the_first(db, open_draft):
    rows = [(2, row(channel="fax", stance="?")), (3, row()), (4, row(received_on="x", locality="Gotham"))]

    clean, errors = validate_rows(open_draft, rows)

    assert [(number, column) for number, column, _message in errors] == [
        (2, "Kênh"),
        (2, "Quan điểm"),
        (4, "Ngày nhận"),
        (4, "Tỉnh/thành phố"),
    ]
    assert [item.number for item in clean] == [3]


def test_late_letters_count_up_to_the_last_day_only(runner, db, tmp_path, agency):
    now = utcnow()
    draft = factories.make_draft(agency, opens_at=now - timedelta(days=30), closes_at=now - timedelta(days=5))
    draft.status = DraftStatus.CLOSED
    db.session.commit()
    last = draft.last_day_at.astimezone(LOCAL_TZ).date()
    last_day, day_after = last.strftime("%d/%m/%Y"), (last + timedelta(days=1)).strftime("%d/%m/%Y")

    on_time = run_import(
        runner, tmp_path, csv_text([row(channel="Văn bản, thư", received_on=last_day)]), draft, name="a.csv"
    )
    late = run_import(
        runner, tmp_path, csv_text([row(channel="Văn bản, thư", received_on=day_after)]), draft, name="b.csv"
    )

    assert on_time.exit_code == 0, on_time.output
    assert late.exit_code == 1 and "“Ngày nhận”" in late.stderr and last_day in late.stderr
    assert count(db) == 1


def test_unpublished_draft_takes_no_offline_opinions(runner, db, tmp_path, agency):
    draft = factories.make_draft(agency, status=DraftStatus.DRAFT)
    db.session.commit()

    result = run_import(runner, tmp_path, csv_text([row()]), draft, name="a.csv")

    assert result.exit_code == 1 and count(db) == 0
    with pytest.raises(OfflineEntryClosed):
        validate_rows(draft, [(2, row())])


def test_valid_file_saves_every_row_pending_with_flags(runner, db, tmp_path, open_draft):
    store_opinions(
        [
            opinion_row(
                open_draft,
                {
                    "stance": "support",
                    "content": "Đề nghị giữ nguyên Điều 2.",
                    "author_name": "An",
                    "author_kind": "individual",
                    "locality": "ha-noi",
                    "contact": "an@example.vn",
                },
                article_id=open_draft.articles[1].id,  # copies are copies on the same article (consult.grouping)
            )
        ]
    )
    db.session.commit()
    rows = [
        row(content="Đề nghị giữ nguyên Điều 2."),  # the same text as an opinion sent online on Article 2
        row(content="Xem thêm tại vaytiennhanh.vn, gọi 0912 345 678"),
        row(content="Phí quá cao, đề nghị giảm."),
        row(content="Phí quá cao, đề nghị giảm!", author_name="Nguyễn Văn An", author_kind="Cá nhân"),
    ]

    result = run_import(runner, tmp_path, fill_xlsx(rows), open_draft)

    assert result.exit_code == 0, result.output
    web, same_as_web, spam, first, copy = db.session.scalars(select(Feedback).order_by(Feedback.id)).all()
    assert all(f.status == FeedbackStatus.PENDING for f in (same_as_web, spam, first, copy))
    assert {"code": "duplicate", "detail": web.receipt_code} in same_as_web.flags
    assert {"links", "contact_in_text"} <= {flag["code"] for flag in spam.flags}
    assert {"code": "duplicate", "detail": first.receipt_code} in copy.flags  # a copy within the same file
    assert len({f.receipt_code for f in (web, same_as_web, spam, first, copy)}) == 5


def test_the_same_rows_imported_twice_are_saved_once(runner, db, tmp_path, open_draft):
    twins = row(channel="Đường dây nóng", author_name="Ẩn danh", author_kind=None, content="Đồng ý.", source_ref="")
    rows = [row(), twins, twins]  # two callers saying the same thing are two opinions
    data = fill_xlsx(rows)

    first = run_import(runner, tmp_path, data, open_draft)
    again = run_import(runner, tmp_path, data, open_draft)
    extended = run_import(
        runner, tmp_path, fill_xlsx([row(content="Ý kiến mới thêm vào cuối tệp.")] + rows), open_draft
    )

    assert first.exit_code == again.exit_code == extended.exit_code == 0
    assert re.search(r"\b3\b", first.output) and re.search(r"\b0\b.*\b3\b", again.output)
    assert count(db) == 4  # the extended copy of the file added only its new row
    assert db.session.scalar(select(func.count(Feedback.id)).where(Feedback.content == "Đồng ý.")) == 2


def test_dry_run_checks_and_saves_nothing(runner, db, tmp_path, open_draft):
    result = run_import(runner, tmp_path, fill_xlsx([row(), row(content="Khác.")]), open_draft, "--dry-run")

    assert result.exit_code == 0 and re.search(r"\b2\b", result.output)
    assert count(db) == 0


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "utf-16", "cp1258"])
def test_csv_in_the_encodings_windows_programs_write(db, open_draft, encoding):
    text = csv_text(
        [row(locality="Thừa Thiên Huế", content="Đề nghị làm rõ khái niệm “vỉa hè” ở Điều 1.")],
        delimiter=";" if encoding == "cp1258" else ",",
    )
    data = cp1258(text) if encoding == "cp1258" else text.encode(encoding)

    clean, errors = validate_rows(open_draft, read_offline_file(io.BytesIO(data)))

    assert errors == []
    assert clean[0].values["content"] == "Đề nghị làm rõ khái niệm “vỉa hè” ở Điều 1."
    assert (clean[0].values["locality"], clean[0].values["author_kind"]) == ("hue", "organisation")


def test_the_csv_template_is_utf8_with_bom_and_reads_back(db, open_draft):
    data = template_csv() + csv_text([row()]).split("\n", 1)[1].encode("utf-8")

    clean, errors = validate_rows(open_draft, read_offline_file(io.BytesIO(data)))

    assert template_csv().startswith(b"\xef\xbb\xbfK\xc3\xaanh,")
    assert errors == [] and len(clean) == 1
    assert clean[0].values["contact"] == "0912 345 678"  # the last header holds commas and is quoted


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7 ...",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
        b"",
        "Tên,Tuổi\nAn,30\n".encode(),  # a spreadsheet, but not this template: its required columns are missing
    ],
    ids=["pdf", "xls", "empty", "other-columns"],
)
def test_other_files_are_refused_with_a_message(runner, db, tmp_path, open_draft, data):
    with pytest.raises(OfflineFileError) as refused:
        validate_rows(open_draft, read_offline_file(io.BytesIO(data)))

    assert str(refused.value.message)
    result = run_import(runner, tmp_path, data, open_draft, name="file.bin")
    assert result.exit_code == 1 and count(db) == 0


def test_missing_columns_are_named(db, open_draft):
    with pytest.raises(OfflineFileError) as refused:
        read_offline_file(io.BytesIO("STT,Kênh,Nội dung góp ý\n1,Thư,Đồng ý\n".encode()))

    assert [column for _row, column, _message in refused.value.errors] == ["Ngày nhận", "Quan điểm", "Họ tên / tổ chức"]


def test_header_only_file_is_refused(db, open_draft):
    with pytest.raises(OfflineFileError):
        validate_rows(open_draft, read_offline_file(io.BytesIO(template_xlsx())))


def test_staff_enter_one_opinion(db, agency_editor, open_draft):
    values = {
        "channel": "mass_organisation",
        "received_on": today().strftime("%d/%m/%Y"),
        "article": "1",
        "stance": "support",
        "content": "Hội Nông dân xã đồng ý.",
        "author_name": "Hội Nông dân xã An Phú",
        "author_kind": "organisation",
        "locality": "an-giang",
    }

    feedback = enter_offline_feedback(agency_editor, open_draft, values, submission_id="abc")
    db.session.commit()

    assert (feedback.channel, feedback.status, feedback.entered_by_id) == (
        "mass_organisation",
        "pending",
        agency_editor.id,
    )
    assert feedback.article.number == 1 and feedback.locality == "an-giang" and feedback.submission_id == "abc"
    with pytest.raises(OfflineValuesInvalid) as refused:
        enter_offline_feedback(agency_editor, open_draft, dict(values, stance="", article="42"))
    assert {key for key, _message in refused.value.errors} == {"stance", "article"}


def test_import_saves_in_batches(db, open_draft):
    rows = [(number, row(content=f"Ý kiến số {number}.")) for number in range(2, 25)]
    clean, errors = validate_rows(open_draft, rows)

    saved, skipped = import_offline(None, open_draft, clean, batch_size=5)
    db.session.commit()

    assert (saved, skipped, errors) == (23, 0, [])
    assert import_offline(None, open_draft, clean, batch_size=7) == (0, 23)
    assert count(db) == 23


def test_opinions_stored_before_the_migration_are_online_ones(empty_database_url):
    """Migration 0012 marks every earlier opinion as sent through the online form, and downgrades cleanly."""
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import inspect, text

    from consult import create_app
    from consult.extensions import db as database
    from tests.conftest import _testing_config

    app = create_app(_testing_config(empty_database_url))
    with app.app_context():
        upgrade(revision="0008")
        with database.engine.begin() as connection:
            for statement in (
                "INSERT INTO agency (id, slug, name, kind) VALUES (1, 'so', 'Sở', 'department')",
                "INSERT INTO draft (id, slug, agency_id, title, summary, doc_type, field, contact, status, opens_at, "
                "closes_at, created_at, updated_at) VALUES (1, 'd', 1, 'Dự thảo', '', 'law', '', '', 'open', "
                "'2026-01-01', '2027-01-01', '2026-01-01', '2026-01-01')",
                "INSERT INTO draft_version (id, draft_id, number, preamble, closing, note, created_at) "
                "VALUES (1, 1, 1, '', '', '', '2026-01-01')",
                "INSERT INTO feedback (id, receipt_code, draft_id, version_id, stance, content, proposed_wording, "
                "author_name, author_kind, locality, locality_detail, contact, consent_name, status, created_at) VALUES "
                "(1, 'AAAA-BBBB', 1, 1, 'support', 'Đồng ý', '', 'An', 'individual', 'ha-noi', '', '', false, "
                "'approved', '2026-01-02')",
            ):
                connection.execute(text(statement))

        upgrade()

        with database.engine.connect() as connection:
            assert connection.execute(
                text("SELECT channel, received_on, source_ref, entered_by_id FROM feedback")
            ).one() == ("web", None, "", None)
        downgrade(revision="0008")
        assert "channel" not in {column["name"] for column in inspect(database.engine).get_columns("feedback")}
        database.engine.dispose()
