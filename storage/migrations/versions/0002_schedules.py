"""Schedules and deliveries: per-user weekly slots and the exactly-once delivery ledger.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-08
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from core.schedule import default_summary_slot, next_run_at
from storage.rows import UtcDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "schedules",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("local_time", sa.Time(), nullable=False),
        sa.Column("zone", sa.String(64), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("next_run_at", UtcDateTime(), nullable=True),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_schedules_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "kind", name=op.f("pk_schedules")),
    )
    op.create_index("ix_schedules_due", "schedules", ["enabled", "next_run_at"])
    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("period", sa.String(16), nullable=False),
        sa.Column("run_at", UtcDateTime(), nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UtcDateTime(), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("sent_at", UtcDateTime(), nullable=True),
        sa.Column("error", sa.String(200), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_deliveries_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deliveries")),
        sa.UniqueConstraint(
            "user_id", "kind", "period", name=op.f("uq_deliveries_user_id_kind_period")
        ),
    )
    op.create_index("ix_deliveries_next_attempt", "deliveries", ["next_attempt_at"])
    _default_schedules_for_existing_users()


def _default_schedules_for_existing_users() -> None:
    # Users from before this revision get the Sunday 18:00 summary new users get.
    conn = op.get_bind()
    users = conn.execute(sa.text("SELECT id, timezone FROM users")).all()
    if not users:
        return
    now = datetime.now(UTC)
    schedules = sa.table(
        "schedules",
        sa.column("user_id", sa.BigInteger()),
        sa.column("kind", sa.String()),
        sa.column("weekday", sa.Integer()),
        sa.column("local_time", sa.Time()),
        sa.column("zone", sa.String()),
        sa.column("enabled", sa.Boolean()),
        sa.column("next_run_at", UtcDateTime()),
        sa.column("updated_at", UtcDateTime()),
    )
    rows = []
    for user_id, zone in users:
        slot = default_summary_slot(zone)
        rows.append(
            {
                "user_id": user_id,
                "kind": "summary",
                "weekday": slot.weekday,
                "local_time": slot.local_time,
                "zone": zone,
                "enabled": True,
                "next_run_at": next_run_at(slot, now),
                "updated_at": now,
            }
        )
    op.bulk_insert(schedules, rows)


def downgrade() -> None:
    op.drop_index("ix_deliveries_next_attempt", table_name="deliveries")
    op.drop_table("deliveries")
    op.drop_index("ix_schedules_due", table_name="schedules")
    op.drop_table("schedules")
