"""Email subscriptions: an address following a draft, an agency's or a field's new drafts.

Revision ID: 0027
Revises: 0026
"""

import sqlalchemy as sa
from alembic import op

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "subscription",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=255), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("target", sa.String(length=200), nullable=False),
        sa.Column("language", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(), nullable=True),
        sa.Column("notified_up_to", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subscription")),
    )
    op.create_index("ix_subscription_kind_target", "subscription", ["kind", "target"])
    op.create_index("ix_subscription_email_kind_target", "subscription", ["email", "kind", "target"], unique=True)


def downgrade():
    op.drop_index("ix_subscription_email_kind_target", table_name="subscription")
    op.drop_index("ix_subscription_kind_target", table_name="subscription")
    op.drop_table("subscription")
