"""Telegram's flood limits for the fake Bot API: per bot token, per chat, per group; 429s.

Off unless a test asks for them (``FakeBotApi(limits=TelegramLimits())`` or
``api.enforce_limits()``): other tests and the latency benchmark send faster than Telegram
allows, on purpose. Telegram documents only approximate figures ("about 30 messages per
second", "avoid more than one message per second in a chat; short bursts may pass", "20
messages per minute in a group"); the fake decides them as follows, per bot token:

- overall: at most ``overall_per_second`` (30) messages in any rolling second;
- per chat: a bucket of ``chat_burst`` (5) messages refilled at ``chat_per_second`` (1/s), so a
  short burst passes and more than one message a second, sustained, does not;
- per group (a negative chat id or a @username): at most ``group_per_minute`` (20) messages in
  any rolling 60 s.

Counted: ``sendMessage``, ``sendPhoto`` and the other ``send*``, ``copy*`` and ``forward*``
methods, but not ``sendChatAction``; edits, deletions and answers to button presses are free. A
refused call gets what Telegram answers, HTTP 429 ``{"ok": false, "error_code": 429,
"description": "Too Many Requests: retry after N", "parameters": {"retry_after": N}}`` with N the
whole seconds (at least 1) until it would pass, and neither counts nor is delivered. Accepted
messages are timestamped (``time.perf_counter()`` at arrival), so a test can compute the
highest rate over any window, whether or not the limits are enforced.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter, defaultdict, deque
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import threading

__all__ = ["FloodControl", "FloodView", "TelegramLimits", "peak_in_window"]

_COUNTED_PREFIXES = ("send", "copy", "forward")
_FREE = frozenset({"sendchataction"})


@dataclass(frozen=True)
class TelegramLimits:
    """The flood limits the fake enforces for each bot token (see the module docstring)."""

    overall_per_second: int = 30
    chat_burst: float = 5.0
    chat_per_second: float = 1.0
    group_per_minute: int = 20


def peak_in_window(times: list[float], window: float = 1.0) -> int:
    """The most of ``times`` (seconds) that fall in any half-open window of ``window`` seconds."""
    ordered = sorted(times)
    best, start = 0, 0
    for end, t in enumerate(ordered):
        while t - ordered[start] >= window:
            start += 1
        best = max(best, end - start + 1)
    return best


@dataclass
class _ChatBucket:
    tokens: float
    at: float


class FloodControl:
    """Counts messages per token; refuses what Telegram would refuse when ``limits`` is set.

    Not thread-safe by itself: the fake's core calls it under its lock.
    """

    def __init__(self, limits: TelegramLimits | None = None) -> None:
        self.limits = limits
        self._overall: defaultdict[str, list[float]] = defaultdict(list)  # sorted
        self._chats: dict[tuple[str, int | str], _ChatBucket] = {}
        self._groups: defaultdict[tuple[str, int | str], deque[float]] = defaultdict(deque)
        self.accepted: defaultdict[str, list[tuple[float, int | str]]] = defaultdict(list)
        self.refused: defaultdict[str, Counter[str]] = defaultdict(Counter)  # by limit

    @staticmethod
    def counted(method: str) -> bool:
        name = method.lower()
        return name.startswith(_COUNTED_PREFIXES) and name not in _FREE

    @staticmethod
    def is_group(chat: int | str) -> bool:
        return isinstance(chat, str) or chat < 0

    def check(self, token: str, chat: int | str, now: float) -> int | None:
        """None when a message may pass now; else the retry_after to answer (a refusal)."""
        limits = self.limits
        if limits is None:
            return None
        waits = {"none": 0.0}
        overall = self._overall[token]
        del overall[: bisect.bisect_left(overall, now - 2.0)]  # older ones cannot matter
        waits["overall"] = self._overall_wait(overall, now, limits.overall_per_second)
        bucket = self._chat_bucket(token, chat, now)
        if bucket.tokens < 1.0:
            waits["chat"] = (1.0 - bucket.tokens) / limits.chat_per_second
        if self.is_group(chat):
            group = self._groups[(token, chat)]
            while group and now - group[0] >= 60.0:
                group.popleft()
            if len(group) >= limits.group_per_minute:
                waits["group"] = group[-limits.group_per_minute] + 60.0 - now
        limit, wait = max(waits.items(), key=lambda item: item[1])
        if wait <= 0:
            return None
        self.refused[token][limit] += 1
        return max(1, math.ceil(wait))

    def accept(self, token: str, chat: int | str, now: float) -> None:
        """Count a message that was delivered."""
        self.accepted[token].append((now, chat))
        if self.limits is None:
            return
        bisect.insort(self._overall[token], now)
        self._chat_bucket(token, chat, now).tokens -= 1.0
        if self.is_group(chat):
            self._groups[(token, chat)].append(now)

    @staticmethod
    def _overall_wait(accepted: list[float], now: float, limit: int) -> float:
        """How long until a message arriving at `now` fits every 1 s window (0: it fits now).

        Arrival times come from concurrent handler threads, so `now` may be a few ms older
        than the last one accepted: every window containing `now` is checked, not just the one
        ending at it.
        """
        wait = 0.0
        start = bisect.bisect_right(accepted, now - 1.0)
        for first in accepted[start : bisect.bisect_right(accepted, now)]:
            # The window [first, first + 1) holds `now`: count it in.
            inside = bisect.bisect_left(accepted, first + 1.0) - bisect.bisect_left(accepted, first)
            if inside + 1 > limit:
                wait = max(wait, first + 1.0 - now)
        if bisect.bisect_left(accepted, now + 1.0) - bisect.bisect_left(accepted, now) + 1 > limit:
            wait = max(wait, 1e-3)  # later arrivals already fill the second from `now` on
        return wait

    def _chat_bucket(self, token: str, chat: int | str, now: float) -> _ChatBucket:
        assert self.limits is not None
        limits = self.limits
        bucket = self._chats.get((token, chat))
        if bucket is None:
            bucket = self._chats[(token, chat)] = _ChatBucket(limits.chat_burst, now)
        elapsed = max(0.0, now - bucket.at)  # arrivals may be a few ms out of order
        bucket.tokens = min(limits.chat_burst, bucket.tokens + elapsed * limits.chat_per_second)
        bucket.at = max(bucket.at, now)
        return bucket


class FloodView:
    """The test-facing flood methods of :class:`FakeBot` (one bot token)."""

    _core: Any  # the fake's _Core: .cond (a Condition) and .flood (a FloodControl)
    _state: Any  # the token's _BotState: .token

    def enforce_limits(self, limits: TelegramLimits | None = None) -> None:
        """Refuse with 429 what Telegram would (``None``: the default TelegramLimits)."""
        with self._cond():
            self._core.flood.limits = limits or TelegramLimits()

    def send_times(self, chat_id: int | str | None = None) -> list[float]:
        """Arrival times (``perf_counter``) of the messages accepted, in order."""
        with self._cond():
            accepted = self._core.flood.accepted.get(self._state.token, [])
            return [t for t, chat in accepted if chat_id is None or chat == chat_id]

    def peak_send_rate(self, window: float = 1.0, chat_id: int | str | None = None) -> int:
        """The most messages accepted within any ``window`` seconds."""
        return peak_in_window(self.send_times(chat_id), window)

    def flood_refusals(self) -> int:
        """Calls refused with 429 by the enforced limits (``fail_next`` ones not included)."""
        return sum(self.flood_refusals_by_limit().values())

    def flood_refusals_by_limit(self) -> dict[str, int]:
        """Refusals by the limit that refused: "overall", "chat" or "group"."""
        with self._cond():
            return dict(self._core.flood.refused.get(self._state.token, {}))

    def _cond(self) -> threading.Condition:
        cond: threading.Condition = self._core.cond
        return cond
