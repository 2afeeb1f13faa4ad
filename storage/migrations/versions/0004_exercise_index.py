"""Stats: an index over one user's sets of one exercise, covering what records group by.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07
"""

from __future__ import annotations

from alembic import op

# Spelled out, not imported from storage.rows: a migration stays what it was when written.
COLUMNS = [
    "user_id",
    "exercise",
    "weight",
    "unit",
    "bodyweight",
    "warmup",
    "drop",
    "reps",
    "seconds",
    "failure",
    "rir",
    "rpe",
    "logged_at",
]
revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_set_records_user_exercise", "set_records", COLUMNS)


def downgrade() -> None:
    op.drop_index("ix_set_records_user_exercise", table_name="set_records")
