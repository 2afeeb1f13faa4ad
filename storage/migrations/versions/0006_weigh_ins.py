"""Weigh-ins: one bodyweight entry per chat message that held one (`bw 81.5`).

A new table only: no existing table is altered.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-14
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.rows import UtcDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "weigh_ins",
        sa.Column("log_message_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("weight", sa.Numeric(9, 3), nullable=False),
        sa.Column("unit", sa.String(2), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("weighed_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["log_message_id"],
            ["log_messages.id"],
            name=op.f("fk_weigh_ins_log_message_id_log_messages"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_weigh_ins_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("log_message_id", name=op.f("pk_weigh_ins")),
    )
    op.create_index("ix_weigh_ins_user_day", "weigh_ins", ["user_id", "day", "weighed_at"])


def downgrade() -> None:
    op.drop_index("ix_weigh_ins_user_day", table_name="weigh_ins")
    op.drop_table("weigh_ins")
