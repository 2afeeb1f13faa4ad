"""The PTB rate limiter over the send budget: what waits, 429s, Redis going away, priorities."""

from __future__ import annotations

import asyncio
import logging
import socket
import time
from typing import Any

import pytest
from telegram.error import RetryAfter

from bot.send_budget import BULK, INTERACTIVE, SendBudgetLimiter, target_of
from core.send_budget import Grant, Limits, Priority, Target
from service.send_budget import INSTANCES_GUESS, SendBudget
from storage.send_budget import BudgetStoreError, RedisBuckets, describe_url, redis_password
from tests.redis_env import redis_url, unique_prefix, without_redis

LIMITS = Limits.telegram(30)


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_only_messages_into_a_chat_count() -> None:
    assert target_of("sendMessage", {"chat_id": 5, "text": "x"}) == Target(5)
    assert target_of("sendPhoto", {"chat_id": "-100"}) == Target(-100)
    assert target_of("editMessageText", {"chat_id": 5}) == Target(5)
    assert target_of("sendMessage", {"chat_id": "@News"}) == Target("@news")
    for endpoint, data in [
        ("answerCallbackQuery", {"callback_query_id": "1"}),
        ("sendChatAction", {"chat_id": 5}),
        ("deleteMessage", {"chat_id": 5}),
        ("getMe", {}),
        ("editMessageText", {"inline_message_id": "x"}),
    ]:
        assert target_of(endpoint, data) is None, endpoint


def test_the_redis_url_is_logged_without_its_password() -> None:
    url = "redis://user:s3cret@cache.internal:6380/2"
    assert describe_url(url) == "redis://cache.internal:6380/2"
    assert redis_password(url) == "s3cret"


class Calls:
    def __init__(self, *failures: Exception) -> None:
        self.failures = list(failures)
        self.times: list[float] = []

    async def __call__(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        self.times.append(time.monotonic())
        if self.failures:
            raise self.failures.pop(0)
        return {"ok": True}


async def request(
    limiter: SendBudgetLimiter,
    calls: Calls,
    endpoint: str = "sendMessage",
    chat: int = 5,
    priority: Priority | None = None,
) -> Any:
    data = {"chat_id": chat}
    return await limiter.process_request(calls, (), {}, endpoint, data, priority)


async def test_a_429_is_retried_after_the_time_telegram_asks() -> None:
    limiter = SendBudgetLimiter(SendBudget(LIMITS), max_retries=2)
    calls = Calls(RetryAfter(1))
    assert await request(limiter, calls) == {"ok": True}
    assert len(calls.times) == 2 and calls.times[1] - calls.times[0] >= 0.99
    # The pause holds for other chats too: Telegram's 429 does not say which limit it was.
    other = Calls()
    await request(limiter, other, chat=6)
    assert other.times[0] - calls.times[0] >= 0.99


async def test_it_gives_up_after_max_retries() -> None:
    limiter = SendBudgetLimiter(SendBudget(LIMITS), max_retries=1)
    calls = Calls(RetryAfter(0), RetryAfter(0))
    with pytest.raises(RetryAfter):
        await request(limiter, calls)
    assert len(calls.times) == 2


async def test_calls_that_are_not_messages_never_wait() -> None:
    limiter = SendBudgetLimiter(SendBudget(LIMITS))
    calls = Calls()
    began = time.monotonic()
    for _ in range(50):
        await request(limiter, calls, endpoint="answerCallbackQuery")
    assert time.monotonic() - began < 0.5
    for _ in range(6):  # but messages do: 3 at once in one chat, then 1 a second
        await request(limiter, calls, chat=9)
    assert calls.times[-1] - calls.times[-6] >= 2.9


async def test_without_redis_answering_sends_go_on_under_a_local_share(
    caplog: pytest.LogCaptureFixture,
) -> None:
    shared = RedisBuckets(f"redis://127.0.0.1:{closed_port()}/0", 1, LIMITS, timeout=0.2)
    budget = SendBudget(LIMITS, shared)
    limiter = SendBudgetLimiter(budget)
    calls = Calls()
    with caplog.at_level(logging.INFO, logger="service.send_budget"):
        await limiter.initialize()
        began = time.monotonic()
        for chat in range(1, 31):
            await request(limiter, calls, chat=chat)
        took = time.monotonic() - began
        await limiter.shutdown()
    assert len(calls.times) == 30 and not budget.shared
    # This instance's guess of a share: 1/3 of 21/s, from an empty bucket (no burst).
    local = LIMITS.shared_by(INSTANCES_GUESS).overall
    assert took == pytest.approx(30 / local.per_second, rel=0.15)
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "not answering" in warnings[0].getMessage()


class FlakyStore:
    """A shared store that fails while `down` is set (stands in for RedisBuckets)."""

    url = "redis://flaky"

    def __init__(self) -> None:
        self.down = False
        self.taken = 0
        self.slow: list[float] = []  # delays of the next answers to take()

    async def heartbeat(self, instance: str) -> int:
        return await self._answer(2)

    async def take(self, target: Target, priority: Priority) -> Grant:
        self.taken += 1
        if self.slow:
            await asyncio.sleep(self.slow.pop(0))
        return await self._answer(Grant(0.0, -1))

    async def penalize(self, target: Target, seconds: float) -> None:
        await self._answer(None)

    async def _answer(self, value: Any) -> Any:
        if self.down:
            raise BudgetStoreError("ConnectionError: refused")
        return value

    async def close(self) -> None:
        pass


async def test_the_shared_budget_comes_back_when_redis_does(
    caplog: pytest.LogCaptureFixture,
) -> None:
    skipped = [0.0]  # seconds the test jumps ahead
    store = FlakyStore()
    budget = SendBudget(
        LIMITS,
        store,  # type: ignore[arg-type]
        clock=lambda: time.monotonic() + skipped[0],
    )
    with caplog.at_level(logging.INFO, logger="service.send_budget"):
        await budget.start()
        assert budget.shared and budget.instances == 2
        store.down = True
        await budget.acquire(Target(1))
        await budget.acquire(Target(2))  # no second attempt within 5 s
        assert not budget.shared and store.taken == 1
        store.down = False
        skipped[0] = 6.0
        await budget.acquire(Target(3))
        assert budget.shared and store.taken == 2
    lines = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(lines) == 2 and "not answering" in lines[0] and "answers again" in lines[1]
    assert "1/2 of the limit" in lines[0]  # the share from the last instance count


async def test_a_grant_that_arrives_late_is_not_used() -> None:
    # Sent after a stall, the message could land in the same second as later grants: its token
    # is dropped and it asks again, at most twice.
    store = FlakyStore()
    budget = SendBudget(LIMITS, store)  # type: ignore[arg-type]
    store.slow = [0.15, 0.0]
    await budget.acquire(Target(1))
    assert store.taken == 2
    store.slow = [0.15, 0.15, 0.15]
    await budget.acquire(Target(2))
    assert store.taken == 5  # the third late grant is used: a message is never held forever


@pytest.mark.redis
@without_redis
async def test_replies_on_one_instance_go_before_the_fan_out_of_another() -> None:
    prefix, bot_id = unique_prefix(), 77
    fanout = SendBudget(LIMITS, RedisBuckets(redis_url(), bot_id, LIMITS, prefix=prefix))
    chat = SendBudget(LIMITS, RedisBuckets(redis_url(), bot_id, LIMITS, prefix=prefix))
    bulk_times: list[float] = []
    stop = asyncio.Event()

    async def summaries(worker: int) -> None:
        k = 0
        while not stop.is_set():
            await fanout.acquire(Target(10_000 + worker * 1000 + k), BULK)
            bulk_times.append(time.monotonic())
            k += 1

    workers = [asyncio.create_task(summaries(w)) for w in range(8)]
    await asyncio.sleep(0.5)  # the fan-out saturates the budget
    delays = []
    for user in range(15):
        asked = time.monotonic()
        await chat.acquire(Target(user + 1), INTERACTIVE)
        delays.append(time.monotonic() - asked)
        await asyncio.sleep(0.1)
    stop.set()
    await asyncio.gather(*workers)
    await fanout.close()
    await chat.close()
    delays.sort()
    assert delays[len(delays) // 2] < 0.05 and delays[-1] < 0.25, delays
    # The fan-out took the rest of the budget: replies and summaries together at about 21/s.
    span = bulk_times[-1] - bulk_times[0]
    assert 17 <= (len(bulk_times) + len(delays)) / span <= 26
