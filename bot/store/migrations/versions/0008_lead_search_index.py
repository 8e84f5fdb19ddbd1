"""An index for the staff portal's search ("part of a name, phone or email"), which otherwise
reads every lead: at 100,000 leads a search that finds nothing took 50-200 ms, with the index
a few.

- SQLite: an FTS5 table with the trigram tokenizer over `leads.search_text` (external
  content: it stores only the index), kept in step by triggers on `leads`.
- PostgreSQL: a trigram GIN index (pg_trgm), which serves `LIKE '%...%'` directly. Where the
  extension cannot be created (no permission), search still works, by reading every lead.

Neither is an SQLAlchemy model (`SEARCH_INDEX_OBJECTS` in bot/store/models.py names them for
the schema comparisons). A later migration that copies `leads` in batch mode on SQLite drops
the triggers with the old table: it must create them again (TRIGGERS below);
tests/web/staff/test_lead_search_index.py fails otherwise.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28
"""

import logging

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

log = logging.getLogger(__name__)

TRIGGERS = {
    "leads_search_insert": (
        "CREATE TRIGGER leads_search_insert AFTER INSERT ON leads BEGIN "
        "INSERT INTO leads_search (rowid, search_text) VALUES (new.id, new.search_text); END"),
    "leads_search_delete": (
        "CREATE TRIGGER leads_search_delete AFTER DELETE ON leads BEGIN "
        "INSERT INTO leads_search (leads_search, rowid, search_text) "
        "VALUES ('delete', old.id, old.search_text); END"),
    "leads_search_update": (
        "CREATE TRIGGER leads_search_update AFTER UPDATE OF search_text ON leads BEGIN "
        "INSERT INTO leads_search (leads_search, rowid, search_text) "
        "VALUES ('delete', old.id, old.search_text); "
        "INSERT INTO leads_search (rowid, search_text) VALUES (new.id, new.search_text); END"),
}
GIN_INDEX = "ix_leads_search_text_trgm"


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE leads_search USING fts5(search_text, content='leads', "
            "content_rowid='id', tokenize='trigram')")
        for statement in TRIGGERS.values():
            op.execute(statement)
        op.execute("INSERT INTO leads_search (leads_search) VALUES ('rebuild')")
    elif bind.dialect.name == "postgresql":
        try:
            with bind.begin_nested():
                bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
        except sa.exc.DBAPIError as error:
            log.warning("No trigram index for the staff portal's search (pg_trgm: %s); "
                        "search reads every lead instead.", error.orig)
            return
        op.execute(f"CREATE INDEX {GIN_INDEX} ON leads USING gin (search_text gin_trgm_ops)")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for name in TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS leads_search")
    elif bind.dialect.name == "postgresql":
        op.execute(f"DROP INDEX IF EXISTS {GIN_INDEX}")
