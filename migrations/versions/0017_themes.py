"""Themes of a draft's approved opinions: runs, themes (label, size, stance mix, quotes) and their members.

Revision ID: 0017
Revises: 0016
"""
from alembic import op
import sqlalchemy as sa


revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('theme_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('draft_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('opinions', sa.Integer(), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['draft_id'], ['draft.id'], name=op.f('fk_theme_run_draft_id_draft'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_theme_run'))
    )
    with op.batch_alter_table('theme_run', schema=None) as batch_op:
        batch_op.create_index('ix_theme_run_draft_status', ['draft_id', 'status', 'id'], unique=False)

    op.create_table('theme',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('draft_id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=255), nullable=False),
    sa.Column('terms', sa.JSON(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('support', sa.Integer(), nullable=False),
    sa.Column('oppose', sa.Integer(), nullable=False),
    sa.Column('other', sa.Integer(), nullable=False),
    sa.Column('quote_ids', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['article.id'], name=op.f('fk_theme_article_id_article'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['draft_id'], ['draft.id'], name=op.f('fk_theme_draft_id_draft'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['run_id'], ['theme_run.id'], name=op.f('fk_theme_run_id_theme_run'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_theme'))
    )
    with op.batch_alter_table('theme', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_theme_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_theme_draft_id'), ['draft_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_theme_run_id'), ['run_id'], unique=False)

    op.create_table('theme_member',
    sa.Column('theme_id', sa.Integer(), nullable=False),
    sa.Column('feedback_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['feedback_id'], ['feedback.id'], name=op.f('fk_theme_member_feedback_id_feedback'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['theme_id'], ['theme.id'], name=op.f('fk_theme_member_theme_id_theme'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('theme_id', 'feedback_id', name=op.f('pk_theme_member'))
    )
    with op.batch_alter_table('theme_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_theme_member_feedback_id'), ['feedback_id'], unique=False)



def downgrade():
    with op.batch_alter_table('theme_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_theme_member_feedback_id'))

    op.drop_table('theme_member')
    with op.batch_alter_table('theme', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_theme_run_id'))
        batch_op.drop_index(batch_op.f('ix_theme_draft_id'))
        batch_op.drop_index(batch_op.f('ix_theme_article_id'))

    op.drop_table('theme')
    with op.batch_alter_table('theme_run', schema=None) as batch_op:
        batch_op.drop_index('ix_theme_run_draft_status')

    op.drop_table('theme_run')
