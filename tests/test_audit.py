"""The audit log is append-only: no change or deletion of a row through the app, and acting accounts are kept."""

import ast
from pathlib import Path

import pytest
from sqlalchemy import delete, exc, select, text, update

import consult
from consult.audit import ACTION_LABELS, OBJECT_TYPE_LABELS, AuditLog, AuditLogIsAppendOnly, record
from consult.extensions import db as _db
from tests import factories


@pytest.fixture
def entry(db, admin, agency):
    """One committed audit row by `admin`."""
    row = record(admin, "agency.update", agency, before={"name": "Cũ"}, after={"name": "Mới"})
    db.session.commit()
    return row


def stored(db, entry_id):
    """Read the row again in a fresh session state."""
    db.session.expire_all()
    return db.session.get(AuditLog, entry_id)


def test_a_loaded_row_cannot_be_changed(db, entry):
    entry.after = {"name": "Giả mạo"}
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.commit()
    db.session.rollback()
    assert stored(db, entry.id).after == {"name": "Mới"}


def test_a_loaded_row_cannot_be_deleted(db, entry):
    db.session.delete(entry)
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.commit()
    db.session.rollback()
    assert stored(db, entry.id) is not None


@pytest.mark.parametrize(
    "statement",
    [
        lambda: update(AuditLog).values(action="x"),
        lambda: delete(AuditLog),
        lambda: AuditLog.__table__.update().values(action="x"),
        lambda: AuditLog.__table__.delete(),
    ],
)
def test_update_and_delete_statements_are_refused(db, entry, statement):
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.execute(statement())
    db.session.rollback()
    assert stored(db, entry.id).action == "agency.update"


def test_new_rows_are_still_written(db, admin, agency, entry):
    record(admin, "agency.update", agency, after={"name": "Lần hai"})
    db.session.commit()
    assert db.session.scalar(select(AuditLog.id).order_by(AuditLog.id.desc()).limit(1)) > entry.id


def test_an_account_that_acted_cannot_be_deleted_only_deactivated(db, admin, entry):
    """actor_id is ON DELETE RESTRICT: deleting the actor would otherwise rewrite who did what."""
    with pytest.raises(exc.IntegrityError):
        db.session.execute(text("DELETE FROM user_account WHERE id = :id"), {"id": admin.id})
    db.session.rollback()
    assert stored(db, entry.id).actor_id == admin.id

    admin.active = False
    db.session.commit()
    assert stored(db, entry.id).actor_id == admin.id


def test_an_account_that_never_acted_can_still_be_deleted(db, citizen):
    db.session.execute(text("DELETE FROM user_account WHERE id = :id"), {"id": citizen.id})
    db.session.commit()


def test_postgresql_refuses_raw_sql_too(db, entry):
    """Raw SQL goes around the ORM; on PostgreSQL the trigger still refuses it."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the trigger exists on PostgreSQL only; SQLite relies on the ORM guards")
    for statement in ("UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(exc.DBAPIError, match="append-only"):
            db.session.execute(text(statement))
        db.session.rollback()
    assert stored(db, entry.id).action == "agency.update"


def test_the_factory_helper_writes_through_the_same_rules(db, admin):
    row = factories.make_audit_entry(admin, "draft.update", "draft", 1)
    db.session.commit()
    row.action = "draft.create"
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()


def test_every_action_the_code_records_has_a_label_and_so_does_its_kind_of_object():
    """The audit log shows each action and kind of object in the reader's language: an action the code passes to
    `record` (or to the drafts' `_set_status`, which passes it on) must have its label."""
    position = {"record": 1, "_set_status": 3}  # where the action is among the call's arguments
    recorded = set()
    for path in Path(consult.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = getattr(node, "func", None) and getattr(node.func, "id", getattr(node.func, "attr", None))
            if name in position and len(node.args) > position[name]:
                action = node.args[position[name]]
                if isinstance(action, ast.Constant) and isinstance(action.value, str):
                    recorded.add(action.value)
    tables = {mapper.local_table.name for mapper in _db.Model.registry.mappers}

    assert {"draft.open", "report.requested", "draft.key_points"} <= recorded  # the walk finds them
    assert recorded <= set(ACTION_LABELS), sorted(recorded - set(ACTION_LABELS))
    assert set(OBJECT_TYPE_LABELS) <= tables
    assert {"report_run", "summary_run", "partner_key"} <= set(OBJECT_TYPE_LABELS)
