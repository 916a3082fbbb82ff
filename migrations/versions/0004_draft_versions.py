"""Draft versions: sections, articles and opinions belong to a version of the draft's text.

Every existing draft gets version 1 holding its current structure, preamble and closing.

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'draft_version',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('draft_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('preamble', sa.Text(), nullable=False),
        sa.Column('closing', sa.Text(), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['draft_id'], ['draft.id'], name=op.f('fk_draft_version_draft_id_draft'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_draft_version_created_by_id_user_account'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_draft_version')),
        sa.UniqueConstraint('draft_id', 'number', name='uq_draft_version_draft_id_number'),
    )
    op.create_index(op.f('ix_draft_version_draft_id'), 'draft_version', ['draft_id'], unique=False)

    with op.batch_alter_table('draft', schema=None) as batch_op:
        batch_op.add_column(sa.Column('current_version_id', sa.Integer(), nullable=True))
    for table in ('section', 'article', 'feedback'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('version_id', sa.Integer(), nullable=True))

    op.execute(
        "INSERT INTO draft_version (draft_id, number, preamble, closing, note, created_at) "
        "SELECT id, 1, preamble, closing, '', created_at FROM draft"
    )
    op.execute("UPDATE draft SET current_version_id = (SELECT v.id FROM draft_version v WHERE v.draft_id = draft.id)")
    for table in ('section', 'article', 'feedback'):
        op.execute(
            f"UPDATE {table} SET version_id = (SELECT d.current_version_id FROM draft d WHERE d.id = {table}.draft_id)"
        )

    with op.batch_alter_table('draft', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_draft_current_version_id'), ['current_version_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_draft_current_version_id_draft_version'), 'draft_version',
                                    ['current_version_id'], ['id'], ondelete='SET NULL', use_alter=True)
        batch_op.drop_column('preamble')
        batch_op.drop_column('closing')
    for table in ('section', 'article'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column('version_id', existing_type=sa.Integer(), nullable=False)
            batch_op.create_index(batch_op.f(f'ix_{table}_version_id'), ['version_id'], unique=False)
            batch_op.create_foreign_key(batch_op.f(f'fk_{table}_version_id_draft_version'), 'draft_version',
                                        ['version_id'], ['id'], ondelete='CASCADE')
            batch_op.drop_constraint(batch_op.f(f'fk_{table}_draft_id_draft'), type_='foreignkey')
            batch_op.drop_index(batch_op.f(f'ix_{table}_draft_id'))
            batch_op.drop_column('draft_id')
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.alter_column('version_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_index(batch_op.f('ix_feedback_version_id'), ['version_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_feedback_version_id_draft_version'), 'draft_version',
                                    ['version_id'], ['id'], ondelete='CASCADE')


def downgrade():
    with op.batch_alter_table('draft', schema=None) as batch_op:
        batch_op.add_column(sa.Column('preamble', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('closing', sa.Text(), nullable=False, server_default=''))
    for table in ('section', 'article'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('draft_id', sa.Integer(), nullable=True))
        op.execute(f"UPDATE {table} SET draft_id = (SELECT v.draft_id FROM draft_version v WHERE v.id = {table}.version_id)")
        # Only the current version's rows fit the older schema; earlier versions are dropped.
        op.execute(f"DELETE FROM {table} WHERE version_id NOT IN (SELECT current_version_id FROM draft WHERE current_version_id IS NOT NULL)")
    op.execute("UPDATE draft SET preamble = COALESCE((SELECT v.preamble FROM draft_version v WHERE v.id = draft.current_version_id), ''), "
               "closing = COALESCE((SELECT v.closing FROM draft_version v WHERE v.id = draft.current_version_id), '')")
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_feedback_version_id_draft_version'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_feedback_version_id'))
        batch_op.drop_column('version_id')
    for table in ('section', 'article'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column('draft_id', existing_type=sa.Integer(), nullable=False)
            batch_op.create_index(batch_op.f(f'ix_{table}_draft_id'), ['draft_id'], unique=False)
            batch_op.create_foreign_key(batch_op.f(f'fk_{table}_draft_id_draft'), 'draft', ['draft_id'], ['id'], ondelete='CASCADE')
            batch_op.drop_constraint(batch_op.f(f'fk_{table}_version_id_draft_version'), type_='foreignkey')
            batch_op.drop_index(batch_op.f(f'ix_{table}_version_id'))
            batch_op.drop_column('version_id')
    with op.batch_alter_table('draft', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_draft_current_version_id_draft_version'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_draft_current_version_id'))
        batch_op.drop_column('current_version_id')
    op.drop_index(op.f('ix_draft_version_draft_id'), table_name='draft_version')
    op.drop_table('draft_version')
