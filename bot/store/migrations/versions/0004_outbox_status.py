"""Outbox status (pending/delivered/failed/skipped) and a stable event id per notification.

Existing rows get a fresh event id each and "delivered" if they were, else "pending".

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 21:05:00.000000
"""

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

STATUSES = ("pending", "delivered", "failed", "skipped")
# The CHECK constraint is created by name below, not by the type: in batch mode on SQLite the
# type would add it a second time under another name.
STATUS = sa.Enum(
    *STATUSES,
    name="notification_status",
    native_enum=False,
    create_constraint=False,
    length=10,
)
STATUS_CHECK = "status IN ({})".format(", ".join(f"'{status}'" for status in STATUSES))
notifications = sa.table(
    "notifications",
    sa.column("id", sa.Integer()),
    sa.column("event_id", sa.String(length=36)),
    sa.column("status", sa.String(length=10)),
    sa.column("delivered_at", sa.DateTime(timezone=True)),
)


def upgrade() -> None:
    # A plain nullable column first (no table copy on SQLite), filled in before it becomes
    # NOT NULL and unique below.
    op.add_column("notifications", sa.Column("event_id", sa.String(length=36), nullable=True))
    connection = op.get_bind()
    ids = connection.execute(sa.select(notifications.c.id)).scalars().all()
    for notification_id in ids:
        connection.execute(
            notifications.update()
            .where(notifications.c.id == notification_id)
            .values(event_id=str(uuid.uuid4()))
        )

    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.alter_column("event_id", existing_type=sa.String(length=36), nullable=False)
        batch_op.add_column(
            sa.Column("status", STATUS, server_default="pending", nullable=False)
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_notifications_notification_status"), STATUS_CHECK
        )
        batch_op.create_unique_constraint(batch_op.f("uq_notifications_event_id"), ["event_id"])
        batch_op.create_index(batch_op.f("ix_notifications_status"), ["status"], unique=False)

    connection.execute(
        notifications.update()
        .where(notifications.c.delivered_at.is_not(None))
        .values(status="delivered")
    )


def downgrade() -> None:
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notifications_status"))
        batch_op.drop_constraint(batch_op.f("uq_notifications_event_id"), type_="unique")
        batch_op.drop_constraint(batch_op.f("ck_notifications_notification_status"),
                                 type_="check")
        batch_op.drop_column("status")
        batch_op.drop_column("event_id")
