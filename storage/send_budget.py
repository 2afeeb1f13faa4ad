"""The shared send budget in Redis: core.send_budget's buckets, taken in one atomic Lua script.

Every instance of a bot asks the same Redis, so they share one budget per bot token. The script
reads Redis's own clock (instances on other machines need not agree on the time), refills the
buckets, and takes from all of them or none (core.send_budget.take, line for line). Keys carry
the bot id in a hash tag, so one script's keys share a Redis Cluster slot, and expire once their
bucket would be full again.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError

from core.send_budget import Grant, Limits, Priority, Rate, Target

INSTANCES_WINDOW_S = 30.0  # an instance that has not asked for this long counts as gone

# KEYS: the buckets. ARGV: now ("" = Redis's clock), bulk ("1"/"0"), cost, then per bucket
# per_second, burst, reserve. Returns {wait, limited_by}; wait "0" means taken.
_TAKE = """
local now = tonumber(ARGV[1])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) + tonumber(t[2]) / 1000000
end
local bulk = ARGV[2] == '1'
local cost = tonumber(ARGV[3])
local tokens, rates, bursts = {}, {}, {}
local wait, limited = 0, -1
for i, key in ipairs(KEYS) do
  local rate, burst, reserve = tonumber(ARGV[i*3+1]), tonumber(ARGV[i*3+2]), tonumber(ARGV[i*3+3])
  local state = redis.call('HMGET', key, 't', 'at')
  local have = burst
  if state[1] then
    have = math.min(burst, tonumber(state[1]) + math.max(0, now - tonumber(state[2])) * rate)
  end
  tokens[i], rates[i], bursts[i] = have, rate, burst
  local need = cost
  if bulk then need = cost + reserve end
  local short = math.min(need, burst) - have
  if short > 0 and short / rate > wait then
    wait, limited = short / rate, i - 1
  end
end
if limited >= 0 then
  return {string.format('%.17g', wait), limited}
end
for i, key in ipairs(KEYS) do
  local left = tokens[i] - cost
  redis.call('HSET', key, 't', string.format('%.17g', left), 'at', string.format('%.17g', now))
  redis.call('PEXPIRE', key, math.ceil(((bursts[i] - left) / rates[i] + 1) * 1000))
end
return {'0', -1}
"""

# KEYS: the buckets. ARGV: now ("" = Redis's clock), seconds, then per bucket per_second, burst.
_PENALIZE = """
local now = tonumber(ARGV[1])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) + tonumber(t[2]) / 1000000
end
local seconds = tonumber(ARGV[2])
for i, key in ipairs(KEYS) do
  local rate, burst = tonumber(ARGV[i*2+1]), tonumber(ARGV[i*2+2])
  local state = redis.call('HMGET', key, 't', 'at')
  local have = burst
  if state[1] then
    have = math.min(burst, tonumber(state[1]) + math.max(0, now - tonumber(state[2])) * rate)
  end
  local left = math.min(have, 1 - seconds * rate)
  redis.call('HSET', key, 't', string.format('%.17g', left), 'at', string.format('%.17g', now))
  redis.call('PEXPIRE', key, math.ceil(((burst - left) / rate + 1) * 1000))
end
return 1
"""

# KEYS: the instances set. ARGV: now ("" = Redis's clock), this instance, window seconds.
_HEARTBEAT = """
local now = tonumber(ARGV[1])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) + tonumber(t[2]) / 1000000
end
local window = tonumber(ARGV[3])
redis.call('ZADD', KEYS[1], now, ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
redis.call('PEXPIRE', KEYS[1], math.ceil(window * 2000))
return redis.call('ZCARD', KEYS[1])
"""


class BudgetStoreError(Exception):
    """Redis did not answer (down, too slow, refusing): the caller falls back to a local budget."""


def describe_url(url: str) -> str:
    """The Redis URL without credentials, for logs."""
    parts = urlsplit(url)
    host = parts.hostname or "localhost"
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}{parts.path}"


def redis_password(url: str) -> str | None:
    return urlsplit(url).password or None


def _now_arg(now: float | None) -> str:
    return "" if now is None else repr(now)


def _rate_args(rates: Sequence[Rate], *, reserve: bool) -> list[str]:
    args: list[str] = []
    for r in rates:
        args += [repr(r.per_second), repr(r.burst)] + ([repr(r.reserve)] if reserve else [])
    return args


class RedisBuckets:
    """One bot token's buckets in Redis. Every call raises BudgetStoreError on any failure."""

    def __init__(
        self,
        url: str,
        bot_id: int,
        limits: Limits,
        *,
        prefix: str = "tofailure",
        timeout: float = 1.0,
    ) -> None:
        self.limits = limits
        self.url = describe_url(url)
        self._prefix = f"{prefix}:{{{bot_id}}}:"
        # One attempt, short timeouts: a send must never wait long on a Redis that is not
        # answering (1 s: a loaded machine can take a few hundred ms to schedule a round trip).
        self._redis: Redis = Redis.from_url(
            url,
            socket_timeout=timeout,
            socket_connect_timeout=timeout,
            retry=Retry(NoBackoff(), 0),
        )
        self._take = self._redis.register_script(_TAKE)
        self._penalize = self._redis.register_script(_PENALIZE)
        self._heartbeat = self._redis.register_script(_HEARTBEAT)

    def _keys(self, target: Target) -> list[str]:
        return [self._prefix + name for name in target.bucket_names()]

    async def _run(self, script: Any, keys: list[str], args: list[str]) -> Any:
        try:
            return await script(keys=keys, args=args)
        except (RedisError, OSError, TimeoutError) as exc:
            raise BudgetStoreError(f"{type(exc).__name__}: {exc}") from exc

    async def take(
        self, target: Target, priority: Priority, cost: float = 1.0, *, now: float | None = None
    ) -> Grant:
        """core.send_budget.take over this target's buckets in Redis, at Redis's time."""
        rates = target.rates(self.limits)
        bulk = "1" if priority is Priority.BULK else "0"
        args = [_now_arg(now), bulk, repr(cost), *_rate_args(rates, reserve=True)]
        wait, limited = await self._run(self._take, self._keys(target), args)
        seconds = float(wait)
        if not math.isfinite(seconds):
            raise BudgetStoreError(f"the budget script answered {wait!r}")
        return Grant(seconds, int(limited))

    async def penalize(self, target: Target, seconds: float, *, now: float | None = None) -> None:
        """After a 429: no instance sends through these buckets for `seconds`."""
        rates = target.rates(self.limits)
        args = [_now_arg(now), repr(seconds), *_rate_args(rates, reserve=False)]
        await self._run(self._penalize, self._keys(target), args)

    async def heartbeat(self, instance: str, *, now: float | None = None) -> int:
        """Say this instance is alive; how many instances asked in the last 30 s."""
        args = [_now_arg(now), instance, repr(INSTANCES_WINDOW_S)]
        return int(await self._run(self._heartbeat, [self._prefix + "instances"], args))

    async def state(self, name: str) -> tuple[float, float] | None:
        """A bucket's stored (tokens, at), or None; for tests and diagnostics."""
        try:
            raw = await self._redis.hmget(self._prefix + name, ["t", "at"])
        except (RedisError, OSError, TimeoutError) as exc:
            raise BudgetStoreError(str(exc)) from exc
        tokens, at = raw
        if tokens is None or at is None:
            return None
        return float(tokens), float(at)

    async def close(self) -> None:
        await self._redis.aclose()
