"""Migration 0004 on a database with a log in it: every set is still there after the upgrade
and after going back (no table is rebuilt, so no foreign key cascades through a copy)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.db import make_engine
from storage.migrate import alembic_config
from tests.dbs import BACKENDS, postgres_schema, postgres_url


@pytest.fixture(params=BACKENDS)
async def bare(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    """An engine on an empty database: the test runs the migrations itself."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
        yield engine
        await engine.dispose()
        return
    async with postgres_schema() as schema:
        engine = make_engine(
            postgres_url(), connect_args={"server_settings": {"search_path": schema}}
        )
        yield engine
        await engine.dispose()


def _to(revision: str, down: bool = False) -> object:
    def run(connection: Connection) -> None:
        cfg = alembic_config()
        cfg.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(cfg, revision)

    return run


SEED = [
    "INSERT INTO users (id, unit, timezone, week_start, deload_every_weeks, rules_off, "
    "thresholds, created_at, updated_at, sets_revision) VALUES (7, 'kg', 'UTC', 'monday', 6, "
    "'[]', '{}', '2026-03-01 10:00:00', '2026-03-01 10:00:00', 3)",
    "INSERT INTO log_messages (id, user_id, chat_id, message_id, text, received_at) "
    "VALUES (1, 7, 7, 11, 'bench 80x8', '2026-03-01 10:00:00')",
    "INSERT INTO set_records (user_id, log_message_id, position, workout_id, exercise, weight, "
    'unit, bodyweight, reps, warmup, "drop", line, logged_at) VALUES '
    "(7, 1, 0, 1, 'bench_press', 80, 'kg', false, 8, false, false, 1, '2026-03-01 10:00:00'), "
    "(7, 1, 1, 1, 'bench_press', 80, 'kg', false, 7, false, false, 1, '2026-03-01 10:00:00')",
]


async def _count(engine: AsyncEngine) -> int:
    async with engine.connect() as conn:
        return int((await conn.execute(text("SELECT count(*) FROM set_records"))).scalar_one())


async def test_upgrading_and_going_back_keep_every_set(bare: AsyncEngine) -> None:
    async with bare.begin() as conn:
        await conn.run_sync(_to("0003"))  # type: ignore[arg-type]
        for statement in SEED:
            await conn.execute(text(statement))
    async with bare.begin() as conn:
        await conn.run_sync(_to("head"))  # type: ignore[arg-type]
    assert await _count(bare) == 2
    async with bare.connect() as conn:
        revision = (await conn.execute(text("SELECT exercises_revision FROM users"))).scalar()
        keys = (await conn.execute(text("SELECT import_key FROM set_records"))).scalars().all()
    assert revision is None and keys == [None, None]  # nobody has own exercises or imports
    async with bare.begin() as conn:
        await conn.run_sync(_to("0003", down=True))  # type: ignore[arg-type]
    assert await _count(bare) == 2
