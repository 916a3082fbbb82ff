"""Summary runs: a draft's summary computed in the background, its JSON snapshot, step and progress.

At most one run per draft is queued or running: a partial unique index on draft_id (PostgreSQL and SQLite).

Revision ID: 0021
Revises: 0020
"""
from alembic import op
import sqlalchemy as sa


revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None

ACTIVE = sa.text("status IN ('queued', 'running')")


def upgrade():
    op.create_table('summary_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('draft_id', sa.Integer(), nullable=False),
    sa.Column('step', sa.String(length=20), nullable=False),
    sa.Column('stats', sa.JSON(), nullable=True),
    sa.Column('theme_run_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('done', sa.Integer(), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['draft_id'], ['draft.id'], name=op.f('fk_summary_run_draft_id_draft'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['user_account.id'], name=op.f('fk_summary_run_requested_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['theme_run_id'], ['theme_run.id'], name=op.f('fk_summary_run_theme_run_id_theme_run'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_summary_run'))
    )
    with op.batch_alter_table('summary_run', schema=None) as batch_op:
        batch_op.create_index('ix_summary_run_draft_status', ['draft_id', 'status', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_summary_run_requested_by_id'), ['requested_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_summary_run_theme_run_id'), ['theme_run_id'], unique=False)
        batch_op.create_index('uq_summary_run_draft_active', ['draft_id'], unique=True,
                              postgresql_where=ACTIVE, sqlite_where=ACTIVE)


def downgrade():
    with op.batch_alter_table('summary_run', schema=None) as batch_op:
        batch_op.drop_index('uq_summary_run_draft_active')
        batch_op.drop_index(batch_op.f('ix_summary_run_theme_run_id'))
        batch_op.drop_index(batch_op.f('ix_summary_run_requested_by_id'))
        batch_op.drop_index('ix_summary_run_draft_status')
    op.drop_table('summary_run')
