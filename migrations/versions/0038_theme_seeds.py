"""Themes a reader can trust: the agency's named themes (seed words), and which theme a seed drew and which is the
catch-all ("Ý kiến khác") of its scope.

Revision ID: 0038
Revises: 0037
"""

import sqlalchemy as sa
from alembic import op

revision = "0038"
down_revision = "0037"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "theme_seed",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("words", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["draft_id"], ["draft.id"], name=op.f("fk_theme_seed_draft_id_draft"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_theme_seed")),
    )
    with op.batch_alter_table("theme_seed", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_theme_seed_draft_id"), ["draft_id"], unique=False)
    with op.batch_alter_table("theme", schema=None) as batch_op:
        batch_op.add_column(sa.Column("catch_all", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("seed_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_theme_seed_id"), ["seed_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_theme_seed_id_theme_seed"), "theme_seed", ["seed_id"], ["id"], ondelete="SET NULL"
        )


def downgrade():
    with op.batch_alter_table("theme", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_theme_seed_id_theme_seed"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_theme_seed_id"))
        batch_op.drop_column("seed_id")
        batch_op.drop_column("catch_all")
    with op.batch_alter_table("theme_seed", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_theme_seed_draft_id"))
    op.drop_table("theme_seed")
