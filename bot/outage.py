"""Database outages: exponential backoff with a cap, and one log line per change of state."""

from __future__ import annotations

import logging
import random
import time

log = logging.getLogger("bot.database")

FIRST_DELAY_S = 0.25
MAX_DELAY_S = 5.0


def backoff(attempt: int, first: float = FIRST_DELAY_S, cap: float = MAX_DELAY_S) -> float:
    """The wait before retry number `attempt` (1, 2, ...): doubling up to `cap`, with jitter so
    instances and tasks do not retry in lockstep."""
    delay: float = min(cap, first * 2 ** max(attempt - 1, 0))
    return delay * random.uniform(0.8, 1.0)


class Outage:
    """The process's view of the database: up, or down since some moment.

    Every component that meets the outage reports here, so the log shows one line when the
    database goes away and one when it is back, not a traceback per retry.
    """

    def __init__(self) -> None:
        self._down_since: float | None = None
        self._failures = 0

    @property
    def down(self) -> bool:
        return self._down_since is not None

    def failed(self, what: str, error: BaseException) -> None:
        self._failures += 1
        if self._down_since is None:
            self._down_since = time.monotonic()
            log.warning(
                "database unavailable (%s while %s); holding work and retrying with backoff",
                type(error).__name__,
                what,
            )

    def succeeded(self) -> None:
        if self._down_since is None:
            return
        took = time.monotonic() - self._down_since
        log.warning(
            "database reachable again after %.1f s (%d failed attempt(s)); resuming",
            took,
            self._failures,
        )
        self._down_since = None
        self._failures = 0
