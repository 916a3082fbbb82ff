"""Near-duplicate opinions: each opinion's group representative and similarity, and the LSH band index.

Opinions already stored get no group until `flask --app consult feedback regroup --draft SLUG` is run.

Revision ID: 0013
Revises: 0012
"""
from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.add_column(sa.Column('duplicate_group_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('similarity', sa.Float(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_feedback_duplicate_group_id_feedback'), 'feedback',
                                    ['duplicate_group_id'], ['id'], ondelete='SET NULL')
        batch_op.create_index(batch_op.f('ix_feedback_duplicate_group_id'), ['duplicate_group_id'], unique=False)

    op.create_table('feedback_lsh_band',
    sa.Column('representative_id', sa.Integer(), nullable=False),
    sa.Column('band', sa.SmallInteger(), nullable=False),
    sa.Column('draft_id', sa.Integer(), nullable=False),
    sa.Column('hash', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['representative_id'], ['feedback.id'], name=op.f('fk_feedback_lsh_band_representative_id_feedback'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('representative_id', 'band', name=op.f('pk_feedback_lsh_band'))
    )
    with op.batch_alter_table('feedback_lsh_band', schema=None) as batch_op:
        batch_op.create_index('ix_feedback_lsh_band_lookup', ['hash', 'draft_id'], unique=False)


def downgrade():
    with op.batch_alter_table('feedback_lsh_band', schema=None) as batch_op:
        batch_op.drop_index('ix_feedback_lsh_band_lookup')

    op.drop_table('feedback_lsh_band')
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_duplicate_group_id'))
        batch_op.drop_constraint(batch_op.f('fk_feedback_duplicate_group_id_feedback'), type_='foreignkey')
        batch_op.drop_column('similarity')
        batch_op.drop_column('duplicate_group_id')
