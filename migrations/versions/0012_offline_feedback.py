"""Opinions gathered offline: the channel, the day received, the source reference and the staff member who entered it.

Existing opinions all came through the online form, so the channel's server default makes them "web".

Revision ID: 0012
Revises: 0011
"""
from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.add_column(sa.Column('channel', sa.String(length=20), nullable=False, server_default='web'))
        batch_op.add_column(sa.Column('received_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('source_ref', sa.String(length=255), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('entered_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_feedback_entered_by_id_user_account'), 'user_account',
                                    ['entered_by_id'], ['id'], ondelete='SET NULL')
        batch_op.create_index(batch_op.f('ix_feedback_entered_by_id'), ['entered_by_id'], unique=False)
        batch_op.create_index('ix_feedback_draft_channel', ['draft_id', 'channel'], unique=False)


def downgrade():
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.drop_index('ix_feedback_draft_channel')
        batch_op.drop_index(batch_op.f('ix_feedback_entered_by_id'))
        batch_op.drop_constraint(batch_op.f('fk_feedback_entered_by_id_user_account'), type_='foreignkey')
        batch_op.drop_column('entered_by_id')
        batch_op.drop_column('source_ref')
        batch_op.drop_column('received_on')
        batch_op.drop_column('channel')
