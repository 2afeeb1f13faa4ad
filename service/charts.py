"""Charts drawn off the event loop, in a pool of worker processes.

matplotlib holds the GIL while it draws (a summary's chart ~50 ms, a stats chart a few hundred),
so drawn in threads a weekly fan-out would keep the one core the event loop runs on busy and
every chat's reply would wait. Worker processes draw on the other cores instead
(TOFAILURE_CHART_WORKERS of them; 0 draws in a thread, as tests and one-core machines want).
A render function must be a module-level function of core.insights.charts (its arguments
travel to the worker by pickle).
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")


def default_workers() -> int:
    """One process per core beyond the event loop's, at least one and at most four."""
    return max(1, min(4, (os.cpu_count() or 1) - 1))


def _ready() -> bool:
    """Run once in each new worker: load matplotlib before the first chart is asked for."""
    import core.insights.charts  # noqa: F401

    return True


class ChartPool:
    """Draws charts in `workers` processes, or in a thread when `workers` is 0. The processes
    start with the first chart (~2 s to load matplotlib; a bot that draws none pays nothing)."""

    def __init__(self, workers: int = 0) -> None:
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # spawn: a fresh interpreter, not a fork of a process holding database connections
            # and an event loop.
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(self.workers, mp_context=context)
        return self._pool

    def start(self) -> None:
        """Start the workers now, so the first chart does not wait for them to load."""
        if self.workers > 0:
            pool = self._executor()
            for _ in range(self.workers):
                pool.submit(_ready)

    async def draw(self, render: Callable[..., T], *args: object) -> T:
        """`render(*args)` in a worker process (or a thread)."""
        if self.workers <= 0:
            return await asyncio.to_thread(render, *args)
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._executor(), render, *args)
        except BrokenProcessPool:
            # A worker died (e.g. killed for memory): a new pool, and this chart once more.
            log.warning("a chart worker died; starting the pool again")
            self.close()
            return await loop.run_in_executor(self._executor(), render, *args)

    def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
