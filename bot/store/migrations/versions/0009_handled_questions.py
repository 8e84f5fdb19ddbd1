"""The staff portal's unanswered questions: which of them staff marked as handled, by whom
and when (`handled_questions`, one row per message, keyed by the id of Rasa's event).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "handled_questions",
        sa.Column("event_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("handled_by_id", sa.Integer(), nullable=True),
        sa.Column("handled_by_email", sa.String(length=254), nullable=False),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("group_example", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(["handled_by_id"], ["staff_users.id"],
                                name=op.f("fk_handled_questions_handled_by_id_staff_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_handled_questions")),
    )
    with op.batch_alter_table("handled_questions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_handled_questions_handled_by_id"),
                              ["handled_by_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("handled_questions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_handled_questions_handled_by_id"))
    op.drop_table("handled_questions")
