"""Initial schema: users, log messages, set records, inbox, deload weeks.

Revision ID: 0001
Revises:
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.rows import UtcDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("unit", sa.String(2), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("week_start", sa.String(6), nullable=False),
        sa.Column("deload_every_weeks", sa.Integer(), nullable=False),
        sa.Column("rules_off", sa.JSON(), nullable=False),
        sa.Column("thresholds", sa.JSON(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.Column("blocked_at", UtcDateTime(), nullable=True),
        sa.Column("awaiting", sa.String(16), nullable=True),
        sa.Column("sets_revision", sa.BigInteger(), nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
    )
    op.create_table(
        "log_messages",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("received_at", UtcDateTime(), nullable=False),
        sa.Column("edited_at", UtcDateTime(), nullable=True),
        sa.Column("undone_at", UtcDateTime(), nullable=True),
        sa.Column("undo_message_id", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_log_messages_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_log_messages")),
        sa.UniqueConstraint(
            "chat_id", "message_id", name=op.f("uq_log_messages_chat_id_message_id")
        ),
    )
    op.create_index("ix_log_messages_user_received", "log_messages", ["user_id", "received_at"])
    op.create_index("ix_log_messages_chat_undo", "log_messages", ["chat_id", "undo_message_id"])
    op.create_table(
        "set_records",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("log_message_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("workout_id", sa.BigInteger(), nullable=False),
        sa.Column("exercise", sa.String(64), nullable=False),
        sa.Column("weight", sa.Numeric(9, 3), nullable=False),
        sa.Column("unit", sa.String(2), nullable=False),
        sa.Column("bodyweight", sa.Boolean(), nullable=False),
        sa.Column("reps", sa.Integer(), nullable=True),
        sa.Column("seconds", sa.Integer(), nullable=True),
        sa.Column("failure", sa.String(16), nullable=True),
        sa.Column("rpe", sa.Numeric(3, 1), nullable=True),
        sa.Column("rir", sa.Numeric(3, 1), nullable=True),
        sa.Column("warmup", sa.Boolean(), nullable=False),
        sa.Column("drop", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("logged_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["log_message_id"],
            ["log_messages.id"],
            name=op.f("fk_set_records_log_message_id_log_messages"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_set_records_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_set_records")),
        sa.UniqueConstraint(
            "log_message_id", "position", name=op.f("uq_set_records_log_message_id_position")
        ),
    )
    op.create_index("ix_set_records_user_logged", "set_records", ["user_id", "logged_at"])
    op.create_index("ix_set_records_workout", "set_records", ["workout_id"])
    op.create_table(
        "inbox",
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("received_at", UtcDateTime(), nullable=False),
        sa.Column("done_at", UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("update_id", name=op.f("pk_inbox")),
    )
    op.create_index(op.f("ix_inbox_done_at"), "inbox", ["done_at"])
    op.create_table(
        "deload_weeks",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_deload_weeks_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "week_start", name=op.f("pk_deload_weeks")),
    )


def downgrade() -> None:
    op.drop_table("deload_weeks")
    op.drop_index(op.f("ix_inbox_done_at"), table_name="inbox")
    op.drop_table("inbox")
    op.drop_index("ix_set_records_workout", table_name="set_records")
    op.drop_index("ix_set_records_user_logged", table_name="set_records")
    op.drop_table("set_records")
    op.drop_index("ix_log_messages_chat_undo", table_name="log_messages")
    op.drop_index("ix_log_messages_user_received", table_name="log_messages")
    op.drop_table("log_messages")
    op.drop_table("users")
