"""Spread a fan-out over time: at most `rate` messages per second, leaving room for replies."""

from __future__ import annotations

import asyncio


class Pacer:
    """Hands out send slots 1/rate seconds apart (cost = messages); None means no pacing.

    Used when the bot's send budget is off (TOFAILURE_RATE_LIMIT=0); with it on, the budget paces
    the fan-out (bulk sends, behind chat replies, across instances) and this stays unpaced.
    """

    def __init__(self, rate: float | None) -> None:
        self._interval = 1.0 / rate if rate else 0.0
        self._next = 0.0

    async def wait(self, cost: int = 1) -> None:
        if not self._interval:
            return
        loop = asyncio.get_running_loop()
        now = loop.time()
        slot = max(now, self._next)
        self._next = slot + self._interval * cost
        if slot > now:
            await asyncio.sleep(slot - now)
