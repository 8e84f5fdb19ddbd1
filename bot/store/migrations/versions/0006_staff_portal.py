"""The staff portal: accounts, failed sign-ins, notes, status changes, the audit log, its
cookie-signing key, and what the lead list filters and searches by.

- `leads.status` may be "not_candidate" (the column grows to 16 characters).
- `leads.band`, `recommendation`, `safety_flags`: the latest assessment's result, filled in
  here for existing leads; `search_text` for the search. Indexes for the list's newest-first
  order, alone and within each filter.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28
"""

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

OLD_STATUSES = ("new", "contacted", "booked", "closed")
NEW_STATUSES = ("new", "contacted", "booked", "not_candidate", "closed")
# Copied, not imported: a migration must keep doing what it did when the models change.
SAFETY_FLAGS = {
    "isotretinoin_recent", "pregnant_or_breastfeeding", "face_infection", "active_acne",
    "keloid_tendency", "bleeding_risk", "immune_suppression", "safety_answer_unsure",
    "under_18",
}
LIST_INDEXES = {
    "ix_leads_created_at_id": ["created_at", "id"],
    "ix_leads_status_created_at": ["status", "created_at", "id"],
    "ix_leads_channel_created_at": ["channel", "created_at", "id"],
    "ix_leads_band_created_at": ["band", "created_at", "id"],
    "ix_leads_recommendation_created_at": ["recommendation", "created_at", "id"],
}


def _check(statuses: tuple) -> str:
    return "status IN ({})".format(", ".join(f"'{status}'" for status in statuses))


def upgrade() -> None:
    with op.batch_alter_table("leads", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_leads_lead_status"), type_="check")
        batch_op.alter_column("status", existing_type=sa.String(length=10),
                              type_=sa.String(length=16), existing_nullable=False)
        batch_op.create_check_constraint(batch_op.f("ck_leads_lead_status"),
                                         _check(NEW_STATUSES))
        batch_op.add_column(sa.Column("band", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("recommendation", sa.String(length=24), nullable=True))
        batch_op.add_column(sa.Column("safety_flags", sa.String(length=400), nullable=False,
                                      server_default=sa.text("''")))
        batch_op.add_column(sa.Column("search_text", sa.String(length=400), nullable=False,
                                      server_default=sa.text("''")))
        for name, columns in LIST_INDEXES.items():
            batch_op.create_index(name, columns, unique=False)
    _fill_lead_summaries()

    op.create_table(
        "staff_users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("role", sa.Enum("staff", "admin", name="staff_role", native_enum=False,
                                  create_constraint=True, length=10), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("session_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_sign_in_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_users")),
        sa.UniqueConstraint("email", name=op.f("uq_staff_users_email")),
    )
    op.create_table(
        "sign_in_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email_hash", sa.String(length=64), nullable=False),
        sa.Column("address_hash", sa.String(length=64), nullable=False),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_failures")),
    )
    _indexes("sign_in_failures", "email_hash", "address_hash", "failed_at")
    op.create_table(
        "lead_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.String(length=4000), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _lead_key("lead_notes", "CASCADE"),
        _author_key("lead_notes", "author_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lead_notes")),
    )
    _indexes("lead_notes", "lead_id", "author_id")
    op.create_table(
        "lead_status_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("from_status", sa.String(length=16), nullable=False),
        sa.Column("to_status", sa.String(length=16), nullable=False),
        sa.Column("note", sa.String(length=4000), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _lead_key("lead_status_changes", "CASCADE"),
        _author_key("lead_status_changes", "author_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lead_status_changes")),
    )
    _indexes("lead_status_changes", "lead_id", "author_id", "created_at")
    op.create_table(
        "audit_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_user_id", sa.Integer(), nullable=True),
        sa.Column("staff_email", sa.String(length=254), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=True),
        sa.Column("lead_reference", sa.String(length=16), nullable=True),
        sa.Column("detail", sa.String(length=1000), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _lead_key("audit_entries", "SET NULL"),
        _author_key("audit_entries", "staff_user_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entries")),
    )
    _indexes("audit_entries", "staff_user_id", "lead_id", "created_at")
    op.create_table(
        "portal_secrets",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("value", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_portal_secrets")),
    )


def downgrade() -> None:
    for table in ("portal_secrets", "audit_entries", "lead_status_changes", "lead_notes",
                  "sign_in_failures", "staff_users"):
        op.drop_table(table)
    not_candidates = op.get_bind().execute(sa.text(
        "SELECT COUNT(*) FROM leads WHERE status = 'not_candidate'")).scalar_one()
    if not_candidates:
        raise RuntimeError(f"{not_candidates} lead(s) are 'not_candidate', which the older "
                           "schema cannot hold: change their status before downgrading.")
    with op.batch_alter_table("leads", schema=None) as batch_op:
        for name in LIST_INDEXES:
            batch_op.drop_index(name)
        for column in ("search_text", "safety_flags", "recommendation", "band"):
            batch_op.drop_column(column)
        batch_op.drop_constraint(batch_op.f("ck_leads_lead_status"), type_="check")
        batch_op.alter_column("status", existing_type=sa.String(length=16),
                              type_=sa.String(length=10), existing_nullable=False)
        batch_op.create_check_constraint(batch_op.f("ck_leads_lead_status"),
                                         _check(OLD_STATUSES))


def _lead_key(table: str, on_delete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["lead_id"], ["leads.id"],
                                   name=op.f(f"fk_{table}_lead_id_leads"), ondelete=on_delete)


def _author_key(table: str, column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], ["staff_users.id"],
                                   name=op.f(f"fk_{table}_{column}_staff_users"),
                                   ondelete="SET NULL")


def _indexes(table: str, *columns: str) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in columns:
            batch_op.create_index(batch_op.f(f"ix_{table}_{column}"), [column], unique=False)


def _fill_lead_summaries() -> None:
    connection = op.get_bind()
    leads = connection.execute(sa.text("SELECT id, name, email, phone FROM leads")).all()
    latest = {}
    for lead_id, band, recommendation, flags in connection.execute(sa.text(
            "SELECT lead_id, band, recommendation, flags FROM assessments "
            "ORDER BY created_at, id")):
        latest[lead_id] = (band, recommendation, flags)
    for lead_id, name, email, phone in leads:
        band, recommendation, flags = latest.get(lead_id, (None, None, "[]"))
        connection.execute(
            sa.text("UPDATE leads SET band = :band, recommendation = :recommendation, "
                    "safety_flags = :flags, search_text = :search WHERE id = :id"),
            {"band": band, "recommendation": recommendation, "flags": _flag_text(flags),
             "search": _search_text(name, email, phone), "id": lead_id},
        )


def _flag_text(flags: Any) -> str:
    values = json.loads(flags) if isinstance(flags, str) else flags or []
    chosen = sorted({f for f in values if f in SAFETY_FLAGS or f.startswith("red_flag_")})
    return f" {' '.join(chosen)} " if chosen else ""


def _search_text(name: str | None, email: str | None, phone: str | None) -> str:
    digits = "".join(c for c in phone or "" if c.isdigit())
    national = digits[1:] if digits.startswith("1") else digits
    return " ".join(p for p in ((name or "").lower(), (email or "").lower(), digits, national)
                    if p)[:400]
