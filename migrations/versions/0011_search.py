"""Search index: folded text of public drafts, current articles and approved opinions, with the engine's own index
(SQLite: an FTS5 table kept in step by triggers; PostgreSQL: a stored to_tsvector('simple', folded) with a GIN index).

The index starts empty: run `flask --app consult search reindex` once after upgrading.

Revision ID: 0011
Revises: 0010
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

# FTS5 over the folded words (no diacritics left to remove); kind and draft_id are columns so that FTS5 filters on
# them itself. detail=column keeps the index small: queries are sets of words, never phrases.
# Note: a batch_alter_table on search_entry would rebuild the table and lose these triggers; recreate them then.
SQLITE_OBJECTS = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(folded, kind, draft_id, content='search_entry', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 0', detail=column)",
    "CREATE TRIGGER search_entry_after_insert AFTER INSERT ON search_entry BEGIN "
    "INSERT INTO search_fts(rowid, folded, kind, draft_id) VALUES (new.id, new.folded, new.kind, new.draft_id); END",
    "CREATE TRIGGER search_entry_after_delete AFTER DELETE ON search_entry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, folded, kind, draft_id) "
    "VALUES ('delete', old.id, old.folded, old.kind, old.draft_id); END",
    "CREATE TRIGGER search_entry_after_update AFTER UPDATE ON search_entry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, folded, kind, draft_id) "
    "VALUES ('delete', old.id, old.folded, old.kind, old.draft_id); "
    "INSERT INTO search_fts(rowid, folded, kind, draft_id) VALUES (new.id, new.folded, new.kind, new.draft_id); END",
]


# The words are folded already, so the 'simple' configuration (lower case, no stemming, no stop words) is right.
# A stored tsvector rather than an expression index: rows the index cannot settle are checked without parsing.
POSTGRES_OBJECTS = [
    "ALTER TABLE search_entry ADD COLUMN folded_tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, folded)) STORED",
    "CREATE INDEX ix_search_entry_folded_tsv ON search_entry USING gin (folded_tsv)",
]


def upgrade():
    op.create_table(
        'search_entry',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('object_id', sa.Integer(), nullable=False),
        sa.Column('draft_id', sa.Integer(), nullable=False),
        sa.Column('folded', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['draft_id'], ['draft.id'], name=op.f('fk_search_entry_draft_id_draft'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_search_entry')),
        sa.UniqueConstraint('kind', 'object_id', name='uq_search_entry_kind'),
    )
    op.create_index('ix_search_entry_kind_id', 'search_entry', ['kind', 'id'], unique=False)
    op.create_index('ix_search_entry_draft_kind_id', 'search_entry', ['draft_id', 'kind', 'id'], unique=False)
    if op.get_bind().dialect.name == 'postgresql':
        for statement in POSTGRES_OBJECTS:
            op.execute(statement)
    else:
        for statement in SQLITE_OBJECTS:
            op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP INDEX ix_search_entry_folded_tsv")
        op.execute("ALTER TABLE search_entry DROP COLUMN folded_tsv")
    else:
        for trigger in ('search_entry_after_insert', 'search_entry_after_delete', 'search_entry_after_update'):
            op.execute(f"DROP TRIGGER {trigger}")
        op.execute("DROP TABLE search_fts")
    op.drop_index('ix_search_entry_draft_kind_id', table_name='search_entry')
    op.drop_index('ix_search_entry_kind_id', table_name='search_entry')
    op.drop_table('search_entry')
