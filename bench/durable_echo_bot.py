"""The echo bot that first stores what it got: the floor for any bot that answers only once a
message is safe in its database.

Same PTB set-up as bench/echo_bot.py, on ToFailure's Bot API client (aiohttp); before replying,
each message's text goes into the database of DATABASE_URL in one transaction of one statement,
straight on the driver (no ORM, no parsing, no rules): sqlite3 in WAL mode with
synchronous=NORMAL, as the bot runs it, on the event loop; asyncpg with a pool on PostgreSQL.
What this bot costs over the echo bot is what the database costs any bot that is durable; what
ToFailure costs over this bot is its own.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.echo_bot import build_application, echo, run

TABLE = "received (update_id BIGINT PRIMARY KEY, chat_id BIGINT NOT NULL, text TEXT NOT NULL)"
INSERT = (
    "INSERT INTO received (update_id, chat_id, text) VALUES ({}, {}, {}) ON CONFLICT DO NOTHING"
)


class Store:
    """One statement per message, committed before the reply."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._sqlite: sqlite3.Connection | None = None
        self._pool: Any = None

    async def open(self) -> None:
        if self.url.startswith("postgresql"):
            import asyncpg  # type: ignore[import-untyped]

            dsn = self.url.replace("postgresql+asyncpg://", "postgresql://")
            self._pool = await asyncpg.create_pool(dsn, min_size=1, max_size=10)
            await self._pool.execute(f"CREATE TABLE IF NOT EXISTS {TABLE}")
            return
        path = self.url.split("///", 1)[1]
        self._sqlite = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._sqlite.execute("PRAGMA journal_mode=WAL")
        self._sqlite.execute("PRAGMA synchronous=NORMAL")
        self._sqlite.execute(f"CREATE TABLE IF NOT EXISTS {TABLE}")

    async def add(self, update_id: int, chat_id: int, text: str) -> None:
        if self._pool is not None:
            await self._pool.execute(INSERT.format("$1", "$2", "$3"), update_id, chat_id, text)
            return
        assert self._sqlite is not None
        self._sqlite.execute("BEGIN IMMEDIATE")
        self._sqlite.execute(INSERT.format("?", "?", "?"), (update_id, chat_id, text))
        self._sqlite.execute("COMMIT")


def main() -> None:
    store = Store(os.environ["DATABASE_URL"])

    async def open_store(_: Any) -> None:
        await store.open()

    async def store_then_echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is not None and message.text:
            await store.add(update.update_id, message.chat_id, message.text)
            await echo(update, context)

    # On ToFailure's Bot API client, as the bot it is the floor of: what is left over it is
    # the database's and ours, not the HTTP client's.
    run(build_application(store_then_echo, open_store, aiohttp=True))


if __name__ == "__main__":
    main()
