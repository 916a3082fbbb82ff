"""Page views per draft (or the home page) and local day, for the participation statistics: counts only.

Revision ID: 0033
Revises: 0032
"""

import sqlalchemy as sa
from alembic import op

revision = "0033"
down_revision = "0032"
branch_labels = None
depends_on = None

SITE_ONLY = sa.text("draft_id IS NULL")


def upgrade():
    op.create_table(
        "page_view_day",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("views", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["draft_id"], ["draft.id"], name=op.f("fk_page_view_day_draft_id_draft"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_page_view_day")),
        sa.UniqueConstraint("draft_id", "day", name=op.f("uq_page_view_day_draft_id")),
    )
    op.create_index(
        "uq_page_view_day_site_day",
        "page_view_day",
        ["day"],
        unique=True,
        postgresql_where=SITE_ONLY,
        sqlite_where=SITE_ONLY,
    )


def downgrade():
    op.drop_index("uq_page_view_day_site_day", table_name="page_view_day")
    op.drop_table("page_view_day")
