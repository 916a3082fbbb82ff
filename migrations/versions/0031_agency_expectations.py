"""The agency scoreboard: which agencies the administrators expect to consult in a year or a quarter; and two indexes
widened, not added, so that the scoreboard counts a year's opinions and answers from indexes alone (no write of an
opinion or an answer updates one index more): feedback (draft_id, channel) gains status, answer (text_id) gains
published_at.

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
    # Plain index statements, never a batch: a batch may copy the table on SQLite, and feedback's triggers with it.
    op.create_index("ix_feedback_draft_channel_status", "feedback", ["draft_id", "channel", "status"])
    op.drop_index("ix_feedback_draft_channel", table_name="feedback")
    op.create_index("ix_answer_text_id_published_at", "answer", ["text_id", "published_at"])
    op.drop_index("ix_answer_text_id", table_name="answer")


def downgrade():
    op.create_index("ix_answer_text_id", "answer", ["text_id"])
    op.drop_index("ix_answer_text_id_published_at", table_name="answer")
    op.create_index("ix_feedback_draft_channel", "feedback", ["draft_id", "channel"])
    op.drop_index("ix_feedback_draft_channel_status", table_name="feedback")
    op.drop_index(op.f("ix_agency_expectation_agency_id"), table_name="agency_expectation")
    op.drop_table("agency_expectation")
