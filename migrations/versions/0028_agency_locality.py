"""Agencies' province or city ("" for a national body): feeds and email news of a place include their drafts.

Revision ID: 0028
Revises: 0027
"""

import sqlalchemy as sa
from alembic import op

revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("agency") as batch_op:
        batch_op.add_column(sa.Column("locality", sa.String(length=40), server_default="", nullable=False))


def downgrade():
    with op.batch_alter_table("agency") as batch_op:
        batch_op.drop_column("locality")
