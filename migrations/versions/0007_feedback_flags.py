"""Automatic flags on opinions (profanity, spam signals, duplicates) and the key that finds exact copies.

Revision ID: 0007
Revises: 0006
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.add_column(sa.Column('flags', sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
        batch_op.add_column(sa.Column('duplicate_key', sa.String(length=40), nullable=True))
        batch_op.create_index('ix_feedback_draft_duplicate_key', ['draft_id', 'duplicate_key'], unique=False)


def downgrade():
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.drop_index('ix_feedback_draft_duplicate_key')
        batch_op.drop_column('duplicate_key')
        batch_op.drop_column('flags')
