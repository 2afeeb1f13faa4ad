"""Your data in and out: custom exercises, imports, workout titles, per-set import keys.

Only new tables, new nullable columns and new indexes: no table is rebuilt (on SQLite a rebuild
of log_messages would cascade-delete every set through the foreign key).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-10
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.rows import UtcDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("exercises_revision", sa.BigInteger(), nullable=True))
    op.add_column("log_messages", sa.Column("title", sa.Text(), nullable=True))
    op.add_column("log_messages", sa.Column("import_id", sa.Integer(), nullable=True))
    op.create_index("ix_log_messages_import", "log_messages", ["import_id"])
    op.add_column("set_records", sa.Column("import_key", sa.String(32), nullable=True))
    op.create_index(
        "ix_set_records_user_import_key", "set_records", ["user_id", "import_key"], unique=True
    )
    op.create_table(
        "custom_exercises",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("exercise_id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("name_key", sa.String(64), nullable=False),
        sa.Column("muscle", sa.String(32), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_custom_exercises_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_custom_exercises")),
        sa.UniqueConstraint(
            "user_id", "exercise_id", name=op.f("uq_custom_exercises_user_id_exercise_id")
        ),
        sa.UniqueConstraint(
            "user_id", "name_key", name=op.f("uq_custom_exercises_user_id_name_key")
        ),
    )
    op.create_table(
        "imports",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("file_ref", sa.Text(), nullable=False),
        sa.Column("file_name", sa.String(255), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("format", sa.String(16), nullable=False),
        sa.Column("sets", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("keep_custom", sa.Boolean(), nullable=True),
        sa.Column("added", sa.Integer(), nullable=True),
        sa.Column("already", sa.Integer(), nullable=True),
        sa.Column("finished_at", UtcDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_imports_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_imports")),
    )
    op.create_index("ix_imports_user_created", "imports", ["user_id", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_imports_user_created", table_name="imports")
    op.drop_table("imports")
    op.drop_table("custom_exercises")
    # Plain ALTER TABLE … DROP COLUMN (SQLite 3.35+): a batch rebuild of log_messages would
    # cascade-delete the sets.
    op.drop_index("ix_set_records_user_import_key", table_name="set_records")
    op.drop_column("set_records", "import_key")
    op.drop_index("ix_log_messages_import", table_name="log_messages")
    op.drop_column("log_messages", "import_id")
    op.drop_column("log_messages", "title")
    op.drop_column("users", "exercises_revision")
