"""Stored opinion counts of drafts whose window has ended (the agency scoreboard), marked stale by triggers.

Revision ID: 0035
Revises: 0034
"""

import sqlalchemy as sa
from alembic import op

revision = "0035"
down_revision = "0034"
branch_labels = None
depends_on = None

# What marks a draft's counts stale: an opinion added or removed, or its status, channel or draft changed; an
# answer added or removed, or its text or publication changed; an answer text removed (its answers go with it).
POSTGRES_FUNCTIONS = """
CREATE FUNCTION draft_tally_mark_feedback() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE draft_tally SET stale = true WHERE draft_id = OLD.draft_id;
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.draft_id IS DISTINCT FROM OLD.draft_id) THEN
        UPDATE draft_tally SET stale = true WHERE draft_id = NEW.draft_id;
    END IF;
    RETURN NULL;
END $$;
CREATE FUNCTION draft_tally_mark_answer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE draft_tally SET stale = true
        WHERE draft_id = (SELECT draft_id FROM answer_text WHERE id = OLD.text_id);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE draft_tally SET stale = true
        WHERE draft_id = (SELECT draft_id FROM answer_text WHERE id = NEW.text_id);
    END IF;
    RETURN NULL;
END $$;
CREATE FUNCTION draft_tally_mark_answer_text() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE draft_tally SET stale = true WHERE draft_id = OLD.draft_id;
    RETURN OLD;  -- a BEFORE trigger returning NULL would cancel the delete
END $$;
CREATE TRIGGER draft_tally_feedback AFTER INSERT OR DELETE OR UPDATE OF status, channel, draft_id ON feedback
    FOR EACH ROW EXECUTE FUNCTION draft_tally_mark_feedback();
CREATE TRIGGER draft_tally_answer AFTER INSERT OR DELETE OR UPDATE OF text_id, published_at ON answer
    FOR EACH ROW EXECUTE FUNCTION draft_tally_mark_answer();
CREATE TRIGGER draft_tally_answer_text BEFORE DELETE ON answer_text
    FOR EACH ROW EXECUTE FUNCTION draft_tally_mark_answer_text();
"""

SQLITE_TRIGGERS = (
    "CREATE TRIGGER draft_tally_feedback_insert AFTER INSERT ON feedback BEGIN "
    "UPDATE draft_tally SET stale = 1 WHERE draft_id = NEW.draft_id; END",
    "CREATE TRIGGER draft_tally_feedback_delete AFTER DELETE ON feedback BEGIN "
    "UPDATE draft_tally SET stale = 1 WHERE draft_id = OLD.draft_id; END",
    "CREATE TRIGGER draft_tally_feedback_update AFTER UPDATE OF status, channel, draft_id ON feedback BEGIN "
    "UPDATE draft_tally SET stale = 1 WHERE draft_id IN (OLD.draft_id, NEW.draft_id); END",
    "CREATE TRIGGER draft_tally_answer_insert AFTER INSERT ON answer BEGIN "
    "UPDATE draft_tally SET stale = 1 WHERE draft_id = (SELECT draft_id FROM answer_text WHERE id = NEW.text_id); END",
    "CREATE TRIGGER draft_tally_answer_delete AFTER DELETE ON answer BEGIN "
    "UPDATE draft_tally SET stale = 1 WHERE draft_id = (SELECT draft_id FROM answer_text WHERE id = OLD.text_id); END",
    "CREATE TRIGGER draft_tally_answer_update AFTER UPDATE OF text_id, published_at ON answer BEGIN "
    "UPDATE draft_tally SET stale = 1 WHERE draft_id IN "
    "(SELECT draft_id FROM answer_text WHERE id IN (OLD.text_id, NEW.text_id)); END",
    "CREATE TRIGGER draft_tally_answer_text_delete BEFORE DELETE ON answer_text BEGIN "
    "UPDATE draft_tally SET stale = 1 WHERE draft_id = OLD.draft_id; END",
)
SQLITE_NAMES = [statement.split()[2] for statement in SQLITE_TRIGGERS]


def upgrade():
    op.create_table(
        "draft_tally",
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("stale", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("online", sa.Integer(), nullable=False),
        sa.Column("offline", sa.Integer(), nullable=False),
        sa.Column("published", sa.Integer(), nullable=False),
        sa.Column("answered", sa.Integer(), nullable=False),
        sa.Column("answers_published", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["draft_id"], ["draft.id"], name=op.f("fk_draft_tally_draft_id_draft"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("draft_id", name=op.f("pk_draft_tally")),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(POSTGRES_FUNCTIONS)
        return
    for statement in SQLITE_TRIGGERS:
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS draft_tally_feedback ON feedback")
        op.execute("DROP TRIGGER IF EXISTS draft_tally_answer ON answer")
        op.execute("DROP TRIGGER IF EXISTS draft_tally_answer_text ON answer_text")
        for name in ("draft_tally_mark_feedback", "draft_tally_mark_answer", "draft_tally_mark_answer_text"):
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")
    else:
        for name in SQLITE_NAMES:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("draft_tally")
