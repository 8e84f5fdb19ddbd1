"""Texting: numbers with their opt-outs, incoming texts by MessageSid with their replies,
verification codes, and the aftercare check-in of a treated consultation.

- `sms_numbers`: one row per mobile number that texts or is texted: STOP/START with times, the
  numbered choices of the last reply.
- `sms_messages`: each incoming MessageSid once, with the reply that answers Twilio's retries.
- `sms_codes`: 6-digit codes that prove a number on the web (salted hash, expiry, tries).
- `consultations.treated_at`, `aftercare_answer`, `aftercare_answered_at`.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sms_numbers",
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("first_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_message_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("opted_out", sa.Boolean(), nullable=False),
        sa.Column("opted_out_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("opted_in_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_buttons", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("phone", name=op.f("pk_sms_numbers")),
    )
    op.create_table(
        "sms_messages",
        sa.Column("message_sid", sa.String(length=64), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reply", sa.JSON(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("message_sid", name=op.f("pk_sms_messages")),
    )
    with op.batch_alter_table("sms_messages", schema=None) as batch_op:
        batch_op.create_index("ix_sms_messages_received_at", ["received_at"], unique=False)
    op.create_table(
        "sms_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(length=255), nullable=False),
        sa.Column("phone_hash", sa.String(length=64), nullable=False),
        sa.Column("code_hash", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tries", sa.Integer(), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sms_codes")),
    )
    with op.batch_alter_table("sms_codes", schema=None) as batch_op:
        for column in ("conversation_id", "phone_hash", "created_at"):
            batch_op.create_index(f"ix_sms_codes_{column}", [column], unique=False)
    with op.batch_alter_table("consultations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("treated_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("aftercare_answer", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("aftercare_answered_at", sa.DateTime(timezone=True),
                                      nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("consultations", schema=None) as batch_op:
        batch_op.drop_column("aftercare_answered_at")
        batch_op.drop_column("aftercare_answer")
        batch_op.drop_column("treated_at")
    with op.batch_alter_table("sms_codes", schema=None) as batch_op:
        for column in ("conversation_id", "phone_hash", "created_at"):
            batch_op.drop_index(f"ix_sms_codes_{column}")
    op.drop_table("sms_codes")
    with op.batch_alter_table("sms_messages", schema=None) as batch_op:
        batch_op.drop_index("ix_sms_messages_received_at")
    op.drop_table("sms_messages")
    op.drop_table("sms_numbers")
