"""Audit log: indexes for newest-first keyset pages under each filter, actors kept (ON DELETE RESTRICT), and on
PostgreSQL a trigger that refuses UPDATE and DELETE of audit rows.

Revision ID: 0016
Revises: 0015
"""
from alembic import op
import sqlalchemy as sa


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

NEW_INDEXES = {
    'ix_audit_log_created_id': ['created_at', 'id'],
    'ix_audit_log_actor_created_id': ['actor_id', 'created_at', 'id'],
    'ix_audit_log_action_created_id': ['action', 'created_at', 'id'],
    'ix_audit_log_object_created_id': ['object_type', 'object_id', 'created_at', 'id'],
}
NEW_INDEX_OPTIONS = {
    # Also serves `action LIKE 'feedback.%'` on PostgreSQL under any collation.
    'ix_audit_log_action_created_id': {'postgresql_ops': {'action': 'varchar_pattern_ops'}},
}
OLD_INDEXES = {
    'ix_audit_log_action': ['action'],
    'ix_audit_log_actor_id': ['actor_id'],
    'ix_audit_log_created_at': ['created_at'],
}
FOREIGN_KEY = 'fk_audit_log_actor_id_user_account'

# TRUNCATE (used by test set-ups, and by a DBA on purpose) is not a row operation and is not refused.
CREATE_TRIGGER = """
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
"""
DROP_TRIGGER = """
DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log;
DROP FUNCTION IF EXISTS audit_log_append_only();
"""


def _is_postgresql():
    return op.get_bind().dialect.name == 'postgresql'


def upgrade():
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        for name in OLD_INDEXES:
            batch_op.drop_index(name)
        batch_op.drop_constraint(FOREIGN_KEY, type_='foreignkey')
        batch_op.create_foreign_key(FOREIGN_KEY, 'user_account', ['actor_id'], ['id'], ondelete='RESTRICT')
        for name, columns in NEW_INDEXES.items():
            batch_op.create_index(name, columns, unique=False, **NEW_INDEX_OPTIONS.get(name, {}))
    if _is_postgresql():
        op.execute(CREATE_TRIGGER)


def downgrade():
    if _is_postgresql():
        op.execute(DROP_TRIGGER)
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        for name in NEW_INDEXES:
            batch_op.drop_index(name)
        batch_op.drop_constraint(FOREIGN_KEY, type_='foreignkey')
        batch_op.create_foreign_key(FOREIGN_KEY, 'user_account', ['actor_id'], ['id'], ondelete='SET NULL')
        for name, columns in OLD_INDEXES.items():
            batch_op.create_index(name, columns, unique=False)
