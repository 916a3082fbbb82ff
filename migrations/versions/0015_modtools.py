"""Moderation tools: redactions (originals kept for audit), citizen reports, blocked submitters, and the
opinion's revision number that makes a redaction on an older text lose.

Revision ID: 0015
Revises: 0014
"""
from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('submitter_block',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('value', sa.String(length=255), nullable=False),
    sa.Column('match_key', sa.String(length=300), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('lifted_at', sa.DateTime(), nullable=True),
    sa.Column('lifted_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_submitter_block_created_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['lifted_by_id'], ['user_account.id'], name=op.f('fk_submitter_block_lifted_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_submitter_block'))
    )
    with op.batch_alter_table('submitter_block', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_submitter_block_match_key'), ['match_key'], unique=False)

    op.create_table('citizen_flag',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('feedback_id', sa.Integer(), nullable=False),
    sa.Column('reporter_key', sa.String(length=48), nullable=False),
    sa.Column('reason_code', sa.String(length=40), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['feedback_id'], ['feedback.id'], name=op.f('fk_citizen_flag_feedback_id_feedback'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_citizen_flag')),
    sa.UniqueConstraint('feedback_id', 'reporter_key', name='uq_citizen_flag_feedback_reporter')
    )
    op.create_table('feedback_redaction',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('feedback_id', sa.Integer(), nullable=False),
    sa.Column('moderator_id', sa.Integer(), nullable=True),
    sa.Column('reason_code', sa.String(length=40), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('original_content', sa.Text(), nullable=False),
    sa.Column('original_proposed_wording', sa.Text(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['feedback_id'], ['feedback.id'], name=op.f('fk_feedback_redaction_feedback_id_feedback'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['moderator_id'], ['user_account.id'], name=op.f('fk_feedback_redaction_moderator_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback_redaction'))
    )
    with op.batch_alter_table('feedback_redaction', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feedback_redaction_feedback_id'), ['feedback_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_feedback_redaction_moderator_id'), ['moderator_id'], unique=False)

    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.add_column(sa.Column('revision', sa.Integer(), server_default='0', nullable=False))



def downgrade():
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.drop_column('revision')

    with op.batch_alter_table('feedback_redaction', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_redaction_moderator_id'))
        batch_op.drop_index(batch_op.f('ix_feedback_redaction_feedback_id'))

    op.drop_table('feedback_redaction')
    op.drop_table('citizen_flag')
    with op.batch_alter_table('submitter_block', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_submitter_block_match_key'))

    op.drop_table('submitter_block')
