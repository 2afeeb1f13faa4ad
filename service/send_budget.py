"""The send budget's waiting: a message waits for a token from core.send_budget's buckets.

In Redis (storage.send_budget) when TOFAILURE_REDIS_URL is set, so all instances of the bot
share them; in this process otherwise. If Redis stops answering, sends go on under a local
budget of this instance's share (the limit over the instances last seen) and Redis is asked
again every few seconds. The Telegram side (PTB's rate-limiter interface) is bot.send_budget.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import Callable, Coroutine
from typing import Any

from core.send_budget import BULK, INTERACTIVE, Grant, Limits, LocalBuckets, Priority, Target
from storage.send_budget import BudgetStoreError, RedisBuckets

log = logging.getLogger(__name__)

__all__ = ["BULK", "INTERACTIVE", "SendBudget", "pause"]

OVERALL = 0  # Grant.limited_by: the bot's overall bucket (the chat's is 1, the group's 2)
MAX_PAUSE_S = 5.0  # ask again at least this often, whatever the wait said
PAUSE_MARGIN_S = 0.001  # so a retry does not find the bucket a rounding error short
REDIS_RETRY_S = 5.0  # after Redis failed, the local budget serves this long before a new try
HEARTBEAT_S = 10.0  # how often an instance tells Redis it is alive (to count instances)
INSTANCES_GUESS = 3  # the share to take before Redis ever said how many instances there are
GRANT_TTL_S = 0.1  # a grant older than this when it reaches us is not used (see acquire)
STALE_RETRIES = 2  # after that many stale grants, the next one is used however old


class SendBudget:
    """Waits until a message may go: the shared buckets while Redis answers, else local ones."""

    def __init__(
        self,
        limits: Limits,
        shared: RedisBuckets | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limits = limits
        self._shared = shared
        self._clock = clock
        self._instances = INSTANCES_GUESS
        self._local = LocalBuckets(limits if shared is None else limits.shared_by(self._instances))
        self._instance_id = uuid.uuid4().hex
        self._retry_shared_at = 0.0  # while in the future, Redis failed and the local budget rules
        self._falling_back = False
        self._next_heartbeat = 0.0
        # This process's summaries queue here in order, so only the first asks the store while
        # the overall bucket is short (not all of them at each refill).
        self._bulk_gate = asyncio.Lock()

    @property
    def shared(self) -> bool:
        """Whether sends are counted in Redis right now."""
        return self._shared is not None and not self._falling_back

    @property
    def instances(self) -> int:
        """Instances of this bot seen in Redis lately (a guess before it answered)."""
        return self._instances

    async def start(self) -> None:
        if self._shared is None:
            log.info("send budget: %s msg/s, in this process", self._rate())
            return
        with contextlib.suppress(BudgetStoreError):  # _shared_call logs it and falls back
            await self._shared_call(self._heartbeat)
        if self.shared:
            log.info(
                "send budget: %s msg/s shared in Redis at %s (%d instance(s) seen)",
                self._rate(),
                self._shared.url,
                self._instances,
            )

    async def close(self) -> None:
        if self._shared is not None:
            with contextlib.suppress(Exception):
                await self._shared.close()

    def _rate(self) -> str:
        return f"{self.limits.overall.burst + self.limits.overall.per_second:g}"

    async def acquire(self, target: Target, priority: Priority = INTERACTIVE) -> None:
        """Return once a message to `target` may be sent (its tokens are taken)."""
        for _ in range(STALE_RETRIES):
            asked = await self._wait_for_tokens(target, priority)
            if self._clock() - asked <= GRANT_TTL_S:
                return
            # The grant took long to reach us (a busy machine held this process up): sent now,
            # the message could land in the same second as later grants. Its token is spent;
            # asking again gives it a slot of its own.
            log.debug("send budget: a stale grant (%.3f s) dropped", self._clock() - asked)
        await self._wait_for_tokens(target, priority)

    async def _wait_for_tokens(self, target: Target, priority: Priority) -> float:
        """Until the tokens are taken; returns when the request that got them was made."""
        while True:
            if priority is BULK:
                async with self._bulk_gate:
                    asked, grant = self._clock(), await self._take(target, priority)
                    while not grant.granted and grant.limited_by == OVERALL:
                        await asyncio.sleep(pause(grant.wait))
                        asked, grant = self._clock(), await self._take(target, priority)
            else:
                asked, grant = self._clock(), await self._take(target, priority)
            if grant.granted:
                return asked
            # Waiting for one chat (or group) must not hold up the summaries to everyone else.
            await asyncio.sleep(pause(grant.wait))

    async def penalize(self, target: Target | None, seconds: float) -> None:
        """Telegram answered 429 "retry after `seconds`": hold back the buckets involved."""
        where = target or Target(0)  # no chat: the overall bucket (and chat 0, never used)
        self._local.penalize(where, self._clock(), seconds)
        if self._shared is not None and self._clock() >= self._retry_shared_at:
            shared = self._shared
            with contextlib.suppress(BudgetStoreError):
                await self._shared_call(lambda: shared.penalize(where, seconds))

    async def _take(self, target: Target, priority: Priority) -> Grant:
        if self._shared is not None and self._clock() >= self._retry_shared_at:
            shared = self._shared
            try:
                if self._clock() >= self._next_heartbeat:
                    await self._shared_call(self._heartbeat)
                grant: Grant = await self._shared_call(lambda: shared.take(target, priority))
                return grant
            except BudgetStoreError:
                pass  # logged once by _shared_call; the local budget takes over
        return self._local.take(target, self._clock(), priority)

    async def _heartbeat(self) -> None:
        assert self._shared is not None
        self._next_heartbeat = self._clock() + HEARTBEAT_S
        seen = max(1, await self._shared.heartbeat(self._instance_id))
        if seen != self._instances:
            self._instances = seen
            self._local.limits = self.limits.shared_by(seen)

    async def _shared_call(self, call: Callable[[], Coroutine[Any, Any, Any]]) -> Any:
        try:
            result = await call()
        except BudgetStoreError as exc:
            self._retry_shared_at = self._clock() + REDIS_RETRY_S
            if not self._falling_back:
                self._falling_back = True
                self._local.drain(self._clock())
                local = self._local.limits.overall
                log.warning(
                    "send budget: Redis at %s is not answering (%s); sending under a local "
                    "budget of %.3g msg/s (1/%d of the limit) until it answers again",
                    self._shared.url if self._shared else "?",
                    exc,
                    local.burst + local.per_second,
                    self._instances,
                )
            raise
        if self._falling_back:
            self._falling_back = False
            log.warning("send budget: Redis answers again; the shared budget is back")
        return result


def pause(wait: float) -> float:
    return min(wait, MAX_PAUSE_S) + PAUSE_MARGIN_S
