"""Legal structure: nested divisions (Phần/Chương/Mục/Tiểu mục), clauses, draft preamble and closing.

Existing sections become chapters; existing text columns start empty.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 22:42:09.681987

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('clause',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('points', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['article.id'], name=op.f('fk_clause_article_id_article'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clause'))
    )
    with op.batch_alter_table('clause', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_clause_article_id'), ['article_id'], unique=False)

    with op.batch_alter_table('article', schema=None) as batch_op:
        batch_op.add_column(sa.Column('intro', sa.Text(), nullable=False, server_default=''))

    with op.batch_alter_table('draft', schema=None) as batch_op:
        batch_op.add_column(sa.Column('number_symbol', sa.String(length=100), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('preamble', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('closing', sa.Text(), nullable=False, server_default=''))

    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.add_column(sa.Column('clause_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_feedback_clause_id'), ['clause_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_feedback_clause_id_clause'), 'clause', ['clause_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('section', schema=None) as batch_op:
        batch_op.add_column(sa.Column('parent_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('kind', sa.String(length=20), nullable=False, server_default='chapter'))
        batch_op.create_index(batch_op.f('ix_section_parent_id'), ['parent_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_section_parent_id_section'), 'section', ['parent_id'], ['id'], ondelete='CASCADE')



def downgrade():
    with op.batch_alter_table('section', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_section_parent_id_section'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_section_parent_id'))
        batch_op.drop_column('kind')
        batch_op.drop_column('parent_id')

    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_feedback_clause_id_clause'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_feedback_clause_id'))
        batch_op.drop_column('clause_id')

    with op.batch_alter_table('article', schema=None) as batch_op:
        batch_op.drop_column('intro')

    with op.batch_alter_table('draft', schema=None) as batch_op:
        batch_op.drop_column('closing')
        batch_op.drop_column('preamble')
        batch_op.drop_column('number_symbol')

    with op.batch_alter_table('clause', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_clause_article_id'))

    op.drop_table('clause')
