"""The agency scoreboard: which agencies the administrators expect to consult in a year or a quarter.

Revision ID: 0031
Revises: 0030
"""

import sqlalchemy as sa
from alembic import op

revision = "0031"
down_revision = "0030"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "agency_expectation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.SmallInteger(), nullable=False),
        sa.Column("quarter", sa.SmallInteger(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agency.id"], name=op.f("fk_agency_expectation_agency_id_agency"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_agency_expectation_created_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agency_expectation")),
        sa.UniqueConstraint(
            "year", "quarter", "agency_id", name=op.f("uq_agency_expectation_year_quarter_agency_id")
        ),
    )
    op.create_index(op.f("ix_agency_expectation_agency_id"), "agency_expectation", ["agency_id"])


def downgrade():
    op.drop_index(op.f("ix_agency_expectation_agency_id"), table_name="agency_expectation")
    op.drop_table("agency_expectation")
