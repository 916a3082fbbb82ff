"""Quick polls (khảo sát nhanh): a draft's closed questions and their options, and the answers (one response per
signed-in user, anonymous ones marked by a day-salted keyed hash of the address), each option ticked a choice row;
questions and options keep counts of the answers, read by the results.

Revision ID: 0032
Revises: 0031
"""

import sqlalchemy as sa
from alembic import op

revision = "0032"
down_revision = "0031"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "poll_question",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("text", sa.String(length=300), nullable=False),
        sa.Column("allow_other", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("respondents", sa.Integer(), server_default="0", nullable=False),
        sa.Column("other_count", sa.Integer(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["draft_id"], ["draft.id"], name=op.f("fk_poll_question_draft_id_draft"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_poll_question")),
    )
    with op.batch_alter_table("poll_question", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_poll_question_draft_id"), ["draft_id"], unique=False)

    op.create_table(
        "poll_response",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("voter_hash", sa.String(length=64), nullable=True),
        sa.Column("held", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["draft_id"], ["draft.id"], name=op.f("fk_poll_response_draft_id_draft"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_poll_response_user_id_user_account"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_poll_response")),
        sa.UniqueConstraint("draft_id", "user_id", name="uq_poll_response_draft_user"),
    )
    with op.batch_alter_table("poll_response", schema=None) as batch_op:
        batch_op.create_index("ix_poll_response_draft_held", ["draft_id", "held"], unique=False)
        batch_op.create_index("ix_poll_response_draft_voter", ["draft_id", "voter_hash"], unique=False)

    op.create_table(
        "poll_option",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=150), nullable=False),
        sa.Column("chosen", sa.Integer(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["poll_question.id"],
            name=op.f("fk_poll_option_question_id_poll_question"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_poll_option")),
    )
    with op.batch_alter_table("poll_option", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_poll_option_question_id"), ["question_id"], unique=False)

    op.create_table(
        "poll_choice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("option_id", sa.Integer(), nullable=True),
        sa.Column("other_text", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["option_id"], ["poll_option.id"], name=op.f("fk_poll_choice_option_id_poll_option"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["poll_question.id"],
            name=op.f("fk_poll_choice_question_id_poll_question"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["poll_response.id"],
            name=op.f("fk_poll_choice_response_id_poll_response"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_poll_choice")),
    )
    with op.batch_alter_table("poll_choice", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_poll_choice_option_id"), ["option_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_poll_choice_question_id"), ["question_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_poll_choice_response_id"), ["response_id"], unique=False)


def downgrade():
    with op.batch_alter_table("poll_choice", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_poll_choice_response_id"))
        batch_op.drop_index(batch_op.f("ix_poll_choice_question_id"))
        batch_op.drop_index(batch_op.f("ix_poll_choice_option_id"))

    op.drop_table("poll_choice")
    with op.batch_alter_table("poll_option", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_poll_option_question_id"))

    op.drop_table("poll_option")
    with op.batch_alter_table("poll_response", schema=None) as batch_op:
        batch_op.drop_index("ix_poll_response_draft_voter")
        batch_op.drop_index("ix_poll_response_draft_held")

    op.drop_table("poll_response")
    with op.batch_alter_table("poll_question", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_poll_question_draft_id"))

    op.drop_table("poll_question")
