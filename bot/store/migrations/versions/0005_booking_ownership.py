"""Bookings and leads belong to their owner.

- `leads.phone` is no longer unique: an intake with a number that already has a lead, not
  proven to be the visitor's, is stored as its own lead pointing at the first one
  (`duplicate_of_id`), for staff to merge. One original lead per number stays unique.
- One live consultation per lead (a partial unique index, like the one on start times).
- `booking_lookup_failures` counts failed tries to find a booking by reference and number.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

ORIGINAL = "duplicate_of_id IS NULL"
LIVE = "status != 'cancelled'"


def upgrade() -> None:
    _refuse_leads_with_several_live_consultations()
    # SQLite cannot drop a table constraint: batch mode copies the table (env.py turns foreign
    # keys off for migrations, or dropping the old table would cascade to assessments).
    with op.batch_alter_table("leads", schema=None) as batch_op:
        batch_op.drop_constraint("uq_leads_phone", type_="unique")
        batch_op.add_column(sa.Column("duplicate_of_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_leads_duplicate_of_id_leads", "leads", ["duplicate_of_id"], ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_index("ix_leads_phone", ["phone"], unique=False)
        batch_op.create_index("ix_leads_duplicate_of_id", ["duplicate_of_id"], unique=False)
        batch_op.create_index(
            "uq_leads_phone_original", ["phone"], unique=True,
            sqlite_where=sa.text(ORIGINAL), postgresql_where=sa.text(ORIGINAL),
        )
    with op.batch_alter_table("consultations", schema=None) as batch_op:
        batch_op.create_index(
            "uq_consultations_live_lead", ["lead_id"], unique=True,
            sqlite_where=sa.text(LIVE), postgresql_where=sa.text(LIVE),
        )
    op.create_table(
        "booking_lookup_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(length=255), nullable=False),
        sa.Column("phone_hash", sa.String(length=64), nullable=False),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_booking_lookup_failures")),
    )
    with op.batch_alter_table("booking_lookup_failures", schema=None) as batch_op:
        for column in ("conversation_id", "phone_hash", "failed_at"):
            batch_op.create_index(f"ix_booking_lookup_failures_{column}", [column], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("booking_lookup_failures", schema=None) as batch_op:
        for column in ("conversation_id", "phone_hash", "failed_at"):
            batch_op.drop_index(f"ix_booking_lookup_failures_{column}")
    op.drop_table("booking_lookup_failures")
    with op.batch_alter_table("consultations", schema=None) as batch_op:
        batch_op.drop_index("uq_consultations_live_lead")
    duplicates = op.get_bind().execute(
        sa.text("SELECT COUNT(*) FROM leads WHERE duplicate_of_id IS NOT NULL")).scalar_one()
    if duplicates:
        # The restored unique constraint cannot hold them, and deleting them loses intakes.
        raise RuntimeError(f"{duplicates} duplicate lead(s): merge them before downgrading.")
    with op.batch_alter_table("leads", schema=None) as batch_op:
        batch_op.drop_index("uq_leads_phone_original")
        batch_op.drop_index("ix_leads_duplicate_of_id")
        batch_op.drop_index("ix_leads_phone")
        batch_op.drop_constraint("fk_leads_duplicate_of_id_leads", type_="foreignkey")
        batch_op.drop_column("duplicate_of_id")
        batch_op.create_unique_constraint("uq_leads_phone", ["phone"])


def _refuse_leads_with_several_live_consultations() -> None:
    # Booking before this revision allowed it; cancelling one of them here would be guessing
    # which the visitor meant, so staff decide first.
    crowded = op.get_bind().execute(sa.text(
        f"SELECT COUNT(*) FROM (SELECT lead_id FROM consultations WHERE {LIVE} "
        "GROUP BY lead_id HAVING COUNT(*) > 1) AS crowded"
    )).scalar_one()
    if crowded:
        raise RuntimeError(
            f"{crowded} lead(s) have more than one live consultation. Cancel the extra ones "
            "(UPDATE consultations SET status = 'cancelled' WHERE reference = '...') and run "
            "the upgrade again."
        )
