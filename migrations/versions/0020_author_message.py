"""A moderation decision's optional message to the author, shown on their receipt page and in the decision email
(the decision's `note` stays internal); the index of decision times that the admin dashboard's percentiles read.

ix_feedback_decision_seconds holds each decided opinion's seconds from submission to decision, per draft, in
order: the dashboard reads the median and p90 at their OFFSET in it instead of sorting every decided opinion.
Its expression is the one consult.admin.dashboard.decision_seconds compiles to on each engine, and its WHERE the
one DECIDED_ROWS writes (literals, so that the planners can match them). Like the search index, it lives in the
migrations only (left out of the model comparison by consult.search.models.include_name).

Revision ID: 0020
Revises: 0019
"""
import sqlalchemy as sa
from alembic import op


revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None

# PostgreSQL reads an expression from an index without visiting the table (an index-only scan) only when the
# columns it is computed from are in the index too.
DECISION_SECONDS = {
    'postgresql': '(draft_id, (EXTRACT(EPOCH FROM (decided_at - created_at)))) INCLUDE (decided_at, created_at)',
    'sqlite': '(draft_id, ((julianday(decided_at) - julianday(created_at)) * 86400.0))',
}
DECIDED = "decided_at IS NOT NULL AND status IN ('approved', 'rejected')"


def upgrade():
    with op.batch_alter_table('moderation_decision', schema=None) as batch_op:
        batch_op.add_column(sa.Column('author_message', sa.Text(), nullable=False, server_default=''))
    columns = DECISION_SECONDS[op.get_bind().dialect.name]
    op.execute(f'CREATE INDEX ix_feedback_decision_seconds ON feedback {columns} WHERE {DECIDED}')


def downgrade():
    op.execute('DROP INDEX ix_feedback_decision_seconds')
    with op.batch_alter_table('moderation_decision', schema=None) as batch_op:
        batch_op.drop_column('author_message')
