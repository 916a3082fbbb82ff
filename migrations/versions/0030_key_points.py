"""Key points (Nội dung chính) of a draft and of each article, in plain words: the agency's text as written (a few
Markdown marks) and its HTML, sanitised by bleach.

Revision ID: 0030
Revises: 0029
"""

import sqlalchemy as sa
from alembic import op

revision = "0030"
down_revision = "0029"
branch_labels = None
depends_on = None


def upgrade():
    for table in ("draft", "article"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column("key_points", sa.Text(), server_default="", nullable=False))
            batch_op.add_column(sa.Column("key_points_html", sa.Text(), server_default="", nullable=False))


def downgrade():
    for table in ("draft", "article"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("key_points_html")
            batch_op.drop_column("key_points")
