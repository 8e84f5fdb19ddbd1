"""The language a lead spoke with the assistant (`leads.language`, "en" or "es"), so staff
call back in it; leads from before this migration spoke English.

Added without batch mode: on SQLite a batch copy of `leads` would drop the search index's
triggers (migration 0008), and ADD COLUMN with a constant default needs no copy.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

INDEX = "ix_leads_language_created_at"


def upgrade() -> None:
    op.add_column("leads", sa.Column("language", sa.String(length=2), nullable=False,
                                     server_default=sa.text("'en'")))
    op.create_index(INDEX, "leads", ["language", "created_at", "id"], unique=False)


def downgrade() -> None:
    op.drop_index(INDEX, table_name="leads")
    op.drop_column("leads", "language")
