"""PostgreSQL: a notification on the channel consult_public_opinions from each transaction that changes what the
API's pages of approved opinions show (consult.api.changes). SQLite has no such signal: nothing to do there.

Revision ID: 0036
Revises: 0035
"""

from alembic import op

revision = "0036"
down_revision = "0035"
branch_labels = None
depends_on = None

# pg_notify with the same channel and payload is sent once per transaction, at its commit, however many rows fire.
FUNCTION = """
CREATE FUNCTION consult_public_opinions_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('consult_public_opinions', '');
    RETURN NULL;
END $$
"""

# Opinions: only rows that are, or were, approved (an opinion sent and waiting for moderation changes nothing
# public; the national rate of sending must not wake every process).
ROW_TRIGGERS = {
    "consult_public_opinions_insert": "AFTER INSERT ON feedback FOR EACH ROW WHEN (NEW.status = 'approved')",
    "consult_public_opinions_update": (
        "AFTER UPDATE ON feedback FOR EACH ROW WHEN (OLD.status = 'approved' OR NEW.status = 'approved')"
    ),
    "consult_public_opinions_delete": "AFTER DELETE ON feedback FOR EACH ROW WHEN (OLD.status = 'approved')",
}
# What the pages show beside the opinions (numbers of articles, clauses and versions; the draft; answers): rare
# changes, one notification per statement.
STATEMENT_TABLES = ("draft", "draft_version", "article", "clause", "answer", "answer_text")


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(FUNCTION)
    for name, when in ROW_TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {when} EXECUTE FUNCTION consult_public_opinions_notify()")
    for table in STATEMENT_TABLES:
        op.execute(
            f"CREATE TRIGGER consult_public_opinions_{table} AFTER INSERT OR UPDATE OR DELETE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION consult_public_opinions_notify()"
        )


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for name in ROW_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name} ON feedback")
    for table in STATEMENT_TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS consult_public_opinions_{table} ON {table}")
    op.execute("DROP FUNCTION IF EXISTS consult_public_opinions_notify()")
