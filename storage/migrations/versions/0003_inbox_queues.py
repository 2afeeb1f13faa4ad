"""Inbox as per-chat queues: chat_id, answered_at, the waiting index.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-15
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.rows import UtcDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_WAITING = "answered_at IS NULL"


def upgrade() -> None:
    with op.batch_alter_table("inbox") as batch:
        batch.add_column(sa.Column("chat_id", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("answered_at", UtcDateTime(), nullable=True))
        batch.drop_index("ix_inbox_done_at")
    # Updates finished before this revision were answered then; unfinished ones are replayed
    # (their chat is unknown: they form the queue of "no chat", still in update_id order).
    op.execute("UPDATE inbox SET answered_at = done_at WHERE done_at IS NOT NULL")
    op.create_index(
        "ix_inbox_waiting",
        "inbox",
        ["chat_id", "update_id"],
        postgresql_where=sa.text(_WAITING),
        sqlite_where=sa.text(_WAITING),
    )
    op.create_index("ix_inbox_answered_at", "inbox", ["answered_at"])


def downgrade() -> None:
    op.drop_index("ix_inbox_answered_at", table_name="inbox")
    op.drop_index("ix_inbox_waiting", table_name="inbox")
    with op.batch_alter_table("inbox") as batch:
        batch.drop_column("answered_at")
        batch.drop_column("chat_id")
        batch.create_index("ix_inbox_done_at", ["done_at"])
