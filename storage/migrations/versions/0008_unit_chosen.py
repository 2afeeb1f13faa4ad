"""When the lifter chose their unit (/start's kg/lb, /units, the first log's "It was lb"):
until then a first log whose loads had no unit says which one it took and offers the other.

A new nullable column only (set for accounts in lb or with a setting changed): no table is
rebuilt.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.rows import UtcDateTime

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("unit_chosen_at", UtcDateTime(), nullable=True))
    # Accounts from before: lb, or any setting changed since they were made, count as chosen.
    op.execute(
        "UPDATE users SET unit_chosen_at = updated_at "
        "WHERE unit <> 'kg' OR updated_at <> created_at"
    )


def downgrade() -> None:
    # Plain ALTER TABLE … DROP COLUMN (SQLite 3.35+): a batch rebuild of users would cascade.
    op.drop_column("users", "unit_chosen_at")
