"""Three bot instances fanning out 6 000 weekly summaries under one send budget in Redis.

Usage: .venv/bin/python bench/send_budget.py [--users 6000] [--instances 3] [--control 1500]

Real `python -m bot` processes (one polling, the others TOFAILURE_POLLING=false) on one scratch
PostgreSQL database and one Redis, against the fake Bot API with Telegram's flood limits
enforced (429 + retry_after past 30 messages in any second, 1/s per chat after a burst of 5).
"3 instances x 2 000 summaries" is read as 6 000 summaries due at once and shared by the three
(instances claim due rows from one table; none owns a user). Five people log a set a second
each meanwhile; their reply delay is what a user notices during a fan-out.

`--control N` then runs N summaries the same way without Redis (each instance with its own
in-process budget, as before the shared one) to show what the shared budget prevents.

PostgreSQL: TOFAILURE_BENCH_POSTGRES_URL, else TOFAILURE_TEST_POSTGRES_URL, else
postgresql://postgres@127.0.0.1:5432/test (a scratch database is created and dropped).
Redis: TOFAILURE_BENCH_REDIS_URL, else TOFAILURE_TEST_REDIS_URL, else redis://127.0.0.1:6379/1.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import figures
from tests.dbs import POSTGRES_ENV
from tests.e2e.fanout_run import FanoutResult, run_fanout

LIMIT = 30.0


def _row(label: str, r: FanoutResult) -> str:
    return (
        f"| {label} | {r.users} | {r.delivered} | {r.duplicates} | {r.peak_1s}"
        f" ({r.attempted_peak_1s}) | {r.refused_429}"
        f" | {r.fanout_seconds:.0f} s | {r.throughput:.1f}/s | {r.message_rate:.1f}/s"
        f" | {len(r.reply_delays)} |"
        f" {r.delay(0.5) * 1000:.0f} ms | {r.delay(0.95) * 1000:.0f} ms |"
    )


def _figures(label: str, r: FanoutResult) -> list[figures.Figure]:
    """For bench/run_all.py: the limits kept (targets only with the shared budget)."""
    what = f"{r.instances} instances, {label}, {figures.number(r.users)} summaries"
    if not r.shared:  # the control run: what the shared budget prevents
        return [
            figures.Figure(f"{what}: refused by the fake Bot API", "", r.refused_429, "HTTP 429")
        ]
    return [
        figures.Figure(
            f"{what}: most messages in any 1 s", "peak", r.peak_1s, "messages", target=LIMIT
        ),
        figures.Figure(
            f"{what}: refused by the fake Bot API", "", r.refused_429, "HTTP 429", target=0
        ),
        figures.Figure(
            f"{what}: delivered, of due",
            "",
            r.delivered,
            "summaries",
            r.users,
            1.0,
            higher_is_better=True,
        ),
        figures.Figure(f"{what}: sent twice", "", r.duplicates, "summaries", target=0),
        figures.Figure(f"{what}: fan-out", "", r.throughput, "summaries/s"),
        figures.Figure(
            f"{what}: reply to a logged set during the fan-out", "p95", r.delay(0.95) * 1000, "ms"
        ),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--users", type=int, default=6000)
    parser.add_argument("--instances", type=int, default=3)
    parser.add_argument("--control", type=int, default=1500, help="0: no run without Redis")
    parser.add_argument("--tick", type=float, default=2.0, help="TOFAILURE_TICK_SECONDS")
    figures.add_argument(parser)
    args = parser.parse_args()
    os.environ[POSTGRES_ENV] = (
        os.environ.get("TOFAILURE_BENCH_POSTGRES_URL")
        or os.environ.get(POSTGRES_ENV)
        or "postgresql://postgres@127.0.0.1:5432/test"
    )
    redis = (
        os.environ.get("TOFAILURE_BENCH_REDIS_URL")
        or os.environ.get("TOFAILURE_TEST_REDIS_URL")
        or "redis://127.0.0.1:6379/1"
    )
    print(f"{platform.node()}: {os.cpu_count()} CPU, Python {platform.python_version()}")
    print(f"limit {LIMIT:g} messages/s per bot token; tick {args.tick:g} s", flush=True)
    runs: list[tuple[str, FanoutResult]] = []
    began = time.monotonic()
    shared = run_fanout(
        users=args.users,
        instances=args.instances,
        redis_url=redis,
        rate_limit=LIMIT,
        tick_seconds=args.tick,
        timeout=3600,
    )
    print(shared.summary(), flush=True)
    runs.append(("one budget in Redis", shared))
    if args.control:
        control = run_fanout(
            users=args.control,
            instances=args.instances,
            redis_url=None,
            rate_limit=LIMIT,
            tick_seconds=args.tick,
            timeout=3600,
        )
        print(control.summary(), flush=True)
        runs.append(("no Redis: a budget per instance", control))
    print()
    print(
        "| budget | summaries | delivered | duplicates | peak msgs in any 1 s (tried) | HTTP 429 "
        "| fan-out | summaries/s | messages/s | replies timed | reply median | reply p95 |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for label, r in runs:
        print(_row(f"{args.instances} instances, {label}", r))
    print(f"\n({time.monotonic() - began:.0f} s in all)")
    errors = [e for _, r in runs for e in r.errors]
    if errors:
        print("\ntracebacks in the bots' output:\n" + errors[0][-3000:])
    figures.write(args.figures, [f for label, r in runs for f in _figures(label, r)])
    ok = shared.refused_429 == 0 and shared.peak_1s <= LIMIT and shared.delivered == args.users
    return 0 if ok and not errors else 1


if __name__ == "__main__":
    sys.exit(main())
