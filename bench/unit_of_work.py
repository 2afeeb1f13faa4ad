"""What one transaction of the reply path costs: our unit of work against the driver alone.

Usage: .venv/bin/python bench/unit_of_work.py [--runs 3000] [--postgres URL]
Times, in one process, the smallest transaction a logged set runs (begin, the user row read
with its lock, commit) through storage.uow.UnitOfWork (SQLAlchemy's async session, prepared
statement), and the same three statements straight on the driver (sqlite3; asyncpg). The
difference is what the session machinery costs each transaction; a logged set runs two (its
own and the answered-mark). On PostgreSQL a known lifter's set runs without it (a read, then
one statement: storage/message_write.py); a first contact and a rerun still take it.
PostgreSQL: a scratch database from --postgres or TOFAILURE_TEST_POSTGRES_URL, dropped
afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import figures
from bench.log_latency import scratch_database
from core.model import Profile
from storage.db import make_engine, make_session_factory
from storage.migrate import migrate
from storage.uow import UnitOfWorkFactory

USER = 7
SELECT = "SELECT id, unit, timezone, sets_revision FROM users WHERE id = {}"


async def timed(runs: int, once: Callable[[], Awaitable[None]]) -> float:
    """Median ms of `once` over `runs` calls (after a warm-up)."""
    for _ in range(50):
        await once()
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        await once()
        times.append(time.perf_counter() - began)
    return statistics.median(times) * 1000.0


async def ours(url: str, runs: int, on_driver: bool = False) -> float:
    engine = make_engine(url)
    await migrate(engine)
    uow = UnitOfWorkFactory(make_session_factory(engine))
    async with uow() as tx:
        await tx.users.create(Profile(USER), datetime.now(UTC))
        await tx.commit()

    async def once() -> None:
        work = uow()
        async with work.on_driver() if on_driver else work as tx:
            await tx.users.get(USER, lock=True)
            await tx.commit()

    try:
        return await timed(runs, once)
    finally:
        await engine.dispose()


async def sqlite_alone(path: str, runs: int) -> float:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")

    async def once() -> None:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(SELECT.format("?"), (USER,)).fetchall()
        conn.execute("COMMIT")

    try:
        return await timed(runs, once)
    finally:
        conn.close()


async def asyncpg_alone(url: str, runs: int) -> float:
    import asyncpg  # type: ignore[import-untyped]

    conn = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
    select = SELECT.format("$1") + " FOR UPDATE"

    async def once() -> None:
        async with conn.transaction():
            await conn.fetch(select, USER)

    try:
        return await timed(runs, once)
    finally:
        await conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3000)
    parser.add_argument("--postgres", default=os.environ.get("TOFAILURE_TEST_POSTGRES_URL"))
    figures.add_argument(parser)
    args = parser.parse_args()
    what = "the locked transaction (begin, user row locked, commit)"
    found = []
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "uow.db")
        mine = asyncio.run(ours(f"sqlite:///{path}", args.runs))
        driver = asyncio.run(ours(f"sqlite:///{path}", args.runs, on_driver=True))
        alone = asyncio.run(sqlite_alone(path, args.runs))
    print(
        f"SQLite: unit of work {mine:.3f} ms (on the driver {driver:.3f} ms), "
        f"sqlite3 alone {alone:.3f} ms (median)"
    )
    found.append(
        figures.Figure(f"{what}, SQLite: unit of work vs sqlite3", "median", mine, "ms", alone)
    )
    found.append(
        figures.Figure(
            f"{what}, SQLite: unit of work on the driver vs sqlite3", "median", driver, "ms", alone
        )
    )
    if args.postgres:
        with scratch_database(args.postgres) as url:
            mine = asyncio.run(ours(url, args.runs))
            driver = asyncio.run(ours(url, args.runs, on_driver=True))
            alone = asyncio.run(asyncpg_alone(url, args.runs))
        print(
            f"PostgreSQL: unit of work {mine:.3f} ms (on the driver {driver:.3f} ms), "
            f"asyncpg alone {alone:.3f} ms (median)"
        )
        found.append(
            figures.Figure(
                f"{what}, PostgreSQL (3 round trips): unit of work vs asyncpg", "median", mine,
                "ms", alone,
            )
        )  # fmt: skip
        found.append(
            figures.Figure(
                f"{what}, PostgreSQL (3 round trips): unit of work on the driver vs asyncpg",
                "median", driver, "ms", alone,
            )
        )  # fmt: skip
    figures.write(args.figures, found)


if __name__ == "__main__":
    main()
