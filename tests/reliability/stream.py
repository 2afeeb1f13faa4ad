"""Users streaming set messages at the real bot while something goes wrong, and the tally:
sent / stored / lost / duplicated / unanswered."""

from __future__ import annotations

import contextlib
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.e2e.dbquery import stored_messages
from tests.e2e.fake_bot_api import FakeBotApi

REPLY_PATIENCE_S = 1.5  # a user sends the next set after the reply, or after this long


@dataclass
class Sent:
    user: int
    message_id: int
    weight: int
    reps: int
    at: float

    @property
    def confirmation(self) -> str:
        return f"Bench Press {self.weight} kg × {self.reps}"


@dataclass
class Tally:
    sent: int
    stored: int
    lost: int
    duplicated: int
    unanswered: int
    answered_twice: int
    sorry: int

    def figures(self) -> dict[str, int]:
        return dict(self.__dict__)


@dataclass
class Stream:
    """`users` each send `per_user` distinct `bench WxR` lines, one after the other."""

    api: FakeBotApi
    users: list[int]
    per_user: int
    seed: int = 11
    sent: list[Sent] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def total(self) -> int:
        return len(self.users) * self.per_user

    def count(self) -> int:
        with self.lock:
            return len(self.sent)

    def _answered(self, item: Sent) -> bool:
        return any(item.confirmation in _first_line(m) for m in self.api.bot_messages(item.user))

    def _user(self, index: int, user: int) -> None:
        rng = random.Random(self.seed * 1000 + index)
        for k in range(self.per_user):
            item_weight, reps = 20 + k, index + 1
            mid = self.api.user_sends(user, f"bench {item_weight}x{reps}")
            item = Sent(user, mid, item_weight, reps, time.monotonic())
            with self.lock:
                self.sent.append(item)
            # The bot is down or slow: a real lifter logs the next set anyway.
            with contextlib.suppress(TimeoutError):
                self.api.wait_for(lambda item=item: self._answered(item), REPLY_PATIENCE_S)
            time.sleep(rng.uniform(0, 0.02))

    def run(self, during: Callable[[], None] | None = None) -> None:
        """Stream from every user at once; `during` runs alongside (kills, outages)."""
        threads = [
            threading.Thread(target=self._user, args=(i, u), daemon=True)
            for i, u in enumerate(self.users)
        ]
        for t in threads:
            t.start()
        if during is not None:
            during()
        for t in threads:
            t.join()

    def wait_all_answered(self, timeout: float) -> None:
        self.api.wait_for(
            lambda: all(self._answered(s) for s in self.sent),
            timeout,
            lambda: f"{sum(not self._answered(s) for s in self.sent)} message(s) unanswered",
        )

    def tally(self, database_url: str) -> Tally:
        rows = stored_messages(database_url)
        mine = {(s.user, s.message_id) for s in self.sent}
        stored = {(c, m): n for c, m, n in rows if (c, m) in mine}
        replies: dict[int, list[Any]] = {u: self.api.bot_messages(u) for u in self.users}
        unanswered = answered_twice = 0
        for s in self.sent:
            hits = sum(s.confirmation in _first_line(m) for m in replies[s.user])
            # Strict: only the confirmation of this very set counts (our design retries a
            # stored update once the database is back instead of answering "send it again").
            unanswered += hits == 0
            answered_twice += hits > 1
        sorry = sum("not logged" in m["text"] for messages in replies.values() for m in messages)
        duplicated = sum(n > 1 for n in stored.values()) + len(rows) - len(stored)
        return Tally(
            sent=len(self.sent),
            stored=len(stored),
            lost=len(mine) - len(stored),
            duplicated=duplicated,
            unanswered=unanswered,
            answered_twice=answered_twice,
            sorry=sorry,
        )


def _first_line(message: dict[str, Any]) -> str:
    return str(message.get("text") or "").split("\n", 1)[0]


def kill_points(total: int, kills: int, seed: int) -> list[int]:
    """When to kill: after this many messages were sent, spread over the stream."""
    rng = random.Random(seed)
    span = total / (kills + 1)
    return [int(span * (i + 1) + rng.uniform(-0.25, 0.25) * span) for i in range(kills)]
