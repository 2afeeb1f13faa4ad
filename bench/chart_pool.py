"""What a chart fan-out does to the event loop: charts drawn in a thread vs in worker processes.

Usage: .venv/bin/python bench/chart_pool.py [--charts 60] [--workers N]
Draws `--charts` weekly-summary charts (as a summary fan-out does) while a ticker on the same
event loop wakes every 5 ms, standing in for the replies to people logging sets: its lag is
how long a reply would wait for the loop. TOFAILURE_CHART_WORKERS=0 draws in a thread (the GIL
is matplotlib's while it draws); the default draws in worker processes.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import figures
from core.catalogue import load_catalogue
from core.insights.charts import week_png
from core.insights.summary.build import build_summary
from core.insights.summary.model import WeekSummary
from core.model import Profile, SetRecord, Unit
from service.charts import ChartPool, default_workers

TICK_S = 0.005
WEEK = date(2026, 3, 2)
EXERCISES = ("bench_press", "back_squat", "deadlift", "dumbbell_curl", "lateral_raise", "row")


def summaries(count: int) -> list[WeekSummary]:
    """`count` different weeks of training (so no two charts are the same picture)."""
    catalogue = load_catalogue()
    profile = Profile(1)
    out = []
    for n in range(count):
        start = datetime(2026, 3, 3, 18, tzinfo=UTC)
        sets = [
            SetRecord(
                seq=i,
                at=start + timedelta(minutes=3 * i),
                exercise=EXERCISES[(i + n) % len(EXERCISES)],
                weight=Decimal(40 + (i * 5 + n) % 60),
                unit=Unit.KG,
                reps=5 + (i + n) % 6,
            )
            for i in range(12 + n % 9)
        ]
        summary = build_summary(profile, catalogue, WEEK, sets, [], None)
        assert isinstance(summary, WeekSummary)
        out.append(summary)
    return out


async def fan_out(pool: ChartPool, weeks: list[WeekSummary]) -> tuple[float, list[float]]:
    """Seconds to draw every chart (8 at a time), and the ticker's lags in ms meanwhile."""
    lags: list[float] = []
    done = asyncio.Event()

    async def ticker() -> None:
        while not done.is_set():
            began = time.perf_counter()
            await asyncio.sleep(TICK_S)
            lags.append((time.perf_counter() - began - TICK_S) * 1000.0)

    limit = asyncio.Semaphore(8)

    async def one(summary: WeekSummary) -> None:
        async with limit:
            await pool.draw(week_png, summary)

    ticking = asyncio.create_task(ticker())
    began = time.perf_counter()
    await asyncio.gather(*(one(s) for s in weeks))
    took = time.perf_counter() - began
    done.set()
    await ticking
    return took, lags


async def measure(workers: int, weeks: list[WeekSummary]) -> tuple[str, float]:
    """The line to print, and the loop's p95 lag in ms while the charts were drawn."""
    pool = ChartPool(workers)
    try:
        pool.start()
        if workers:
            await pool.draw(week_png, weeks[0])  # the workers are up and have matplotlib
        took, lags = await fan_out(pool, weeks)
    finally:
        pool.close()
    lags.sort()
    p95 = lags[int(len(lags) * 0.95)]
    return (
        f"{'thread (workers=0)' if workers == 0 else f'{workers} worker process(es)':<24} "
        f"{len(weeks)} charts in {took:.2f} s ({len(weeks) / took:.0f}/s); loop lag while drawing: "
        f"median {statistics.median(lags):.1f} ms, p95 {lags[int(len(lags) * 0.95)]:.1f} ms, "
        f"max {lags[-1]:.1f} ms ({len(lags)} ticks)"
    ), p95


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--charts", type=int, default=60)
    parser.add_argument("--workers", type=int, default=default_workers())
    figures.add_argument(parser)
    args = parser.parse_args()
    weeks = summaries(args.charts)
    print(
        f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    in_thread, thread_p95 = asyncio.run(measure(0, weeks))
    print(in_thread)
    in_pool, pool_p95 = asyncio.run(measure(args.workers, weeks))
    print(in_pool)
    what = (
        f"event loop lag while {len(weeks)} weekly charts are drawn: worker processes vs a thread"
    )
    figures.write(args.figures, [figures.Figure(what, "p95", pool_p95, "ms", thread_p95, 1.0)])


if __name__ == "__main__":
    main()
