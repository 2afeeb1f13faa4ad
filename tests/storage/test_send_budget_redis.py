"""The shared send budget in Redis: the Lua script is core.send_budget's arithmetic, shared."""

from __future__ import annotations

import asyncio

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.send_budget import BULK, INTERACTIVE, Bucket, Limits, Priority, Target, penalize, take
from storage.send_budget import RedisBuckets
from tests.redis_env import needs_redis, redis_url, unique_prefix

pytestmark = needs_redis

LIMITS = Limits.telegram(30)


def buckets(prefix: str | None = None, bot_id: int = 42) -> RedisBuckets:
    return RedisBuckets(redis_url(), bot_id, LIMITS, prefix=prefix or unique_prefix())


Step = tuple[float, int, Priority, float | None]  # dt, chat, priority, a 429's seconds or None

steps = st.lists(
    st.tuples(
        st.floats(0, 0.3, allow_nan=False),
        st.sampled_from([1, 2, -5]),
        st.sampled_from([INTERACTIVE, BULK]),
        st.one_of(st.none(), st.none(), st.none(), st.floats(0.5, 3)),
    ),
    min_size=1,
    max_size=60,
)


async def _replay(sequence: list[Step]) -> None:
    store = buckets()
    pure: dict[str, Bucket] = {}
    now = 1_000_000.0
    try:
        for dt, chat, priority, retry_after in sequence:
            now += dt
            target = Target(chat)
            names, rates = target.bucket_names(), target.rates(LIMITS)
            if retry_after is not None:
                await store.penalize(target, retry_after, now=now)
                for name, rate in zip(names, rates, strict=True):
                    pure[name] = penalize(pure.get(name), rate, now, retry_after)
            else:
                expected = take([pure.get(n) for n in names], rates, now, priority)
                got = await store.take(target, priority, now=now)
                assert got.wait == pytest.approx(expected.wait, abs=1e-9)
                assert got.limited_by == expected.limited_by
                if expected.granted:
                    pure.update(zip(names, expected.states, strict=True))
            for name in names:
                stored = await store.state(name)
                want = (pure[name].tokens, pure[name].at) if name in pure else None
                assert stored == (pytest.approx(want, abs=1e-9) if want else None)
    finally:
        await store.close()


@settings(max_examples=40, deadline=None)
@given(sequence=steps)
def test_the_script_decides_exactly_as_the_pure_code(sequence: list[Step]) -> None:
    asyncio.run(_replay(sequence))


async def test_two_instances_share_one_budget_per_bot_token() -> None:
    prefix = unique_prefix()
    one, two, other_bot = buckets(prefix), buckets(prefix), buckets(prefix, bot_id=43)
    try:
        granted = 0
        for k in range(40):  # 40 messages to 40 chats, alternating instances, within ~20 ms
            store = one if k % 2 else two
            granted += (await store.take(Target(100 + k), INTERACTIVE)).granted
        # Together they got one bucket's burst plus what refilled meanwhile, not twice that.
        assert 3 <= granted <= 5
        assert (await other_bot.take(Target(100), INTERACTIVE)).granted  # its own budget
    finally:
        for store in (one, two, other_bot):
            await store.close()


async def test_bulk_waits_while_a_reply_takes_the_reserve_across_instances() -> None:
    prefix = unique_prefix()
    fanout, replies = buckets(prefix), buckets(prefix)
    try:
        while (await fanout.take(Target(500), BULK, now=50.0)).granted:
            pass  # instance one drains the bucket down to the reserve
        assert (await replies.take(Target(7), INTERACTIVE, now=50.0)).granted
        assert not (await fanout.take(Target(501), BULK, now=50.0)).granted
    finally:
        await fanout.close()
        await replies.close()


async def test_keys_expire_once_their_bucket_would_be_full() -> None:
    store = buckets()
    try:
        await store.take(Target(9), INTERACTIVE)
        ttl = await store._redis.pttl(store._prefix + "chat:9")
        assert 0 < ttl <= 2_000  # one token short at 1/s: full within 1 s, plus a second
    finally:
        await store.close()


async def test_the_heartbeat_counts_live_instances() -> None:
    prefix = unique_prefix()
    store = buckets(prefix)
    try:
        assert await store.heartbeat("a", now=100.0) == 1
        assert await store.heartbeat("b", now=101.0) == 2
        assert await store.heartbeat("a", now=102.0) == 2  # the same instance again
        assert await store.heartbeat("c", now=135.0) == 1  # a and b went quiet 30 s ago
    finally:
        await store.close()
