"""Each chat's inbox queue, drained in update_id order by one instance at a time.

An instance that stores an update kicks its chat's drain: it takes the chat's lock (a
PostgreSQL advisory lock, so shared by every instance) and handles the chat's unanswered
updates oldest first. When another instance holds the lock, the update is left to it: a
holder looks at the queue again after releasing the lock, so an update stored meanwhile is
never stranded, and a periodic sweep picks up chats whose instance died.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import functools
import logging
import time
from datetime import timedelta

from telegram import Update

from bot.durable import DurableApplication
from bot.outage import backoff
from service import inbox
from service.inbox import ChatLocks, StorageUnavailable, WaitingUpdate
from service.services import Services

log = logging.getLogger(__name__)

BATCH = 50
GAP_POLL_S = 0.01
SWEEP_AGE = timedelta(seconds=2)  # an update this old with no drain is stranded
SWEEP_LIMIT = 500


class ChatDrains:
    """This instance's running drains, at most one per chat and `concurrency` in all."""

    def __init__(
        self,
        app: DurableApplication,
        services: Services,
        locks: ChatLocks,
        *,
        order_wait_s: float,
        concurrency: int,
    ) -> None:
        self._app = app
        self._services = services
        self._locks = locks
        self._order_wait_s = order_wait_s
        self._slots = asyncio.Semaphore(concurrency)
        self._running: dict[int | None, asyncio.Task[None]] = {}
        self._again: set[int | None] = set()
        self._gap_seen: dict[int, float] = {}
        self._stopping = False

    def kick(self, chat_id: int | None) -> None:
        """Make sure the chat's queue gets drained (here, or by the instance holding it)."""
        if self._stopping:
            return
        if chat_id in self._running:
            self._again.add(chat_id)  # the running drain looks again before it ends
            return
        # An empty context: the drain is no part of the request that kicked it.
        task = asyncio.get_running_loop().create_task(
            self._drain(chat_id), context=contextvars.Context()
        )
        self._running[chat_id] = task
        task.add_done_callback(functools.partial(self._ended, chat_id))

    def _ended(self, chat_id: int | None, task: asyncio.Task[None]) -> None:
        self._running.pop(chat_id, None)
        if not task.cancelled() and task.exception() is not None:
            log.error("drain of a chat failed", exc_info=task.exception())
        if chat_id in self._again:
            self._again.discard(chat_id)
            self.kick(chat_id)

    async def sweep(self, older_than: timedelta = SWEEP_AGE) -> int:
        """Kick every chat with an unanswered update older than `older_than`."""
        stale = time.monotonic() - 60.0
        for update_id, seen in list(self._gap_seen.items()):
            if seen < stale:  # handled by another instance meanwhile
                del self._gap_seen[update_id]
        try:
            chats = await inbox.chats_waiting(self._services, older_than, SWEEP_LIMIT)
        except StorageUnavailable as exc:
            self._app.outage.failed("looking for waiting updates", exc)
            return 0
        for chat_id in chats:
            self.kick(chat_id)
        return len(chats)

    async def stop(self, timeout: float) -> None:
        """Let running drains finish the update in hand; what is left stays in the inbox."""
        self._stopping = True
        running = list(self._running.values())
        if not running:
            return
        _, pending = await asyncio.wait(running, timeout=timeout)
        for task in pending:
            task.cancel()
        for task in pending:
            with contextlib.suppress(BaseException):
                await task

    async def _drain(self, chat_id: int | None) -> None:
        attempt = 0
        while not self._stopping:
            self._again.discard(chat_id)
            try:
                async with self._slots:
                    held = await self._drain_locked(chat_id)
                if not held:
                    return  # another instance drains it and looks again after releasing
                if chat_id in self._again:
                    continue
                # Stored by an instance that found the lock taken by us while we drained.
                if not await inbox.has_waiting(self._services, chat_id):
                    return
            except StorageUnavailable as exc:
                attempt += 1
                self._app.outage.failed("draining a chat's updates", exc)
                await asyncio.sleep(backoff(attempt))

    async def _drain_locked(self, chat_id: int | None) -> bool:
        lease = await self._locks.try_acquire(chat_id)
        if lease is None:
            return False
        try:
            after = 0
            while self._locks.holds(lease) and not self._stopping:
                batch = await inbox.waiting(self._services, chat_id, after, BATCH)
                if not batch:
                    break
                for item in batch:
                    if not self._in_order(item):
                        await asyncio.sleep(GAP_POLL_S)
                        break  # look at the queue again: the earlier update may be there now
                    await self._handle(item)
                    after = item.update_id
                    if not self._locks.holds(lease) or self._stopping:
                        break
        finally:
            await self._locks.release(lease)
        return True

    def _in_order(self, item: WaitingUpdate) -> bool:
        """Whether no earlier update of this chat can still be on its way.

        Telegram numbers a bot's updates one by one. When update_id - 1 is not stored yet it
        may be this chat's previous message, just arriving at another instance: wait for it a
        moment (never long: a gap can also be an update that is not ours to get).
        """
        if item.follows_stored or self._order_wait_s <= 0:
            self._gap_seen.pop(item.update_id, None)
            return True
        now = time.monotonic()
        first = self._gap_seen.setdefault(item.update_id, now)
        if now - first < self._order_wait_s:
            return False
        self._gap_seen.pop(item.update_id, None)
        return True

    async def _handle(self, item: WaitingUpdate) -> None:
        update = Update.de_json(item.payload, self._app.bot)
        if update is None:  # cannot happen for what we stored; never block the queue on it
            if self._app.marks is not None:
                await self._app.marks.answered(item.update_id)
            return
        await self._app.process_update(update)
