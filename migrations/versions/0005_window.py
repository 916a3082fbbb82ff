"""Consultation window: extensions with their reason, and the last phase recorded for each draft.

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'window_extension',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('draft_id', sa.Integer(), nullable=False),
        sa.Column('previous_closes_at', sa.DateTime(), nullable=False),
        sa.Column('new_closes_at', sa.DateTime(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('actor_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['draft_id'], ['draft.id'], name=op.f('fk_window_extension_draft_id_draft'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_window_extension_actor_id_user_account'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_window_extension')),
    )
    op.create_index(op.f('ix_window_extension_draft_id'), 'window_extension', ['draft_id'], unique=False)
    with op.batch_alter_table('draft', schema=None) as batch_op:
        batch_op.add_column(sa.Column('recorded_phase', sa.String(length=20), nullable=False, server_default='unpublished'))
    # Drafts already published: take their status as the last recorded phase; the command corrects it on its first run.
    op.execute("UPDATE draft SET recorded_phase = status WHERE status IN ('open', 'closed', 'answered')")


def downgrade():
    with op.batch_alter_table('draft', schema=None) as batch_op:
        batch_op.drop_column('recorded_phase')
    op.drop_index(op.f('ix_window_extension_draft_id'), table_name='window_extension')
    op.drop_table('window_extension')
