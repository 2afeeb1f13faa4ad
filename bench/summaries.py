"""Compute (not send) weekly summaries for 10 000 and 100 000 synthetic users on PostgreSQL.

Run: .venv/bin/python bench/summaries.py [--users 10000 100000] [--workers N] [--keep]
Database: TOFAILURE_BENCH_POSTGRES_URL, else TOFAILURE_TEST_POSTGRES_URL, else
postgresql://postgres@127.0.0.1:5432/test. Everything lives in a schema it creates and drops.

Seeding happens inside PostgreSQL (INSERT ... SELECT over generate_series), once, for the
largest user count: a mix of casual (2 sessions a week, 3 exercises), regular (3, 4) and
dedicated lifters (4, 5), three working sets per exercise plus a warm-up, 1 to 16 weeks of
history, 20 % of them without a set this week (they get the nudge), a fifth in pounds, ten
time zones. Each run streams users in id order through the service's batched loader and the
pure builder (`service.weekly.load` + `compose`, chart off) in worker processes that each
hold one batch at a time, so memory stays flat in the number of users. Chart rendering is
timed separately on a sample.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import platform
import resource
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text

from core import charts
from core.catalogue import load_catalogue
from core.deliveries import SUMMARY
from core.summaries import WeekSummary, build_summary
from service.weekly import Request, compose, load
from storage.db import make_engine, make_session_factory
from storage.migrate import migrate
from storage.uow import UnitOfWorkFactory

SCHEMA = "bench_summaries"
WEEK = date(2026, 3, 9)  # the week summarised: a Monday
BATCH = 500
SEND_RATE = 30.0  # Telegram's ~30 messages/s for a bot
ZONES = (
    "Europe/Berlin", "America/New_York", "Europe/London", "Asia/Kolkata", "America/Sao_Paulo",
    "Australia/Sydney", "Asia/Tokyo", "America/Los_Angeles", "UTC", "Pacific/Auckland",
)  # fmt: skip

SEED_SQL = """
SELECT setseed(0.42);
INSERT INTO users (id, unit, timezone, week_start, deload_every_weeks, rules_off, thresholds,
                   created_at, updated_at)
SELECT g, CASE WHEN g % 5 = 3 THEN 'lb' ELSE 'kg' END, (:zones)[1 + g % 10], 'monday',
       CASE WHEN g % 7 = 0 THEN 0 ELSE 6 END, '[]', '{}', now(), now()
FROM generate_series(1, :users) g;
-- kind 0-3 casual, 4-7 regular, 8-9 dedicated, history 1-16 weeks, w = 0 is the summed week
CREATE UNLOGGED TABLE bench_sessions AS
SELECT row_number() OVER (ORDER BY u.id, w DESC, s) AS sid, u.id AS user_id, w, s,
       u.id % 10 AS kind, u.unit,
       (:week0 - w * interval '7 days' + ((ARRAY[0, 2, 4, 5])[s]) * interval '1 day'
         + (16 + u.id % 5) * interval '1 hour') AS at,
       0.7 + (u.id * 2654435761 % 600) / 1000.0 AS strength
FROM users u
CROSS JOIN LATERAL generate_series(0, (u.id * 7919) % 16) AS w
CROSS JOIN LATERAL generate_series(1, CASE WHEN u.id % 10 < 4 THEN 2
                                           WHEN u.id % 10 < 8 THEN 3 ELSE 4 END) AS s
WHERE random() > 0.1 AND NOT (w = 0 AND u.id % 5 = 1);
CREATE UNLOGGED TABLE bench_lifts AS
SELECT b.*, e, ex.name AS exercise, ex.base, ex.reps AS target
FROM bench_sessions b
CROSS JOIN LATERAL generate_series(1, CASE WHEN b.kind < 4 THEN 3 WHEN b.kind < 8 THEN 4
                                           ELSE 5 END) AS e
CROSS JOIN LATERAL (
  SELECT p.name, p.base, p.reps FROM (VALUES
    (0, 0, 'leg_press', 120, 10), (0, 1, 'bench_press', 50, 8), (0, 2, 'lat_pulldown', 45, 10),
    (0, 3, 'dumbbell_curl', 10, 12), (0, 4, 'cable_fly', 15, 12), (0, 5, 'leg_extension', 40, 12),
    (1, 0, 'back_squat', 90, 5), (1, 1, 'bench_press', 70, 6), (1, 2, 'barbell_row', 60, 8),
    (1, 3, 'overhead_press', 40, 6), (1, 4, 'romanian_deadlift', 80, 8), (1, 5, 'pull_up', 0, 8),
    (1, 6, 'dumbbell_curl', 14, 10), (1, 7, 'triceps_pushdown', 25, 12),
    (1, 8, 'lateral_raise', 8, 15),
    (2, 0, 'back_squat', 120, 5), (2, 1, 'deadlift', 150, 3), (2, 2, 'bench_press', 90, 5),
    (2, 3, 'overhead_press', 55, 5), (2, 4, 'barbell_row', 80, 8), (2, 5, 'pull_up', 0, 8),
    (2, 6, 'leg_press', 200, 10), (2, 7, 'lateral_raise', 10, 15),
    (2, 8, 'dumbbell_curl', 16, 10), (2, 9, 'triceps_pushdown', 30, 12),
    (2, 10, 'lying_leg_curl', 40, 12), (2, 11, 'cable_fly', 20, 12)
  ) AS p(program, slot, name, base, reps)
  WHERE p.program = CASE WHEN b.kind < 4 THEN 0 WHEN b.kind < 8 THEN 1 ELSE 2 END
    AND p.slot = ((b.s - 1) * 2 + e - 1) % CASE WHEN b.kind < 4 THEN 6 WHEN b.kind < 8 THEN 9
                                                 ELSE 12 END
) AS ex;
INSERT INTO log_messages (id, user_id, chat_id, message_id, text, received_at)
SELECT sid * 8 + e, user_id, user_id, sid * 8 + e, exercise, at + e * interval '12 minutes'
FROM bench_lifts;
INSERT INTO set_records (user_id, log_message_id, position, workout_id, exercise, weight, unit,
                         bodyweight, reps, seconds, failure, rpe, rir, warmup, drop, note, line,
                         logged_at)
SELECT l.user_id, l.sid * 8 + l.e, k.k - (CASE WHEN l.e = 1 THEN 0 ELSE 1 END), l.sid * 8 + 1,
       l.exercise,
       CASE WHEN l.base = 0 THEN 0
            ELSE round(l.base * l.strength * (1 + 0.01 * (16 - l.w)) * (CASE WHEN k.k = 0
                       THEN 0.5 ELSE 1 END) * (CASE WHEN l.unit = 'lb' THEN 2.2 ELSE 1 END) / 2.5)
                 * 2.5 END,
       l.unit, l.base = 0,
       greatest(1, l.target + floor(random() * 3)::int - k.k + 1), NULL,
       CASE WHEN k.k > 0 AND random() < (CASE WHEN l.kind < 4 THEN 0.1 WHEN l.kind < 8 THEN 0.2
                                              ELSE 0.35 END) THEN 'concentric' END,
       NULL,
       CASE WHEN k.k > 0 AND random() < 0.6 THEN 1 + floor(random() * 3) END,
       k.k = 0, false, NULL, 1, l.at + l.e * interval '12 minutes'
FROM bench_lifts l
CROSS JOIN LATERAL generate_series(CASE WHEN l.e = 1 THEN 0 ELSE 1 END, 3) AS k(k);
DROP TABLE bench_lifts;
DROP TABLE bench_sessions;
ANALYZE;
"""


def db_url() -> str:
    return (
        os.environ.get("TOFAILURE_BENCH_POSTGRES_URL")
        or os.environ.get("TOFAILURE_TEST_POSTGRES_URL")
        or "postgresql://postgres@127.0.0.1:5432/test"
    )


def _engine(url: str):  # type: ignore[no-untyped-def]
    return make_engine(url, connect_args={"server_settings": {"search_path": SCHEMA}})


async def seed(url: str, users: int) -> tuple[int, float]:
    admin = make_engine(url)
    async with admin.begin() as conn:
        await conn.execute(text(f'DROP SCHEMA IF EXISTS "{SCHEMA}" CASCADE'))
        await conn.execute(text(f'CREATE SCHEMA "{SCHEMA}"'))
    await admin.dispose()
    engine = _engine(url)
    await migrate(engine)
    began = time.perf_counter()
    week0 = datetime(WEEK.year, WEEK.month, WEEK.day, tzinfo=UTC)
    zones = "ARRAY[" + ", ".join(f"'{z}'" for z in ZONES) + "]"
    sql = SEED_SQL.replace(":zones", zones).replace(":users", str(users))
    sql = sql.replace(":week0", f"timestamptz '{week0.isoformat()}'")
    async with engine.begin() as conn:
        for statement in (part.strip() for part in sql.split(";")):
            if statement:
                await conn.exec_driver_sql(statement)
        sets = int((await conn.execute(text("SELECT count(*) FROM set_records"))).scalar_one())
    await engine.dispose()
    return sets, time.perf_counter() - began


def _work(url: str, lo: int, hi: int, out: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    out.put(asyncio.run(_stream(url, lo, hi)))


async def _stream(url: str, lo: int, hi: int) -> tuple[int, int, int, float, float, int]:
    """Summaries for users lo..hi-1, one batch in memory at a time."""
    engine = _engine(url)
    uow = UnitOfWorkFactory(make_session_factory(engine))
    catalogue = load_catalogue()
    users = chars = nudges = 0
    load_s = compute_s = 0.0
    for start in range(lo, hi, BATCH):
        requests = [Request(u, SUMMARY, week=WEEK) for u in range(start, min(start + BATCH, hi))]
        t0 = time.perf_counter()
        async with uow() as u:
            inputs = await load(u, requests)
        t1 = time.perf_counter()
        for r in requests:
            composed = compose(r, inputs[r.user_id], catalogue, chart=False)
            assert composed.outgoing is not None
            chars += len(composed.outgoing.text)
            nudges += composed.outgoing.text.startswith("Week of")
        compute_s += time.perf_counter() - t1
        load_s += t1 - t0
        users += len(requests)
        del inputs
    await engine.dispose()
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return users, chars, nudges, load_s, compute_s, peak_kb


def run(url: str, users: int, workers: int) -> None:
    ctx = multiprocessing.get_context("spawn")  # fresh processes: peak memory per run
    out: multiprocessing.Queue = ctx.Queue()  # type: ignore[type-arg]
    bounds = [1 + users * k // workers for k in range(workers + 1)]
    began = time.perf_counter()
    procs = [
        ctx.Process(target=_work, args=(url, bounds[k], bounds[k + 1], out)) for k in range(workers)
    ]
    for p in procs:
        p.start()
    results = [out.get() for _ in procs]
    for p in procs:
        p.join()
    wall = time.perf_counter() - began
    done = sum(r[0] for r in results)
    chars = sum(r[1] for r in results)
    nudges = sum(r[2] for r in results)
    load_s = sum(r[3] for r in results)
    compute_s = sum(r[4] for r in results)
    peak = max(r[5] for r in results) / 1024
    budget = users * 2 / SEND_RATE  # a summary is text + chart: two messages
    print(
        f"{done:>7} users: {wall:6.1f} s wall, {done / wall:6.0f} users/s ({workers} processes);"
        f" per process: load {1000 * load_s / done:.2f} ms/user,"
        f" build {1000 * compute_s / done:.2f} ms/user; peak RSS {peak:.0f} MiB per process;"
        f" {nudges} nudges;"
        f" mean summary {chars / done:.0f} chars"
    )
    print(
        f"         send budget at {SEND_RATE:.0f} msg/s (text + chart): {budget / 60:.0f} min;"
        f" compute is {100 * wall / budget:.1f} % of it"
        f" ({users / SEND_RATE / 60:.0f} min if text only: {100 * wall * SEND_RATE / users:.1f} %)"
    )


async def chart_rate(url: str, sample: int = 200) -> float:
    engine = _engine(url)
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
        charts.png(charts.week_chart(s))
    return len(summaries) / (time.perf_counter() - began)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--keep", action="store_true", help="keep the schema afterwards")
    args = parser.parse_args()
    url = db_url()
    print(
        f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}; PostgreSQL at {url.rsplit('@', 1)[-1]}"
    )
    try:
        sets, took = asyncio.run(seed(url, max(args.users)))
        most = max(args.users)
        print(f"seeded {most} users, {sets} sets ({sets / most:.0f} per user) in {took:.0f} s")
        for n in sorted(args.users):
            run(url, n, args.workers)
        print(f"charts: {asyncio.run(chart_rate(url)):.0f} PNGs/s in one process")
    finally:
        if not args.keep:

            async def drop() -> None:
                admin = make_engine(url)
                async with admin.begin() as conn:
                    await conn.execute(text(f'DROP SCHEMA IF EXISTS "{SCHEMA}" CASCADE'))
                await admin.dispose()

            asyncio.run(drop())


if __name__ == "__main__":
    main()
