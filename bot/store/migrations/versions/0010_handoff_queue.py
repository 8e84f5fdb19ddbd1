"""Talking to a person: the staff portal's queue of conversations that asked for one
(`handoff_requests`, one waiting entry per conversation) and who took over a conversation
(`conversation_holds`).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

WAITING = "closed_at IS NULL"


def upgrade() -> None:
    op.create_table(
        "handoff_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(length=255), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=True),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by_id", sa.Integer(), nullable=True),
        sa.Column("closed_by_email", sa.String(length=254), nullable=True),
        sa.Column("closed_how", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(
            ["lead_id"],
            ["leads.id"],
            name=op.f("fk_handoff_requests_lead_id_leads"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["closed_by_id"],
            ["staff_users.id"],
            name=op.f("fk_handoff_requests_closed_by_id_staff_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handoff_requests")),
    )
    with op.batch_alter_table("handoff_requests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_handoff_requests_lead_id"), ["lead_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_handoff_requests_closed_by_id"), ["closed_by_id"], unique=False
        )
        batch_op.create_index(
            "uq_handoff_requests_waiting_conversation",
            ["conversation_id"],
            unique=True,
            sqlite_where=sa.text(WAITING),
            postgresql_where=sa.text(WAITING),
        )
        batch_op.create_index(
            "ix_handoff_requests_waiting_requested_at",
            ["requested_at"],
            unique=False,
            sqlite_where=sa.text(WAITING),
            postgresql_where=sa.text(WAITING),
        )
    op.create_table(
        "conversation_holds",
        sa.Column("conversation_id", sa.String(length=255), nullable=False),
        sa.Column("staff_user_id", sa.Integer(), nullable=True),
        sa.Column("staff_email", sa.String(length=254), nullable=False),
        sa.Column("display_name", sa.String(length=40), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["staff_user_id"],
            ["staff_users.id"],
            name=op.f("fk_conversation_holds_staff_user_id_staff_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("conversation_id", name=op.f("pk_conversation_holds")),
    )
    with op.batch_alter_table("conversation_holds", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_conversation_holds_staff_user_id"), ["staff_user_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("conversation_holds", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conversation_holds_staff_user_id"))
    op.drop_table("conversation_holds")
    with op.batch_alter_table("handoff_requests", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_handoff_requests_waiting_requested_at",
            sqlite_where=sa.text(WAITING),
            postgresql_where=sa.text(WAITING),
        )
        batch_op.drop_index(
            "uq_handoff_requests_waiting_conversation",
            sqlite_where=sa.text(WAITING),
            postgresql_where=sa.text(WAITING),
        )
        batch_op.drop_index(batch_op.f("ix_handoff_requests_closed_by_id"))
        batch_op.drop_index(batch_op.f("ix_handoff_requests_lead_id"))
    op.drop_table("handoff_requests")
