"""Compute (not send) weekly summaries for 10 000 and 100 000 synthetic users on PostgreSQL.

Run: .venv/bin/python bench/summaries.py [--users 10000 100000] [--workers N] [--keep]
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
import resource
import sys
import time
from datetime import UTC, date, datetime
from multiprocessing.queues import Queue
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

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
MAX_CAPTION = 1024  # Telegram's caption limit (bot.render sends longer texts separately)
ZONES = (
    "Europe/Berlin", "America/New_York", "Europe/London", "Asia/Kolkata", "America/Sao_Paulo",
    "Australia/Sydney", "Asia/Tokyo", "America/Los_Angeles", "UTC", "Pacific/Auckland",
)  # fmt: skip

SEED_SQL = """
SELECT setseed(0.42);
-- Bulk load of a throwaway schema: no WAL, no per-row foreign-key triggers, indexes built
-- once at the end.
SET LOCAL session_replication_role = replica;
ALTER TABLE set_records SET UNLOGGED;
ALTER TABLE log_messages SET UNLOGGED;
ALTER TABLE set_records DROP CONSTRAINT uq_set_records_log_message_id_position;
DROP INDEX ix_set_records_user_logged;
DROP INDEX ix_set_records_workout;
ALTER TABLE log_messages DROP CONSTRAINT uq_log_messages_chat_id_message_id;
DROP INDEX ix_log_messages_user_received;
INSERT INTO users (id, unit, timezone, week_start, deload_every_weeks, rules_off, thresholds,
                   created_at, updated_at)
SELECT g, CASE WHEN g % 5 = 3 THEN 'lb' ELSE 'kg' END, (:zones)[1 + g % 10], 'monday',
       CASE WHEN g % 7 = 0 THEN 0 ELSE 6 END, '[]', '{}', now(), now()
FROM generate_series(1, :users) g;
-- kind 0-9 casual, 10-16 regular, 17-19 dedicated, 1-17 weeks of history (more new users
-- than old ones), w = 0 is the summed week
CREATE UNLOGGED TABLE bench_sessions AS
SELECT row_number() OVER (ORDER BY u.id, w DESC, s) AS sid, u.id AS user_id, w, s,
       u.id % 20 AS kind, u.unit,
       (:week0 - w * interval '7 days' + ((ARRAY[0, 2, 4, 5])[s]) * interval '1 day'
         + (16 + u.id % 5) * interval '1 hour') AS at,
       0.7 + (u.id * 2654435761 % 600) / 1000.0 AS strength
FROM users u
CROSS JOIN LATERAL generate_series(
  0, floor(16 * power(((u.id * 7919) % 1000) / 1000.0, 2))::int) AS w
CROSS JOIN LATERAL generate_series(1, CASE WHEN u.id % 20 < 10 THEN 2
                                           WHEN u.id % 20 < 17 THEN 3 ELSE 4 END) AS s
WHERE random() > 0.1 AND NOT (w = 0 AND u.id % 4 = 1);
CREATE UNLOGGED TABLE bench_lifts AS
SELECT b.*, e, ex.name AS exercise, ex.base, ex.reps AS target
FROM bench_sessions b
CROSS JOIN LATERAL generate_series(1, CASE WHEN b.kind < 10 THEN 3 WHEN b.kind < 17 THEN 4
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
  WHERE p.program = CASE WHEN b.kind < 10 THEN 0 WHEN b.kind < 17 THEN 1 ELSE 2 END
    AND p.slot = ((b.s - 1) * 2 + e - 1) % CASE WHEN b.kind < 10 THEN 6 WHEN b.kind < 17 THEN 9
                                                 ELSE 12 END
) AS ex;
"""
# Run in parallel, one connection per part of the users.
FILL_SQL = """
SELECT setseed(:seed);
SET LOCAL session_replication_role = replica;
INSERT INTO log_messages (id, user_id, chat_id, message_id, text, received_at)
SELECT sid * 8 + e, user_id, user_id, sid * 8 + e, exercise, at + e * interval '12 minutes'
FROM bench_lifts WHERE user_id % :parts = :part;
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
       CASE WHEN k.k > 0 AND random() < (CASE WHEN l.kind < 10 THEN 0.1 WHEN l.kind < 17 THEN 0.2
                                              ELSE 0.35 END) THEN 'concentric' END,
       NULL,
       CASE WHEN k.k > 0 AND random() < 0.6 THEN 1 + floor(random() * 3) END,
       k.k = 0, false, NULL, 1, l.at + l.e * interval '12 minutes'
FROM bench_lifts l
CROSS JOIN LATERAL generate_series(CASE WHEN l.e = 1 THEN 0 ELSE 1 END, 3) AS k(k)
WHERE l.user_id % :parts = :part;
"""
FINISH_SQL = """
DROP TABLE bench_lifts;
DROP TABLE bench_sessions;
CREATE INDEX ix_set_records_user_logged ON set_records (user_id, logged_at);
-- The workout and log-message indexes serve logging, not summaries: not rebuilt here.
ANALYZE;
"""


def db_url() -> str:
    return (
        os.environ.get("TOFAILURE_BENCH_POSTGRES_URL")
        or os.environ.get("TOFAILURE_TEST_POSTGRES_URL")
        or "postgresql://postgres@127.0.0.1:5432/test"
    )


def _engine(url: str) -> AsyncEngine:
    return make_engine(url, connect_args={"server_settings": {"search_path": SCHEMA}})


async def _script(engine: AsyncEngine, sql: str) -> None:
    async with engine.begin() as conn:
        for statement in (part.strip() for part in sql.split(";")):
            if statement:
                t0 = time.perf_counter()
                await conn.exec_driver_sql(statement)
                if os.environ.get("BENCH_VERBOSE"):
                    print(f"  {time.perf_counter() - t0:6.2f} s  {statement.splitlines()[-1][:60]}")


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
    await _script(engine, sql.replace(":week0", f"timestamptz '{week0.isoformat()}'"))
    parts = os.cpu_count() or 1
    await asyncio.gather(
        *(
            _script(
                engine,
                FILL_SQL.replace(":seed", f"0.{k + 1}")
                .replace(":parts", str(parts))
                .replace(":part", str(k)),
            )
            for k in range(parts)
        )
    )
    await _script(engine, FINISH_SQL)
    async with engine.connect() as conn:
        sets = int((await conn.execute(text("SELECT count(*) FROM set_records"))).scalar_one())
    await engine.dispose()
    return sets, time.perf_counter() - began


def _work(url: str, worker: int, workers: int, users: int, out: Queue) -> None:  # type: ignore[type-arg]
    asyncio.run(_stream(url, worker, workers, users, out))


async def _stream(url: str, worker: int, workers: int, users: int, out: Queue) -> None:  # type: ignore[type-arg]
    """Summaries for batches worker, worker + workers, ...; one batch in memory at a time."""
    engine = _engine(url)
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
            assert composed.outgoing is not None
            chars += len(composed.outgoing.text)
            nudges += composed.outgoing.text.startswith("Week of")
            # Up to 1024 characters the text rides as the chart's caption: one message.
            long += len(composed.outgoing.text) > MAX_CAPTION
        del inputs
        t2, c2 = time.perf_counter(), time.process_time()
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        out.put((len(requests), t1 - t0, t2 - t1, c1 - c0, c2 - c1, chars, nudges, long, rss))
    await engine.dispose()
    out.put(None)


FIELDS = ("users", "load_s", "build_s", "load_cpu", "build_cpu", "chars", "nudges", "long")


def run(url: str, checkpoints: list[int], workers: int) -> None:
    users = max(checkpoints)
    ctx = multiprocessing.get_context("spawn")
    out: Queue = ctx.Queue()  # type: ignore[type-arg]
    procs = [ctx.Process(target=_work, args=(url, k, workers, users, out)) for k in range(workers)]
    for p in procs:
        p.start()
    began = time.perf_counter()
    total = dict.fromkeys(FIELDS, 0.0)
    peak_kb = 0
    pending = sorted(checkpoints)
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
            _report(pending.pop(0), time.perf_counter() - began, workers, total, peak_kb)
    for p in procs:
        p.join()


def _report(at: int, wall: float, workers: int, t: dict[str, float], peak_kb: int) -> None:
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
        charts.week_png(s)
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
        run(url, args.users, args.workers)
        rate = asyncio.run(chart_rate(url))
        active = 0.75 * max(args.users)  # the quarter without sets gets no chart
        print(
            f"charts: {rate:.0f} PNGs/s in one process (reused figure): {active:.0f} charts take"
            f" {active / rate / 60:.0f} CPU-min, spread over the send at {SEND_RATE:.0f} msg/s"
            f" that is {SEND_RATE / rate:.1f} CPUs busy"
        )
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
