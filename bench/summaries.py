"""Compute (not send) weekly summaries for 10 000 and 100 000 synthetic users on PostgreSQL.

Run: .venv/bin/python bench/summaries.py [--users 10000 100000] [--workers N] [--keep] [--reuse]
Database: TOFAILURE_BENCH_POSTGRES_URL, else TOFAILURE_TEST_POSTGRES_URL, else
postgresql://postgres@127.0.0.1:5432/test. Everything lives in a schema it creates and drops.

Seeding happens inside PostgreSQL (INSERT ... SELECT over generate_series), once, for the
largest user count: 50 % casual (2 sessions a week, 3 exercises), 35 % regular (3, 4) and
15 % dedicated lifters (4, 5), three working sets per exercise plus a warm-up, loads rising
week by week, 10-35 % of sets to failure, RIR on most others, 1 to 17 weeks of history (more
new users than old ones: weeks = 1 + 16 x² for x uniform), a
quarter without a set this week (they get the nudge), a fifth in pounds, ten time zones.

One pass streams every user in id order through the service's batched loader and the pure
builder (`service.weekly.load` + `compose`, chart off), in worker processes taking batches of
500 in turn and holding one at a time; figures are printed when the pass reaches each user
count, so the peak memory at 10 000 and at 100 000 users comes from the same processes (flat
means streaming works). Chart rendering is timed separately on a sample.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import platform
import re
import resource
import sys
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from multiprocessing.queues import Queue
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bench import figures
from core.catalogue import load_catalogue
from core.deliveries import SUMMARY
from core.insights import charts
from core.insights.summary.build import build_summary
from core.insights.summary.model import WeekSummary
from service.weekly import Request, compose, load
from storage.db import make_engine, make_session_factory
from storage.migrate import migrate
from storage.uow import UnitOfWorkFactory

SCHEMA = "bench_summaries"  # with --keep / --reuse; otherwise a schema of the run's own
WEEK = date(2026, 3, 9)  # the week summarised: a Monday
BATCH = 500
SEND_RATE = 30.0  # Telegram's ~30 messages/s for a bot
MAX_CAPTION = 1024  # Telegram's caption limit (bot.render sends longer texts separately)
ZONES = (
    "Europe/Berlin", "America/New_York", "Europe/London", "Asia/Kolkata", "America/Sao_Paulo",
    "Australia/Sydney", "Asia/Tokyo", "America/Los_Angeles", "UTC", "Pacific/Auckland",
)  # fmt: skip

SEED_FILE = Path(__file__).with_name("summaries_seed.sql")


def _sections() -> dict[str, str]:
    """The seed script's sections: prepare, fill (run once per part, in parallel), finish."""
    parts = re.split(r"^-- @(\w+)$", SEED_FILE.read_text(), flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def db_url() -> str:
    return (
        os.environ.get("TOFAILURE_BENCH_POSTGRES_URL")
        or os.environ.get("TOFAILURE_TEST_POSTGRES_URL")
        or "postgresql://postgres@127.0.0.1:5432/test"
    )


def _engine(url: str, schema: str) -> AsyncEngine:
    return make_engine(url, connect_args={"server_settings": {"search_path": schema}})


async def _script(engine: AsyncEngine, sql: str) -> None:
    async with engine.begin() as conn:
        for statement in (part.strip() for part in sql.split(";")):
            if statement:
                t0 = time.perf_counter()
                await conn.exec_driver_sql(statement)
                if os.environ.get("BENCH_VERBOSE"):
                    print(f"  {time.perf_counter() - t0:6.2f} s  {statement.splitlines()[-1][:60]}")


async def seed(url: str, schema: str, users: int) -> tuple[int, float]:
    admin = make_engine(url)
    async with admin.begin() as conn:
        await conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    await admin.dispose()
    engine = _engine(url, schema)
    await migrate(engine)
    began = time.perf_counter()
    week0 = datetime(WEEK.year, WEEK.month, WEEK.day, tzinfo=UTC)
    zones = "ARRAY[" + ", ".join(f"'{z}'" for z in ZONES) + "]"
    sections = _sections()
    sql = sections["prepare"].replace(":zones", zones).replace(":users", str(users))
    await _script(engine, sql.replace(":week0", f"timestamptz '{week0.isoformat()}'"))
    parts = os.cpu_count() or 1
    await asyncio.gather(
        *(
            _script(
                engine,
                sections["fill"]
                .replace(":seed", f"0.{k + 1}")
                .replace(":parts", str(parts))
                .replace(":part", str(k)),
            )
            for k in range(parts)
        )
    )
    await _script(engine, sections["finish"])
    async with engine.connect() as conn:
        sets = int((await conn.execute(text("SELECT count(*) FROM set_records"))).scalar_one())
    await engine.dispose()
    return sets, time.perf_counter() - began


def _work(url: str, schema: str, worker: int, workers: int, users: int, out: Queue) -> None:  # type: ignore[type-arg]
    asyncio.run(_stream(url, schema, worker, workers, users, out))


async def _stream(url: str, schema: str, worker: int, workers: int, users: int, out: Queue) -> None:  # type: ignore[type-arg]
    """Summaries for batches worker, worker + workers, ...; one batch in memory at a time."""
    engine = _engine(url, schema)
    uow = UnitOfWorkFactory(make_session_factory(engine))
    catalogue = load_catalogue()
    for start in range(1 + worker * BATCH, users + 1, workers * BATCH):
        requests = [
            Request(u, SUMMARY, week=WEEK) for u in range(start, min(start + BATCH, users + 1))
        ]
        t0, c0 = time.perf_counter(), time.process_time()
        async with uow() as u:
            inputs = await load(u, requests)
        t1, c1 = time.perf_counter(), time.process_time()
        chars = nudges = long = 0
        for r in requests:
            composed = compose(r, inputs[r.user_id], catalogue, chart=False)
            assert composed.reply is not None
            chars += len(composed.reply.text)
            nudges += composed.reply.text.startswith("Week of")
            # Up to 1024 characters the text rides as the chart's caption: one message.
            long += len(composed.reply.text) > MAX_CAPTION
        del inputs
        t2, c2 = time.perf_counter(), time.process_time()
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        out.put((len(requests), t1 - t0, t2 - t1, c1 - c0, c2 - c1, chars, nudges, long, rss))
    await engine.dispose()
    out.put(None)


FIELDS = ("users", "load_s", "build_s", "load_cpu", "build_cpu", "chars", "nudges", "long")


@dataclass(frozen=True)
class Checkpoint:
    users: int
    wall_s: float  # computing them
    send_s: float  # sending them at SEND_RATE
    peak_mib: float  # peak RSS of a worker process so far


def run(url: str, schema: str, checkpoints: list[int], workers: int) -> list[Checkpoint]:
    """Stream every user once; the figures at each checkpoint (a user count)."""
    users = max(checkpoints)
    ctx = multiprocessing.get_context("spawn")
    out: Queue = ctx.Queue()  # type: ignore[type-arg]
    procs = [
        ctx.Process(target=_work, args=(url, schema, k, workers, users, out))
        for k in range(workers)
    ]
    for p in procs:
        p.start()
    began = time.perf_counter()
    total = dict.fromkeys(FIELDS, 0.0)
    peak_kb = 0
    pending = sorted(checkpoints)
    reached = []
    running = workers
    while running:
        item = out.get()
        if item is None:
            running -= 1
            continue
        *values, rss = item
        for key, value in zip(FIELDS, values, strict=True):
            total[key] += value
        peak_kb = max(peak_kb, rss)
        while pending and total["users"] >= pending[0]:
            wall = time.perf_counter() - began
            reached.append(_report(pending.pop(0), wall, workers, total, peak_kb))
    for p in procs:
        p.join()
    return reached


def _report(at: int, wall: float, workers: int, t: dict[str, float], peak_kb: int) -> Checkpoint:
    ms = 1000 / t["users"]
    print(
        f"{at:>7} users: {wall:6.1f} s, {at / wall:5.0f} users/s with {workers} processes;"
        f" per user: load {t['load_s'] * ms:.1f} ms ({t['load_cpu'] * ms:.1f} CPU), build"
        f" {t['build_s'] * ms:.1f} ms ({t['build_cpu'] * ms:.1f} CPU); peak RSS per process"
        f" {peak_kb / 1024:.0f} MiB; {t['nudges']:.0f} nudges; summaries"
        f" {t['chars'] / t['users']:.0f} chars"
    )
    # A summary is one message (text as the chart's caption) unless it is over 1024 chars.
    messages = at * (1 + t["long"] / t["users"])
    budget = messages / SEND_RATE
    print(
        f"         sending them at {SEND_RATE:.0f} msg/s ({messages:.0f} messages) takes"
        f" {budget / 60:.0f} min: computing them took {100 * wall / budget:.1f} % of that"
    )
    return Checkpoint(at, wall, budget, peak_kb / 1024)


async def chart_rate(url: str, schema: str, sample: int = 200) -> float:
    engine = _engine(url, schema)
    uow = UnitOfWorkFactory(make_session_factory(engine))
    catalogue = load_catalogue()
    requests = [Request(u, SUMMARY, week=WEEK) for u in range(1, sample * 2)]
    async with uow() as u:
        inputs = await load(u, requests)
    await engine.dispose()
    summaries = []
    for r in requests:
        i = inputs[r.user_id]
        got = build_summary(i.profile, catalogue, WEEK, i.window, i.prior, i.prior_until)
        if isinstance(got, WeekSummary):
            summaries.append(got)
    summaries = summaries[:sample]
    began = time.perf_counter()
    for s in summaries:
        charts.week_png(s)
    return len(summaries) / (time.perf_counter() - began)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--keep", action="store_true", help="keep the schema afterwards")
    parser.add_argument("--reuse", action="store_true", help="use a kept schema, do not seed")
    figures.add_argument(parser)
    args = parser.parse_args()
    url = db_url()
    # A schema of its own unless kept: runs in parallel (CI, a developer) never drop each other's.
    schema = SCHEMA if args.keep or args.reuse else f"{SCHEMA}_{os.getpid()}"
    print(
        f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}; PostgreSQL at {url.rsplit('@', 1)[-1]}"
    )
    try:
        most = max(args.users)
        if not args.reuse:
            sets, took = asyncio.run(seed(url, schema, most))
            print(f"seeded {most} users, {sets} sets ({sets / most:.0f} per user) in {took:.0f} s")
        reached = run(url, schema, args.users, args.workers)
        rate = asyncio.run(chart_rate(url, schema))
        active = 0.75 * max(args.users)  # the quarter without sets gets no chart
        print(
            f"charts: {rate:.0f} PNGs/s in one process (reused figure): {active:.0f} charts take"
            f" {active / rate / 60:.0f} CPU-min, spread over the send at {SEND_RATE:.0f} msg/s"
            f" that is {SEND_RATE / rate:.1f} CPUs busy"
        )
        figures.write(args.figures, _figures(reached, args.workers, rate))
    finally:
        if not args.keep:

            async def drop() -> None:
                admin = make_engine(url)
                async with admin.begin() as conn:
                    await conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
                await admin.dispose()

            asyncio.run(drop())


def _figures(reached: list[Checkpoint], workers: int, chart_rate: float) -> list[figures.Figure]:
    """For bench/run_all.py: the rate at the most users, its share of the send, flat memory."""
    least, most = reached[0], reached[-1]
    what = f"weekly summaries computed (not sent), PostgreSQL, {figures.number(most.users)} users"
    return [
        figures.Figure(f"{what}, {workers} processes", "", most.users / most.wall_s, "users/s"),
        # Issue 5: computing should be a small fraction of the send; taken here as <= 1/4.
        figures.Figure(
            f"{what}: computing vs sending them at {SEND_RATE:g} msg/s",
            "",
            most.wall_s,
            "s",
            baseline=most.send_s,
            target=0.25,
        ),
        # Flat memory (streaming): 10x the users, at most 1.2x the peak.
        figures.Figure(
            f"{what}: peak RSS per process vs at {figures.number(least.users)}",
            "",
            most.peak_mib,
            "MiB",
            baseline=least.peak_mib,
            target=1.2,
        ),
        figures.Figure("weekly summary charts rendered, one process", "", chart_rate, "PNG/s"),
    ]


if __name__ == "__main__":
    main()
