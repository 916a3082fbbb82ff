"""Closing a consultation early: when it closed before its window's end and the public reason; an editor's request
to close before the legal minimum period, waiting for an administrator.

Revision ID: 0034
Revises: 0033
"""

import sqlalchemy as sa
from alembic import op

revision = "0034"
down_revision = "0033"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("draft") as batch_op:
        batch_op.add_column(sa.Column("closed_early_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("close_reason", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("close_requested_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("close_requested_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_draft_close_requested_by_id_user_account",
            "user_account",
            ["close_requested_by_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("draft") as batch_op:
        batch_op.drop_constraint("fk_draft_close_requested_by_id_user_account", type_="foreignkey")
        batch_op.drop_column("close_requested_by_id")
        batch_op.drop_column("close_requested_at")
        batch_op.drop_column("close_reason")
        batch_op.drop_column("closed_early_at")
