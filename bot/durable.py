"""Exactly-once intake: updates go to our inbox table before the next getUpdates confirms them.

PTB confirms a batch to Telegram (the next getUpdates offset) before handlers finish. Storing the
batch first means a crash between that confirmation and the handler's commit loses nothing: the
update is replayed at the next start, and logging is idempotent on (chat, message).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Sequence
from typing import Any

from telegram import Update
from telegram.ext import Application, BaseUpdateProcessor, ExtBot

from service import inbox
from service.services import Services

log = logging.getLogger(__name__)

PURGE_EVERY_S = 3600.0  # finished updates are kept two days (service.inbox.KEEP_DONE)


class DurableBot(ExtBot[Any]):
    """An ExtBot whose getUpdates stores each batch in the inbox before returning it."""

    def __init__(self, *args: Any, services: Services, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._services = services
        # Updates in the inbox that have not been marked done yet (polled or replayed).
        # Webhook updates never enter it, so they are never tracked here.
        self._open: set[int] = set()
        # Updates already queued from the inbox at start-up; Telegram may send them again
        # when they were never confirmed, and they must not run twice.
        self._replayed: set[int] = set()
        # Finished updates, marked done with the next batch's write (one transaction per poll
        # instead of one per update). A crash before that write replays them, and every
        # handler is idempotent, so the cost of losing these marks is a repeated reply.
        self._done: list[int] = []
        self._last_purge = 0.0

    def mark_replayed(self, update_id: int) -> None:
        self._replayed.add(update_id)
        self._open.add(update_id)

    def finished(self, update_id: int) -> None:
        if update_id in self._open:
            self._open.discard(update_id)
            self._done.append(update_id)

    async def flush_done(self) -> None:
        await self._write([])

    async def _write(self, updates: Sequence[Update]) -> None:
        if not updates and not self._done:
            return
        done, self._done = self._done, []
        try:
            await inbox.store(self._services, [(u.update_id, u.to_dict()) for u in updates], done)
        except BaseException:
            self._done[:0] = done  # keep the marks for the next write
            raise
        self._open.update(u.update_id for u in updates)
        if updates and time.monotonic() - self._last_purge > PURGE_EVERY_S:
            self._last_purge = time.monotonic()
            await inbox.purge(self._services)

    async def get_updates(self, *args: Any, **kwargs: Any) -> tuple[Update, ...]:
        updates = await super().get_updates(*args, **kwargs)
        if self._replayed:
            updates = tuple(u for u in updates if u.update_id not in self._replayed)
        # Stored before this returns, so before the next getUpdates confirms the batch.
        await self._write(updates)
        return updates


class DurableApplication(Application[Any, Any, Any, Any, Any, Any]):
    """Marks an update done in the inbox once its handlers have run."""

    async def process_update(self, update: object) -> None:
        # Handler errors are caught inside (and answered by the error handler); what escapes
        # is a cancellation at shutdown, and then the update must stay pending for a replay.
        await super().process_update(update)
        if isinstance(update, Update) and isinstance(self.bot, DurableBot):
            self.bot.finished(update.update_id)


class PerChatProcessor(BaseUpdateProcessor):
    """Concurrent across chats, strictly in order within one chat.

    A user's next line may continue the exercise of the previous message, so one chat's
    updates must not overtake each other; different users need not wait for each other.
    """

    def __init__(self, max_concurrent_updates: int) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int | None, tuple[asyncio.Lock, int]] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = (
            update.effective_chat.id
            if isinstance(update, Update) and update.effective_chat
            else None
        )
        lock, users = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                await coroutine
        finally:
            lock, users = self._locks[key]
            if users == 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass


async def replay_pending(application: Application[Any, Any, Any, Any, Any, Any]) -> int:
    """Queue updates that were stored but never finished (the process died mid-way)."""
    services: Services = application.bot_data.services
    pending = await inbox.pending(services)
    bot = application.bot
    for update_id, payload in pending:
        update = Update.de_json(payload, bot)
        if update is not None:
            if isinstance(bot, DurableBot):
                bot.mark_replayed(update_id)
            await application.update_queue.put(update)
    if pending:
        log.info("replaying %d update(s) left unfinished by the last run", len(pending))
    return len(pending)
