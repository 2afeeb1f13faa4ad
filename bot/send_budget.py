"""Every Bot API call of every instance through one send budget, as PTB's BaseRateLimiter.

A message waits for a token from core.send_budget's buckets: in Redis (storage.send_budget)
when TOFAILURE_REDIS_URL is set, so all instances of the bot share them; in this process
otherwise. Replies to people go first; the fan-out marks its sends `rate_limit_args=BULK`.
If Redis stops answering, sends go on under a local budget of this instance's share
(the limit over the instances last seen) and Redis is asked again every few seconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from core.send_budget import BULK, INTERACTIVE, Priority, Target
from service.send_budget import SendBudget

log = logging.getLogger(__name__)

__all__ = ["BULK", "INTERACTIVE", "SendBudget", "SendBudgetLimiter", "target_of"]

# Methods that put a message into a chat; the rest (answers to button presses, chat actions,
# deletions, getMe, ...) are not part of Telegram's message limits and never wait.
_COUNTED = ("send", "copy", "forward", "edit", "stop")
_FREE = frozenset({"sendchataction"})

Callback = Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]]


def target_of(endpoint: str, data: dict[str, Any]) -> Target | None:
    """The chat a Bot API call writes to, or None when it is not a message."""
    name = endpoint.lower()
    if not name.startswith(_COUNTED) or name in _FREE:
        return None
    chat = data.get("chat_id")
    if chat is None or isinstance(chat, bool):
        return None
    if isinstance(chat, str):
        with contextlib.suppress(ValueError):
            return Target(int(chat))
        return Target(chat.lower())
    return Target(int(chat))


def _retry_seconds(exc: RetryAfter) -> float:
    # The int form of exc.retry_after is deprecated in PTB 22; PTB's own limiter reads this.
    return exc._retry_after.total_seconds()


class SendBudgetLimiter(BaseRateLimiter[Priority]):
    """PTB's rate limiter contract over a SendBudget; `rate_limit_args` is the Priority.

    Like PTB's AIORateLimiter, a RetryAfter (Telegram's 429) is retried up to `max_retries`
    times, after holding back the budget (shared: on every instance) for the time asked.
    """

    def __init__(self, budget: SendBudget, *, max_retries: int = 3) -> None:
        self.budget = budget
        self._max_retries = max_retries

    async def initialize(self) -> None:
        await self.budget.start()

    async def shutdown(self) -> None:
        await self.budget.close()

    async def process_request(
        self,
        callback: Callback,
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: Priority | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        target = target_of(endpoint, data)
        priority = rate_limit_args if isinstance(rate_limit_args, Priority) else INTERACTIVE
        attempt = 0
        while True:
            if target is not None:
                await self.budget.acquire(target, priority)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                seconds = _retry_seconds(exc)
                if attempt >= self._max_retries:
                    log.warning("%s: Telegram still says retry after %g s", endpoint, seconds)
                    raise
                attempt += 1
                log.info("%s: Telegram says retry after %g s", endpoint, seconds)
                await self.budget.penalize(target, seconds)
                if target is None:
                    await asyncio.sleep(seconds)
