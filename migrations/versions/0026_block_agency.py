"""Blocks of one agency: a block added by a moderator of one agency holds opinions on that agency's drafts only.

Revision ID: 0026
Revises: 0025
"""
import sqlalchemy as sa
from alembic import op

revision = '0026'
down_revision = '0025'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('submitter_block') as batch_op:
        batch_op.add_column(sa.Column('agency_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            'fk_submitter_block_agency_id_agency', 'agency', ['agency_id'], ['id'], ondelete='CASCADE'
        )


def downgrade():
    with op.batch_alter_table('submitter_block') as batch_op:
        batch_op.drop_constraint('fk_submitter_block_agency_id_agency', type_='foreignkey')
        batch_op.drop_column('agency_id')
