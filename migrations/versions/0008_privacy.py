"""Privacy: the consent each author gave and when, a keyed hash of the client address, contact erasure time.

Revision ID: 0008
Revises: 0007
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contact_erased_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('consent_text', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('consent_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('client_hash', sa.String(length=32), nullable=True))
        batch_op.create_index(batch_op.f('ix_feedback_client_hash'), ['client_hash'], unique=False)


def downgrade():
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_client_hash'))
        batch_op.drop_column('client_hash')
        batch_op.drop_column('consent_at')
        batch_op.drop_column('consent_text')
        batch_op.drop_column('contact_erased_at')
