"""Moderation queue at volume: feedback_flag (one row per flag code, filled from the existing flags, then kept by
triggers on feedback) and the indexes the queue's filters read in queue order.

Revision ID: 0014
Revises: 0013
"""
import json

from alembic import op
import sqlalchemy as sa


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

BATCH = 5000


def upgrade():
    flag_table = op.create_table('feedback_flag',
    sa.Column('feedback_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('draft_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['feedback_id'], ['feedback.id'], name=op.f('fk_feedback_flag_feedback_id_feedback'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('feedback_id', 'code', name=op.f('pk_feedback_flag'))
    )
    _copy_existing_flags(flag_table)
    _create_triggers()
    with op.batch_alter_table('feedback_flag', schema=None) as batch_op:
        batch_op.create_index('ix_feedback_flag_code_created', ['code', 'created_at', 'feedback_id'], unique=False)
        batch_op.create_index('ix_feedback_flag_draft_code_created', ['draft_id', 'code', 'created_at', 'feedback_id'], unique=False)

    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.create_index('ix_feedback_group_status_created', ['duplicate_group_id', 'status', 'created_at', 'id'], unique=False)
        batch_op.create_index('ix_feedback_article_status_created', ['article_id', 'status', 'created_at', 'id'], unique=False)
        batch_op.create_index('ix_feedback_status_channel_created', ['status', 'channel', 'created_at', 'id'], unique=False)


def _copy_existing_flags(flag_table):
    """One row per flag code of every stored opinion, read in id batches (constant memory)."""
    connection = op.get_bind()
    feedback = sa.table('feedback', sa.column('id', sa.Integer), sa.column('draft_id', sa.Integer),
                        sa.column('created_at', sa.DateTime()), sa.column('flags', sa.JSON))
    last_id = 0
    while True:
        batch = connection.execute(
            sa.select(feedback.c.id, feedback.c.draft_id, feedback.c.created_at, feedback.c.flags)
            .where(feedback.c.id > last_id).order_by(feedback.c.id).limit(BATCH)
        ).all()
        if not batch:
            return
        rows = []
        for feedback_id, draft_id, created_at, flags in batch:
            if isinstance(flags, str):
                flags = json.loads(flags)
            for code in dict.fromkeys(flag.get('code') for flag in flags or [] if flag.get('code')):
                rows.append({'feedback_id': feedback_id, 'code': code, 'draft_id': draft_id, 'created_at': created_at})
        if rows:
            connection.execute(flag_table.insert(), rows)
        last_id = batch[-1].id


SQLITE_COPY = """
    INSERT OR IGNORE INTO feedback_flag (feedback_id, code, draft_id, created_at)
    SELECT NEW.id, json_extract(value, '$.code'), NEW.draft_id, NEW.created_at FROM json_each(NEW.flags)
    WHERE json_valid(NEW.flags) AND json_extract(value, '$.code') IS NOT NULL;
"""

POSTGRES_FUNCTION = """
CREATE FUNCTION feedback_flag_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        DELETE FROM feedback_flag WHERE feedback_id = NEW.id;
    END IF;
    IF NEW.flags IS NOT NULL AND json_typeof(NEW.flags) = 'array' THEN
        INSERT INTO feedback_flag (feedback_id, code, draft_id, created_at)
        SELECT DISTINCT NEW.id, flag->>'code', NEW.draft_id, NEW.created_at
        FROM json_array_elements(NEW.flags) AS flag WHERE flag->>'code' IS NOT NULL
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$
"""


def _create_triggers():
    """Keep feedback_flag equal to feedback.flags whoever writes them, with no extra statement from the app."""
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(POSTGRES_FUNCTION)
        op.execute('CREATE TRIGGER feedback_flag_sync AFTER INSERT OR UPDATE OF flags ON feedback '
                   'FOR EACH ROW EXECUTE FUNCTION feedback_flag_sync()')
        return
    op.execute('CREATE TRIGGER feedback_flag_insert AFTER INSERT ON feedback '
               "WHEN NEW.flags IS NOT NULL AND NEW.flags != '[]' BEGIN" + SQLITE_COPY + 'END')
    op.execute('CREATE TRIGGER feedback_flag_update AFTER UPDATE OF flags ON feedback BEGIN '
               'DELETE FROM feedback_flag WHERE feedback_id = NEW.id;' + SQLITE_COPY + 'END')


def _drop_triggers():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP TRIGGER IF EXISTS feedback_flag_sync ON feedback')
        op.execute('DROP FUNCTION IF EXISTS feedback_flag_sync()')
        return
    op.execute('DROP TRIGGER IF EXISTS feedback_flag_insert')
    op.execute('DROP TRIGGER IF EXISTS feedback_flag_update')


def downgrade():
    _drop_triggers()
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.drop_index('ix_feedback_status_channel_created')
        batch_op.drop_index('ix_feedback_article_status_created')
        batch_op.drop_index('ix_feedback_group_status_created')

    with op.batch_alter_table('feedback_flag', schema=None) as batch_op:
        batch_op.drop_index('ix_feedback_flag_draft_code_created')
        batch_op.drop_index('ix_feedback_flag_code_created')

    op.drop_table('feedback_flag')
