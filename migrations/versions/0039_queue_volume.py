"""The moderation queue at volume: the folded words of pending opinions for the queue's text search (with the
engine's own index, as search_entry's: SQLite an FTS5 table kept by triggers, PostgreSQL a stored tsvector with a
GIN index), moderators' claims on pending opinions, and decisions over a whole filter run in the background.

The text index starts empty: run `flask --app consult search reindex` once after upgrading (it fills both indexes).

Revision ID: 0039
Revises: 0038
"""

import sqlalchemy as sa
from alembic import op

revision = "0039"
down_revision = "0038"
branch_labels = None
depends_on = None

# Words only, never phrases: detail=none keeps the FTS5 index small. The last word typed is matched as a prefix:
# without prefix indexes FTS5 merges the lists of every word it begins, 0.2 s for "giai*" at 1M pending opinions;
# with them 2 ms (69 MB instead of 24 at 1M; Vietnamese syllables have at most 7 letters).
SQLITE_OBJECTS = [
    "CREATE VIRTUAL TABLE queue_fts USING fts5(folded, content='queue_text', content_rowid='feedback_id', "
    "tokenize='unicode61 remove_diacritics 0', detail=none, prefix='2 3 4 5 6')",
    "CREATE TRIGGER queue_text_after_insert AFTER INSERT ON queue_text BEGIN "
    "INSERT INTO queue_fts(rowid, folded) VALUES (new.feedback_id, new.folded); END",
    "CREATE TRIGGER queue_text_after_delete AFTER DELETE ON queue_text BEGIN "
    "INSERT INTO queue_fts(queue_fts, rowid, folded) VALUES ('delete', old.feedback_id, old.folded); END",
    "CREATE TRIGGER queue_text_after_update AFTER UPDATE ON queue_text BEGIN "
    "INSERT INTO queue_fts(queue_fts, rowid, folded) VALUES ('delete', old.feedback_id, old.folded); "
    "INSERT INTO queue_fts(rowid, folded) VALUES (new.feedback_id, new.folded); END",
]

POSTGRES_OBJECTS = [
    "ALTER TABLE queue_text ADD COLUMN folded_tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, folded)) STORED",
    "CREATE INDEX ix_queue_text_folded_tsv ON queue_text USING gin (folded_tsv)",
]


def upgrade():
    op.create_table(
        "queue_text",
        sa.Column("feedback_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("folded", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["feedback_id"], ["feedback.id"], name=op.f("fk_queue_text_feedback_id_feedback"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("feedback_id", name=op.f("pk_queue_text")),
    )
    for statement in POSTGRES_OBJECTS if op.get_bind().dialect.name == "postgresql" else SQLITE_OBJECTS:
        op.execute(statement)
    op.create_table(
        "feedback_claim",
        sa.Column("feedback_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("claimed_until", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["feedback_id"], ["feedback.id"], name=op.f("fk_feedback_claim_feedback_id_feedback"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_feedback_claim_user_id_user_account"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("feedback_id", name=op.f("pk_feedback_claim")),
    )
    op.create_index("ix_feedback_claim_user_until", "feedback_claim", ["user_id", "claimed_until"], unique=False)
    op.create_table(
        "moderation_bulk_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(length=20), nullable=False),
        sa.Column("reason_code", sa.String(length=40), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("author_message", sa.Text(), nullable=False),
        sa.Column("feedback_ids", sa.JSON(), nullable=False),
        sa.Column("queue_args", sa.JSON(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("decided", sa.Integer(), nullable=False),
        sa.Column("already_decided", sa.Integer(), nullable=False),
        sa.Column("claimed", sa.Integer(), nullable=False),
        sa.Column("held", sa.Integer(), nullable=False),
        sa.Column("held_codes", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["requested_by_id"],
            ["user_account.id"],
            name=op.f("fk_moderation_bulk_run_requested_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_moderation_bulk_run")),
    )
    op.create_index(
        op.f("ix_moderation_bulk_run_requested_by_id"), "moderation_bulk_run", ["requested_by_id"], unique=False
    )


def downgrade():
    op.drop_index(op.f("ix_moderation_bulk_run_requested_by_id"), table_name="moderation_bulk_run")
    op.drop_table("moderation_bulk_run")
    op.drop_index("ix_feedback_claim_user_until", table_name="feedback_claim")
    op.drop_table("feedback_claim")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_queue_text_folded_tsv")
    else:
        for trigger in ("queue_text_after_insert", "queue_text_after_delete", "queue_text_after_update"):
            op.execute(f"DROP TRIGGER {trigger}")
        op.execute("DROP TABLE queue_fts")
    op.drop_table("queue_text")
