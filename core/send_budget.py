"""The send budget's arithmetic: token buckets for a bot token, its chats and groups, priorities.

Telegram limits a bot token (about 30 messages/s in all, about 1/s in one chat, 20/min in one
group), not a process. Every message takes a token from the bot's overall bucket and from its
chat's bucket (and its group's). A bucket holds at most `burst` tokens and refills at `per_second`,
so in any window of T seconds it hands out at most burst + per_second * T: the rates below keep
that at 80 % of Telegram's limit for T = 1 s (overall) and T = 60 s (a group).

Priorities: a bulk message (a weekly summary) only takes a token while `reserve` tokens stay in
the bucket; a reply to a person needs just the one it takes. When tokens run short, the next
reply to a person therefore always goes before the next summary, on every instance alike.

Pure: time is an argument (seconds on any monotonic scale). The Redis script
(storage/send_budget.py) is this same arithmetic, written in Lua, checked against it in tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import Enum


class Priority(Enum):
    """Who waits for the message: a person who just wrote (interactive), or nobody (bulk)."""

    INTERACTIVE = "interactive"
    BULK = "bulk"


INTERACTIVE = Priority.INTERACTIVE
BULK = Priority.BULK

# Telegram's documented limits per bot token.
CHAT_PER_SECOND = 1.0  # "avoid sending more than one message per second" in one chat
GROUP_PER_MINUTE = 20.0  # "not more than 20 messages per minute" in one group
# The overall bucket grants at most 80 % of the limit in any second (by our clock): a burst of
# 10 % and a refill of the rest. The other 20 % absorbs jitter between our grant and Telegram's
# arrival: at 30/s, sends granted up to 0.28 s apart may arrive together without any second
# holding more than 30 (measured on a busy 2-CPU machine, 90 % still drew a 429 now and then).
GRANT_SHARE = 0.8
BURST_SHARE = 0.1
MIN_BURST = 2.0  # room for one bulk message plus one reserved for a reply
CHAT_BURST = 3.0  # a reply, a summary's text and its chart in a row; Telegram allows short bursts
RESERVE = 1.0  # tokens a bulk message leaves in each bucket for replies to people


@dataclass(frozen=True, slots=True)
class Rate:
    """One bucket's shape: refill per second, capacity, and the tokens bulk leaves untouched."""

    per_second: float
    burst: float
    reserve: float = RESERVE

    def __post_init__(self) -> None:
        if self.per_second <= 0 or self.burst < 1 or not 0 <= self.reserve < self.burst:
            raise ValueError(f"not a usable bucket: {self}")

    def window(self, seconds: float) -> float:
        """The most tokens this bucket can hand out in any window of `seconds`."""
        return self.burst + self.per_second * seconds

    def floor(self, priority: Priority, cost: float) -> float:
        """Tokens the bucket must hold for a message of `priority` costing `cost` to go now."""
        need = cost + (self.reserve if priority is BULK else 0.0)
        return min(need, self.burst)  # a message bigger than the bucket waits for a full one


@dataclass(frozen=True, slots=True)
class Limits:
    """The bucket shapes for one bot token."""

    overall: Rate
    chat: Rate
    group: Rate

    @classmethod
    def telegram(cls, messages_per_second: float) -> Limits:
        """Buckets for TOFAILURE_RATE_LIMIT = `messages_per_second` across all chats (> 0).

        Any 1 s holds at most 80 % of `messages_per_second` (for rates >= 20/s; below, the
        burst of 2 takes more of it); any minute at most 16 (80 % of 20) in one group.
        """
        if messages_per_second <= 0:
            raise ValueError("a send budget needs a positive rate")
        burst = max(MIN_BURST, messages_per_second * BURST_SHARE)
        per_second = max(messages_per_second * GRANT_SHARE - burst, messages_per_second / 2)
        group_burst = MIN_BURST
        group_rate = (GROUP_PER_MINUTE * GRANT_SHARE - group_burst) / 60.0
        return cls(
            overall=Rate(per_second, burst),
            chat=Rate(CHAT_PER_SECOND, CHAT_BURST),
            group=Rate(group_rate, group_burst),
        )

    def shared_by(self, instances: int) -> Limits:
        """This token's overall budget split over `instances` processes that cannot coordinate.

        The fallback when the shared store is unreachable: each process takes its share. A chat
        or group is mostly written to by one process at a time, so those buckets stay whole.
        """
        n = max(1, instances)
        overall = self.overall
        return replace(self, overall=replace(overall, per_second=overall.per_second / n))


@dataclass(frozen=True, slots=True)
class Bucket:
    """A bucket's state: `tokens` (negative after a Telegram 429: a debt) as of `at` seconds."""

    tokens: float
    at: float


def refilled(state: Bucket | None, rate: Rate, now: float) -> float:
    """The tokens at `now`; a bucket never seen (or expired) is full."""
    if state is None:
        return rate.burst
    return min(rate.burst, state.tokens + max(0.0, now - state.at) * rate.per_second)


@dataclass(frozen=True, slots=True)
class Grant:
    """The answer to one request: go now (wait 0, `states` to store) or wait and ask again.

    `limited_by` is the index of the bucket that made it wait longest (-1 when granted).
    """

    wait: float
    limited_by: int
    states: tuple[Bucket, ...] = ()

    @property
    def granted(self) -> bool:
        return self.wait <= 0


def take(
    states: Sequence[Bucket | None],
    rates: Sequence[Rate],
    now: float,
    priority: Priority = INTERACTIVE,
    cost: float = 1.0,
) -> Grant:
    """Take `cost` tokens from every bucket at once, or none and say how long to wait.

    All or nothing: a message that must wait for its chat does not hold the overall tokens
    meanwhile. The wait is exact for the slowest bucket, assuming nobody else takes tokens.
    """
    tokens = [refilled(s, r, now) for s, r in zip(states, rates, strict=True)]
    wait, limited = 0.0, -1
    for i, (have, rate) in enumerate(zip(tokens, rates, strict=True)):
        short = rate.floor(priority, cost) - have
        if short > 0 and short / rate.per_second > wait:
            wait, limited = short / rate.per_second, i
    if limited >= 0:
        return Grant(wait, limited)
    return Grant(0.0, -1, tuple(Bucket(have - cost, now) for have in tokens))


def penalize(state: Bucket | None, rate: Rate, now: float, seconds: float) -> Bucket:
    """After Telegram's "retry after `seconds`": the next message leaves this bucket no sooner."""
    debt = 1.0 - seconds * rate.per_second
    return Bucket(min(refilled(state, rate, now), debt), now)


def expires_after(state: Bucket, rate: Rate) -> float:
    """Seconds until `state` is full again: then forgetting it changes nothing."""
    return max(0.0, rate.burst - state.tokens) / rate.per_second


# --------------------------------------------------------------------------- which buckets


@dataclass(frozen=True, slots=True)
class Target:
    """Where a message goes: a chat id (private chats > 0), or a public @username."""

    chat: int | str

    @property
    def is_group(self) -> bool:
        """Groups, supergroups and channels: negative ids, or a @username (only those have one
        usable as a chat id)."""
        return isinstance(self.chat, str) or self.chat < 0

    def bucket_names(self) -> tuple[str, ...]:
        """The buckets a message here takes from: overall, the chat, and the group if one."""
        names = ("all", f"chat:{self.chat}")
        return (*names, f"group:{self.chat}") if self.is_group else names

    def rates(self, limits: Limits) -> tuple[Rate, ...]:
        rates = (limits.overall, limits.chat)
        return (*rates, limits.group) if self.is_group else rates


class LocalBuckets:
    """An in-process budget: the default for one instance, and the fallback without Redis."""

    MAX_BUCKETS = 10_000  # past this, full buckets are forgotten (they'd be full again anyway)

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self._states: dict[str, Bucket] = {}

    def take(self, target: Target, now: float, priority: Priority, cost: float = 1.0) -> Grant:
        names = target.bucket_names()
        rates = target.rates(self.limits)
        grant = take([self._states.get(n) for n in names], rates, now, priority, cost)
        if grant.granted:
            if len(self._states) >= self.MAX_BUCKETS:
                self._forget_full(now)
            self._states.update(zip(names, grant.states, strict=True))
        return grant

    def penalize(self, target: Target, now: float, seconds: float) -> None:
        for name, rate in zip(target.bucket_names(), target.rates(self.limits), strict=True):
            self._states[name] = penalize(self._states.get(name), rate, now, seconds)

    def drain(self, now: float) -> None:
        """Empty the overall bucket: a budget taking over from the shared one starts from
        nothing, since the shared one may just have handed out everything."""
        state = self._states.get("all")
        self._states["all"] = Bucket(min(0.0, state.tokens if state else 0.0), now)

    def _forget_full(self, now: float) -> None:
        rates = {"all": self.limits.overall, "chat": self.limits.chat, "group": self.limits.group}
        for name, state in list(self._states.items()):
            rate = rates[name.split(":", 1)[0]]
            if now - state.at >= expires_after(state, rate):
                del self._states[name]

    def __len__(self) -> int:
        return len(self._states)
