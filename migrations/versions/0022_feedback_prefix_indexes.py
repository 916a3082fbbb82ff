"""Fewer indexes to update for every opinion sent: ix_feedback_article_id and ix_feedback_duplicate_group_id are the
first column of ix_feedback_article_status_created and ix_feedback_group_status_created, which serve the same
lookups (the foreign keys' ON DELETE SET NULL included).

Revision ID: 0022
Revises: 0021
"""
from alembic import op


revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_article_id'))
        batch_op.drop_index(batch_op.f('ix_feedback_duplicate_group_id'))


def downgrade():
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feedback_duplicate_group_id'), ['duplicate_group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_feedback_article_id'), ['article_id'], unique=False)
