"""Synchronous reads of a bot's database (SQLite or PostgreSQL) for end-to-end assertions."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from sqlalchemy import text

from storage.db import make_engine
from tests.dbs import POSTGRES_ENV


def query(url: str, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
    async def run() -> list[tuple[Any, ...]]:
        engine = make_engine(url)
        try:
            async with engine.connect() as conn:
                return [tuple(r) for r in (await conn.execute(text(sql), dict(params or {})))]
        finally:
            await engine.dispose()

    return asyncio.run(run())


def execute(url: str, sql: str, autocommit: bool = True) -> None:
    async def run() -> None:
        engine = make_engine(url, **({"isolation_level": "AUTOCOMMIT"} if autocommit else {}))
        try:
            async with engine.begin() as conn:
                await conn.execute(text(sql))
        finally:
            await engine.dispose()

    asyncio.run(run())


@contextmanager
def scratch_database(admin: str | None = None, prefix: str = "tofailure_e2e") -> Iterator[str]:
    """A new PostgreSQL database on the test server (dropped afterwards); its URL."""
    url = admin or os.environ[POSTGRES_ENV]
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    execute(url, f'CREATE DATABASE "{name}"')
    try:
        yield url.rsplit("/", 1)[0] + "/" + name
    finally:
        execute(url, f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        execute(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def database_name(url: str) -> str:
    return url.rsplit("/", 1)[1].split("?")[0]


def refuse_connections(url: str, refuse: bool) -> None:
    """Cut a scratch database off (every backend terminated, new connections refused), or let
    it accept connections again; run through the maintenance database of the same server."""
    admin = os.environ[POSTGRES_ENV]
    name = database_name(url)
    execute(admin, f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {"false" if refuse else "true"}')
    if refuse:
        terminate_backends(url)


def terminate_backends(url: str) -> None:
    """End every session of the database (a connection that was starting while it was cut
    off may still get through: call again while an outage lasts)."""
    execute(
        os.environ[POSTGRES_ENV],
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        f"WHERE datname = '{database_name(url)}' AND pid <> pg_backend_pid()",
    )


def stored_messages(url: str) -> list[tuple[int, int, int]]:
    """(chat, message, set count) of every logged, not undone message."""
    return [
        (int(c), int(m), int(n))
        for c, m, n in query(
            url,
            "SELECT l.chat_id, l.message_id, count(s.id) FROM log_messages l "
            "LEFT JOIN set_records s ON s.log_message_id = l.id WHERE l.undone_at IS NULL "
            "GROUP BY l.chat_id, l.message_id ORDER BY l.chat_id, l.message_id",
        )
    ]
