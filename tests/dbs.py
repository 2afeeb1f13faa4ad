"""Test databases: a fresh SQLite file, and (when TOFAILURE_TEST_POSTGRES_URL is set) a fresh
PostgreSQL schema per test, so parallel runs and tests never trip over each other."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.db import make_engine
from storage.migrate import migrate

POSTGRES_ENV = "TOFAILURE_TEST_POSTGRES_URL"
BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=[
            pytest.mark.postgres,
            pytest.mark.skipif(
                not os.environ.get(POSTGRES_ENV), reason=f"{POSTGRES_ENV} is not set"
            ),
        ],
    ),
]


def postgres_url() -> str:
    return os.environ[POSTGRES_ENV]


@asynccontextmanager
async def postgres_schema() -> AsyncIterator[str]:
    """A new schema on the test server, dropped afterwards; yields its name."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = make_engine(postgres_url())
    async with admin.begin() as conn:
        await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield schema
    finally:
        async with admin.begin() as conn:
            await conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        await admin.dispose()


@asynccontextmanager
async def migrated_engine(backend: str, tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    if backend == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'test.db'}")
        await migrate(engine)
        try:
            yield engine
        finally:
            await engine.dispose()
        return
    async with postgres_schema() as schema:
        engine = make_engine(
            postgres_url(), connect_args={"server_settings": {"search_path": schema}}
        )
        await migrate(engine)
        try:
            yield engine
        finally:
            await engine.dispose()
