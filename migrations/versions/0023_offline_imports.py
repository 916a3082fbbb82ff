"""Offline imports: a file of opinions gathered offline checked, then saved, by a background job, with progress.

Revision ID: 0023
Revises: 0022
"""
from alembic import op
import sqlalchemy as sa


revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('offline_import',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('draft_id', sa.Integer(), nullable=False),
    sa.Column('step', sa.String(length=10), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('upload', sa.String(length=64), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('file_message', sa.String(length=1000), nullable=False),
    sa.Column('mistakes', sa.JSON(), nullable=False),
    sa.Column('mistake_count', sa.Integer(), nullable=False),
    sa.Column('summary', sa.JSON(), nullable=True),
    sa.Column('saved', sa.Integer(), nullable=True),
    sa.Column('skipped', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('done', sa.Integer(), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['draft_id'], ['draft.id'], name=op.f('fk_offline_import_draft_id_draft'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['user_account.id'], name=op.f('fk_offline_import_requested_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_offline_import'))
    )
    with op.batch_alter_table('offline_import', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_offline_import_draft_id'), ['draft_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_offline_import_requested_by_id'), ['requested_by_id'], unique=False)


def downgrade():
    with op.batch_alter_table('offline_import', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_offline_import_requested_by_id'))
        batch_op.drop_index(batch_op.f('ix_offline_import_draft_id'))
    op.drop_table('offline_import')
