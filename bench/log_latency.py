"""Reply latency and burst throughput of the real bot vs a bare PTB echo bot (same fake API).

Usage: .venv/bin/python bench/log_latency.py [--sequential 300] [--profile]
Each timed message is a set log through the full path (parse, rules over history, one commit,
reply with the tally). The echo bot is measured in the same run, so the ratios compare like
with like on this machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import figures
from bench.latency_harness import ECHO_BOT, Result, measure, percentile

ROOT = Path(__file__).resolve().parents[1]
EXERCISES = ["bench", "squat", "deadlift", "ohp", "row", "curls", "pullups", "leg extension"]


def set_message(i: int) -> str:
    """A realistic stream: mostly working sets, every 7th to failure, loads vary."""
    exercise = EXERCISES[i % len(EXERCISES)]
    if exercise == "pullups":
        return f"pullups {6 + i % 5}"
    marker = " F" if i % 7 == 0 else (" @8" if i % 3 == 0 else "")
    return f"{exercise} {40 + (i * 2.5) % 60:g}x{5 + i % 6}{marker}"


@contextmanager
def scratch_database(url: str) -> Iterator[str]:
    """A fresh PostgreSQL database next to the one in `url`, dropped afterwards."""
    import asyncio

    from sqlalchemy import text

    from storage.db import make_engine

    name = f"tofailure_bench_{os.getpid()}"

    async def admin(sql: str) -> None:
        engine = make_engine(url, isolation_level="AUTOCOMMIT")
        async with engine.connect() as conn:
            await conn.execute(text(sql))
        await engine.dispose()

    asyncio.run(admin(f'CREATE DATABASE "{name}"'))
    try:
        yield url.rsplit("/", 1)[0] + "/" + name
    finally:
        asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sequential", type=int, default=300)
    parser.add_argument("--profile", action="store_true", help="run the bot under pyinstrument")
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="also measure on PostgreSQL (a database is created for the run and dropped)",
    )
    parser.add_argument(
        "--baseline",
        metavar="DIR",
        help="also measure the bot of another source tree (e.g. a `git archive` of an earlier "
        "commit) in the same run, on the same databases: before/after figures",
    )
    figures.add_argument(parser)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bot_cmd = [sys.executable, "-m", "bot"]
        if args.profile:
            html = ROOT / "bench" / "log_latency_profile.txt"
            bot_cmd = [
                sys.executable, "-m", "pyinstrument", "-r", "text", "-o", str(html), "-m", "bot",
            ]  # fmt: skip
        env = {
            "DATABASE_URL": f"sqlite:///{Path(tmp) / 'bench.db'}",
            "TOFAILURE_RATE_LIMIT": "0",
            "TOFAILURE_LOG_LEVEL": "WARNING",
        }
        echo = measure(ECHO_BOT, {}, set_message, sequential=args.sequential)
        before = before_pg = None
        if args.baseline:
            base_env = {**env, "DATABASE_URL": f"sqlite:///{Path(tmp) / 'base.db'}"}
            base_env["PYTHONPATH"] = args.baseline
            before = measure(
                bot_cmd, base_env, set_message, sequential=args.sequential, cwd=args.baseline
            )
        ours = measure(bot_cmd, env, set_message, sequential=args.sequential)
        on_pg = None
        if args.postgres:
            if args.baseline:
                with scratch_database(args.postgres) as url:
                    before_pg = measure(
                        bot_cmd,
                        {**env, "DATABASE_URL": url, "PYTHONPATH": args.baseline},
                        set_message,
                        sequential=args.sequential,
                        cwd=args.baseline,
                    )
            with scratch_database(args.postgres) as url:
                on_pg = measure(
                    bot_cmd, {**env, "DATABASE_URL": url}, set_message, sequential=args.sequential
                )
    print(
        f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    print("--- bare PTB echo bot")
    print(echo.summary())
    if before is not None:
        print(f"--- baseline {args.baseline} (python -m bot, SQLite)")
        print(before.summary())
    print("--- ToFailure (python -m bot, SQLite)")
    print(ours.summary())
    if before is not None:
        print(
            f"after/before, SQLite: median {ours.median_ms / before.median_ms:.2f}x "
            f"({before.median_ms:.1f} -> {ours.median_ms:.1f} ms), "
            f"p95 {ours.p95_ms / before.p95_ms:.2f}x ({before.p95_ms:.1f} -> {ours.p95_ms:.1f} ms)"
        )
    if before_pg is not None and on_pg is not None:
        print(f"--- baseline {args.baseline} (python -m bot, PostgreSQL)")
        print(before_pg.summary())
        print(
            f"after/before, PostgreSQL: median {on_pg.median_ms / before_pg.median_ms:.2f}x "
            f"({before_pg.median_ms:.1f} -> {on_pg.median_ms:.1f} ms), p95 "
            f"{on_pg.p95_ms / before_pg.p95_ms:.2f}x "
            f"({before_pg.p95_ms:.1f} -> {on_pg.p95_ms:.1f} ms)"
        )
    if on_pg is not None:
        print("--- ToFailure (python -m bot, PostgreSQL)")
        print(on_pg.summary())
        print(
            f"PostgreSQL ratios: median {on_pg.median_ms / echo.median_ms:.2f}x, "
            f"p95 {on_pg.p95_ms / echo.p95_ms:.2f}x, burst "
            f"{on_pg.burst_replies_per_s / echo.burst_replies_per_s:.2f}x"
        )
    burst = ours.burst_replies_per_s / echo.burst_replies_per_s
    print("--- ratios (ToFailure / echo)")
    print(
        f"median {ours.median_ms / echo.median_ms:.2f}x (target <= 1.5x), "
        f"p95 {ours.p95_ms / echo.p95_ms:.2f}x (target <= 3x), "
        f"p99 {ours.p99_ms / echo.p99_ms:.2f}x, "
        f"burst throughput {burst:.2f}x (target >= 0.7x)"
    )
    print(
        f"burst time-to-reply p50: echo {percentile(echo.burst_latencies_ms, 50):.0f} ms, "
        f"ours {percentile(ours.burst_latencies_ms, 50):.0f} ms"
    )
    figures.write(args.figures, ratios_to_echo(echo, {"SQLite": ours, "PostgreSQL": on_pg}))


def ratios_to_echo(echo: Result, runs: dict[str, Result | None]) -> list[figures.Figure]:
    """The figures of bench/run_all.py: each database against the echo bot (issue 11 targets)."""
    found = []
    for backend, r in runs.items():
        if r is None:
            continue
        what = f"reply to a logged set, {backend}, vs bare PTB echo bot"
        n = f"{len(r.latencies_ms)} one at a time"
        found += [
            figures.Figure(f"{what} ({n})", "median", r.median_ms, "ms", echo.median_ms, 2.0),
            figures.Figure(f"{what} ({n})", "p95", r.p95_ms, "ms", echo.p95_ms, 3.0),
            figures.Figure(
                f"{what} (burst: {r.burst_messages} messages from many users at once)",
                "",
                r.burst_replies_per_s,
                "replies/s",
                echo.burst_replies_per_s,
                0.5,
                higher_is_better=True,
            ),
        ]
    return found


if __name__ == "__main__":
    main()
