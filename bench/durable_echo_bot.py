"""The echo bot that first stores what it got: the floor for any bot that answers only once a
message is safe in its database.

Same PTB set-up as bench/echo_bot.py; before replying, each message's text goes into the
database of DATABASE_URL in one transaction of one statement, straight on the driver (no ORM,
no parsing, no rules): sqlite3 in WAL mode with synchronous=NORMAL, as the bot runs it, on the
event loop; asyncpg with a pool on PostgreSQL. What this bot costs over the echo bot is what the
database costs any bot that is durable; what ToFailure costs over this bot is its own.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from typing import Any

from telegram import Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters

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


def build_application(store: Store) -> Application[Any, Any, Any, Any, Any, Any]:
    builder = Application.builder().token(os.environ["TELEGRAM_BOT_TOKEN"])
    if base_url := os.environ.get("TELEGRAM_BASE_URL"):
        builder = builder.base_url(base_url)
    if base_file_url := os.environ.get("TELEGRAM_BASE_FILE_URL"):
        builder = builder.base_file_url(base_file_url)

    async def post_init(_: Application[Any, Any, Any, Any, Any, Any]) -> None:
        await store.open()

    application = builder.post_init(post_init).build()

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is not None and message.text:
            await store.add(update.update_id, message.chat_id, message.text)
            await message.reply_text(message.text)

    application.add_handler(MessageHandler(filters.TEXT, echo))
    return application


def main() -> None:
    logging.basicConfig(
        level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s %(message)s"
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)
    store = Store(os.environ["DATABASE_URL"])
    build_application(store).run_polling(poll_interval=0.0, allowed_updates=[Update.MESSAGE])


if __name__ == "__main__":
    main()
