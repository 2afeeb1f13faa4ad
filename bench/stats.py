"""Time every stats command on a year of history (about 50 000 sets), SQLite and PostgreSQL.

Run: .venv/bin/python bench/stats.py [--runs 30] [--postgres postgresql://postgres@127.0.0.1:5432/test]

One user with the synthetic year of bench/rules.py (4-5 workouts a week, 24 exercises, warm-ups,
RPE, failure sets, a deload every sixth week), stored through the real schema. Each command runs
through the service exactly as Telegram calls it (service.commands.run: one transaction, the
queries, the core, the wording, the chart drawn in a worker thread) with the clock just after the
last logged set; figures are the wall time of that call ("server side": no network). Charts are
also timed alone (core only: build + PNG). Targets: every command <= 100 ms median, <= 300 ms
with its chart.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert, text

from bench import figures
from bench.rules import TZ, build_history, calibrate
from core.insights import charts
from core.insights.stats.progress import progress
from core.insights.stats.weeks import failure_view, volume, week_stats
from core.insights.tally import Tallies, merged
from core.model import SetRecord, Unit
from core.rules import RuleSettings
from core.training.workouts import WORKOUT_GAP
from service import commands, texts
from service.reading import IncomingText
from service.services import Services
from storage.db import make_engine, make_session_factory
from storage.migrate import migrate
from storage.rows import DeloadWeekRow, LogMessageRow, SetRow, UserRow
from storage.uow import UnitOfWorkFactory

USER = 42
COMMANDS = [
    ("/stats", ""),
    ("/history", "bench"),
    ("/prs", ""),
    ("/prs", "bench"),
    ("/chart", "bench"),
    ("/volume", ""),
    ("/failure", ""),
]
QUESTIONS = [
    "how much did I squat last week",
    "what's my best bench",
    "how many failure sets this week",
    "when did I last train legs",
]


async def seed(engine: Any, sets: list[SetRecord], deloads: tuple[Any, ...]) -> None:
    """The history as the bot stores it: one message per time stamp, workouts by 3 h gaps."""
    first = sets[0].at
    messages: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    previous: datetime | None = None
    workout = position = 0
    for s in sets:
        if s.at != previous:
            if previous is None or s.at - previous >= WORKOUT_GAP:
                workout = len(messages) + 1
            messages.append(
                {
                    "id": len(messages) + 1,
                    "user_id": USER,
                    "chat_id": USER,
                    "message_id": len(messages) + 1,
                    "text": "seeded",
                    "received_at": s.at,
                }
            )
            previous, position = s.at, 0
        rows.append(
            {
                "user_id": USER,
                "log_message_id": len(messages),
                "position": position,
                "workout_id": workout,
                "exercise": s.exercise,
                "weight": s.weight,
                "unit": s.unit.value,
                "bodyweight": s.bodyweight,
                "reps": s.reps,
                "seconds": s.seconds,
                "failure": s.failure.value if s.failure else None,
                "rpe": s.rpe,
                "rir": s.rir,
                "warmup": s.warmup,
                "drop": s.drop,
                "note": None,
                "line": 1,
                "logged_at": s.at,
            }
        )
        position += 1
    async with engine.begin() as conn:
        await conn.execute(
            insert(UserRow).values(
                id=USER,
                unit="kg",
                timezone=str(TZ),
                week_start="monday",
                deload_every_weeks=6,
                rules_off=[],
                thresholds={},
                created_at=first,
                updated_at=first,
            )
        )
        for week in deloads:
            await conn.execute(insert(DeloadWeekRow).values(user_id=USER, week_start=week))
        for k in range(0, len(messages), 5000):
            await conn.execute(insert(LogMessageRow), messages[k : k + 5000])
        for k in range(0, len(rows), 5000):
            await conn.execute(insert(SetRow), rows[k : k + 5000])
        if engine.dialect.name == "postgresql":
            await conn.execute(
                text("SELECT setval(pg_get_serial_sequence('log_messages', 'id'), :n)"),
                {"n": len(messages)},
            )
    # Planner statistics and (PostgreSQL) a visibility map, as autovacuum keeps them.
    if engine.dialect.name == "postgresql":
        async with engine.execution_options(isolation_level="AUTOCOMMIT").connect() as conn:
            await conn.execute(text("VACUUM ANALYZE"))
    else:  # our SQLite driver runs statements as given: ANALYZE inside BEGIN … COMMIT
        async with engine.begin() as conn:
            await conn.execute(text("ANALYZE"))


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def timed(run: Callable[[], Awaitable[Any]], runs: int) -> list[float]:
    for _ in range(3):  # warm up: imports, zoneinfo, fonts, connection pool
        await run()
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        await run()
        out.append((time.perf_counter() - t) * 1000)
    return out


async def measure(url: str, connect_args: dict[str, Any], runs: int) -> dict[str, list[float]]:
    sets, deloads = build_history(7)
    engine = make_engine(url, connect_args=connect_args)
    await migrate(engine)
    t = time.perf_counter()
    await seed(engine, sets, deloads)
    print(f"  seeded {len(sets)} sets in {time.perf_counter() - t:.1f} s", flush=True)
    now = sets[-1].at + timedelta(hours=2)
    svc = Services(uow=UnitOfWorkFactory(make_session_factory(engine)), clock=lambda: now)
    figures: dict[str, list[float]] = {}
    for word, args in COMMANDS:
        command = commands.Command(USER, USER, 1, args)

        async def run(word: str = word, command: commands.Command = command) -> Any:
            return await commands.run(svc, word, command)

        reply = await run()
        assert "bench 80x8" not in reply.text, f"{word} {args} found nothing: {reply.text}"
        name = f"{word} {args}".strip()
        await report(name, run, reply, figures, runs)
    ids = iter(range(10**6, 10**9))  # each question a new message
    for question in QUESTIONS:

        async def ask(question: str = question) -> Any:
            return await texts.new_text(
                svc, IncomingText(USER, USER, next(ids), question, now - timedelta(minutes=1))
            )

        reply = await ask()
        assert "bench 80x8" not in reply.text, f"{question}: {reply.text}"
        await report(f"“{question}”", ask, reply, figures, runs)
    await engine.dispose()
    return figures


async def report(
    name: str,
    run: Callable[[], Awaitable[Any]],
    reply: Any,
    figures: dict[str, list[float]],
    runs: int,
) -> None:
    """Time `run` and print its line (a chart reply is marked: its target is 300 ms)."""
    key = f"{name} (+ chart)" if reply.image is not None else name
    figures[key] = await timed(run, runs)
    print(
        f"  {key:40} median {statistics.median(figures[key]):6.1f} ms, "
        f"p95 {pct(figures[key], 0.95):6.1f} ms",
        flush=True,
    )


def chart_renders(runs: int) -> dict[str, list[float]]:
    """The three charts alone (build the Figure, render the PNG) on the same year."""
    sets, deloads = build_history(7)
    end = sets[-1].at
    bench = [
        s
        for s in sets
        if s.exercise == "bench_press" and not s.warmup and not s.drop
        and s.at >= end - timedelta(weeks=52)
    ]  # fmt: skip
    p = progress("bench_press", bench, deloads, str(TZ), "monday")
    assert p is not None
    weeks = sorted({d for d in deloads})[-1:]
    catalogue = Services(uow=None).catalogue  # type: ignore[arg-type]
    tallies = Tallies()
    tallies.add_sets(0, sets[-900:], range(900))
    one = tallies.period(0)
    stats = [
        week_stats(weeks[0] + timedelta(weeks=k), one, None, k == 3, catalogue) for k in range(8)
    ]
    limit = RuleSettings().share_limit()
    view = failure_view(stats, limit, 6, merged([one]), catalogue)
    vol = volume(stats[-1], stats[-2])
    cases = {
        "progress (/chart bench)": lambda: charts.png(
            charts.progress_chart(p, Unit.KG, "Bench Press", str(TZ))
        ),
        "volume (/volume)": lambda: charts.png(charts.volume_chart(vol, "Sets per muscle")),
        "failure (/failure)": lambda: charts.png(charts.failure_chart(view, "Failure sets")),
    }
    out: dict[str, list[float]] = {}
    for name, draw in cases.items():
        for _ in range(3):
            draw()
        values = []
        for _ in range(runs):
            t = time.perf_counter()
            draw()
            values.append((time.perf_counter() - t) * 1000)
        out[name] = values
    return out


async def on_postgres(url: str, runs: int) -> dict[str, list[float]]:
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = make_engine(url)
    async with admin.begin() as conn:
        await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        return await measure(url, {"server_settings": {"search_path": schema}}, runs)
    finally:
        async with admin.begin() as conn:
            await conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        await admin.dispose()


def table(title: str, figures: dict[str, list[float]], target: float) -> None:
    print(f"--- {title}")
    print(f"{'command':40} {'median ms':>10} {'p95 ms':>8}  target")
    for name, values in figures.items():
        median = statistics.median(values)
        goal = 300.0 if "(+ chart)" in name else target
        mark = "ok" if median <= goal else "OVER"
        print(f"{name:40} {median:10.1f} {pct(values, 0.95):8.1f}  <= {goal:.0f} {mark}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--postgres", metavar="URL", help="also measure on PostgreSQL")
    figures.add_argument(parser)
    args = parser.parse_args()
    print(
        f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}; 1M-iteration loop {calibrate():.0f} ms"
    )
    with tempfile.TemporaryDirectory() as tmp:
        print("SQLite", flush=True)
        lite = asyncio.run(measure(f"sqlite:///{Path(tmp) / 'bench.db'}", {}, args.runs))
    pg = None
    if args.postgres:
        print("PostgreSQL", flush=True)
        pg = asyncio.run(on_postgres(args.postgres, args.runs))
    renders = chart_renders(args.runs)
    table("SQLite: each command through service.commands.run", lite, 100)
    if pg is not None:
        table("PostgreSQL: each command through service.commands.run", pg, 100)
    print("--- charts alone (build + PNG, core only)")
    for name, values in renders.items():
        print(
            f"{name:24} median {statistics.median(values):6.1f} ms, p95 {pct(values, 0.95):6.1f} ms"
        )
    found = slowest("SQLite", lite) + (slowest("PostgreSQL", pg) if pg is not None else [])
    name, values = max(renders.items(), key=lambda item: statistics.median(item[1]))
    found.append(
        figures.Figure(
            f"charts alone (build + PNG), slowest of {len(renders)}: {name}",
            "median",
            statistics.median(values),
            "ms",
        )
    )
    figures.write(args.figures, found)


def slowest(backend: str, measured: dict[str, list[float]]) -> list[figures.Figure]:
    """For bench/run_all.py: the slowest command without and with a chart against its target."""
    found = []
    for charted, target in ((False, 100.0), (True, 300.0)):
        group = {k: v for k, v in measured.items() if ("(+ chart)" in k) == charted}
        name, values = max(group.items(), key=lambda item: statistics.median(item[1]))
        kind = "commands with a chart" if charted else "commands and questions"
        what = f"stats on a year of sets, {backend}: slowest of {len(group)} {kind}, {name}"
        runs = f" ({len(values)} runs)"
        found.append(
            figures.Figure(what + runs, "median", statistics.median(values), "ms", target=target)
        )
    return found


if __name__ == "__main__":
    main()
