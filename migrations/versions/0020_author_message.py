"""A moderation decision's optional message to the author, shown on their receipt page and in the decision email
(the decision's `note` stays internal).

Revision ID: 0020
Revises: 0019
"""
import sqlalchemy as sa
from alembic import op


revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('moderation_decision', schema=None) as batch_op:
        batch_op.add_column(sa.Column('author_message', sa.Text(), nullable=False, server_default=''))


def downgrade():
    with op.batch_alter_table('moderation_decision', schema=None) as batch_op:
        batch_op.drop_column('author_message')
