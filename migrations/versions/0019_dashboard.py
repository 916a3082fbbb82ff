"""Summary dashboard: one index holding every column the summary groups opinions by.

Each breakdown of the summary (article × stance, author kind, locality, channel, day) reads the index alone
(an index-only scan on PostgreSQL, a covering index on SQLite) instead of every opinion's row with its text.

Revision ID: 0019
Revises: 0018
"""
from alembic import op


revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None

COLUMNS = ['draft_id', 'status', 'article_id', 'stance', 'author_kind', 'locality', 'channel', 'received_on',
           'created_at']


def upgrade():
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.create_index('ix_feedback_summary', COLUMNS, unique=False)


def downgrade():
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.drop_index('ix_feedback_summary')
