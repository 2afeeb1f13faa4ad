"""Reply latency and burst throughput of the real bot vs a bare PTB echo bot (same fake API).

Usage: .venv/bin/python bench/log_latency.py [--sequential 300] [--runs 5] [--postgres URL]
       [--breakdown] [--profile] [--baseline DIR] [--no-floor]
Each timed message is a set log through the full path (inbox intake, parse, rules over
history, one commit, reply with the tally, answered-mark). The echo bot is measured in the same
run, so the ratios compare like with like on this machine; PostgreSQL is measured too when
--postgres or TOFAILURE_TEST_POSTGRES_URL gives a server (a database is made for the run).
The echo bot on ToFailure's Bot API client (aiohttp, bot/aiohttp_request.py) is measured too:
what the HTTP client alone changes. The store-then-echo bot (bench/durable_echo_bot.py: one
INSERT, then the echo, on that client) is measured on each database: what storing before
answering costs any bot there, so what is left over it is ours; and so is the real bot with an
echo for its text handler (bench/plumbing_echo_bot.py), which splits ours into the plumbing
(durable intake, per-chat order, send budget, answered-marks) and the work on a set (parse,
history, rules, its transaction, the tally).
Targets (same run): median <= 2x echo, p95 <= 3x, burst throughput >= 0.5x. On a shared VM the
echo bot alone moves by 1.5x from one run to the next, so the figures (--figures) are the
medians over --runs runs, ours against the echo bot's.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import figures
from bench.echo_bot import AIOHTTP_ENV
from bench.latency_harness import ECHO_BOT, Result, measure, percentile

ROOT = Path(__file__).resolve().parents[1]
EXERCISES = ["bench", "squat", "deadlift", "ohp", "row", "curls", "pullups", "leg extension"]
TARGET_MEDIAN, TARGET_P95, TARGET_BURST = 2.0, 3.0, 0.5
TIMED_BOT = ROOT / "bench" / "timed_bot.py"
# The echo bot that stores each message (one INSERT on the driver) before it answers: what the
# database costs any bot that answers only once a message is safe (bench/durable_echo_bot.py).
FLOOR_BOT = [sys.executable, str(ROOT / "bench" / "durable_echo_bot.py")]
FLOOR = "store-then-echo bot, "
# The real bot with its text handler swapped for the echo (bench/plumbing_echo_bot.py): what the
# inbox intake, per-chat order, send budget and answered-marks cost before any work on a set.
PLUMBING_BOT = [sys.executable, str(ROOT / "bench" / "plumbing_echo_bot.py")]
PLUMBING = "ToFailure's plumbing, echo handler, "
# The echo bot on ToFailure's Bot API client (bot/aiohttp_request.py) instead of PTB's default
# httpx: how much of the gap to the echo bot the HTTP client closes, and what is left that is
# the database's and ours.
ECHO_AIOHTTP = "bare PTB echo bot on ToFailure's aiohttp client"
REFERENCES = (FLOOR, PLUMBING, ECHO_AIOHTTP)


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

    asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    asyncio.run(admin(f'CREATE DATABASE "{name}"'))
    try:
        yield url.rsplit("/", 1)[0] + "/" + name
    finally:
        asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def breakdown(spans_file: Path, result: Result) -> list[str]:
    """Per step of the one-at-a-time phase: median wall ms and CPU ms per message."""
    if not spans_file.exists():
        return ["(no spans recorded)"]
    since, until = result.sequential_window
    walls: dict[str, list[float]] = defaultdict(list)
    cpus: dict[str, float] = defaultdict(float)
    for line in spans_file.read_text().splitlines():
        name, began, wall, cpu = json.loads(line)
        if since <= began < until:
            walls[name].append(wall * 1000.0)
            cpus[name] += cpu * 1000.0
    count = max(1, len(result.latencies_ms))
    lines = []
    for name in sorted(walls):
        wall = (
            "(waits for the message)"
            if name.startswith("1 ")
            else (f"median {statistics.median(walls[name]):6.2f} ms")
        )
        lines.append(
            f"  {name:<46} {wall:<24} CPU {cpus[name] / count:5.2f} ms/message "
            f"({len(walls[name])} calls)"
        )
    return lines


def ratios(name: str, ours: Result, echo: Result) -> tuple[float, float, float]:
    median = ours.median_ms / echo.median_ms
    p95 = ours.p95_ms / echo.p95_ms
    burst = ours.burst_replies_per_s / echo.burst_replies_per_s
    met = median <= TARGET_MEDIAN and p95 <= TARGET_P95 and burst >= TARGET_BURST
    reference = name.startswith(REFERENCES)  # the targets are not its own

    def target(text: str) -> str:
        return "" if reference else f" (target {text})"

    verdict = (
        "a reference, no target of its own"
        if reference
        else ("targets met" if met else "targets NOT met")
    )
    print(
        f"{name} / echo: median {median:.2f}x{target(f'<= {TARGET_MEDIAN:g}x')}, "
        f"p95 {p95:.2f}x{target(f'<= {TARGET_P95:g}x')}, p99 {ours.p99_ms / echo.p99_ms:.2f}x, "
        f"burst {burst:.2f}x{target(f'>= {TARGET_BURST:g}x')}, CPU per message "
        f"{ours.sequential_cpu_ms / echo.sequential_cpu_ms:.2f}x; {verdict}"
    )
    return median, p95, burst


def one_run(
    args: argparse.Namespace, tmp: Path, run: int, results: dict[str, Result]
) -> dict[str, tuple[float, ...]]:
    """Echo, then ours on SQLite (and PostgreSQL); prints the figures, returns the ratios and
    puts each bot's result in `results` (for bench/run_all.py's figures)."""
    breakdown_on = args.breakdown
    echo_cmd = [sys.executable, str(TIMED_BOT), "echo"] if breakdown_on else ECHO_BOT
    bot_cmd = [sys.executable, str(TIMED_BOT)] if breakdown_on else [sys.executable, "-m", "bot"]
    if args.profile:
        out = ROOT / "bench" / "log_latency_profile.txt"
        bot_cmd = [
            sys.executable, "-m", "pyinstrument", "-r", "text", "-o", str(out), "-m", "bot",
        ]  # fmt: skip
    env = {"TOFAILURE_RATE_LIMIT": "0", "TOFAILURE_LOG_LEVEL": "WARNING"}

    def spans(label: str) -> dict[str, str]:
        return {"TOFAILURE_BENCH_SPANS": str(tmp / f"spans-{run}-{label}.jsonl")}

    n = args.sequential
    echo = measure(echo_cmd, spans("echo"), set_message, sequential=n)
    measured: list[tuple[str, Result]] = []
    if not args.no_floor:
        echo_aiohttp = measure(echo_cmd, {AIOHTTP_ENV: "1"}, set_message, sequential=n)
        measured.append((ECHO_AIOHTTP, echo_aiohttp))
    if args.baseline:
        base_env = {**env, "DATABASE_URL": f"sqlite:///{tmp / f'base-{run}.db'}"}
        base_env["PYTHONPATH"] = args.baseline
        cmd = [sys.executable, "-m", "bot"]
        before = measure(cmd, base_env, set_message, sequential=n, cwd=args.baseline)
        measured.append((f"baseline {args.baseline} (SQLite)", before))
    if not args.no_floor:
        floor_env = {**env, "DATABASE_URL": f"sqlite:///{tmp / f'floor-{run}.db'}"}
        measured.append(
            (FLOOR + "SQLite", measure(FLOOR_BOT, floor_env, set_message, sequential=n))
        )
        plumbing_env = {**env, "DATABASE_URL": f"sqlite:///{tmp / f'plumbing-{run}.db'}"}
        plumbing = measure(PLUMBING_BOT, plumbing_env, set_message, sequential=n)
        measured.append((PLUMBING + "SQLite", plumbing))
    sqlite_env = {**env, **spans("sqlite"), "DATABASE_URL": f"sqlite:///{tmp / f'b-{run}.db'}"}
    measured.append(("SQLite", measure(bot_cmd, sqlite_env, set_message, sequential=n)))
    if args.postgres and not args.no_floor:
        with scratch_database(args.postgres) as url:
            floor_pg = measure(FLOOR_BOT, {**env, "DATABASE_URL": url}, set_message, sequential=n)
            measured.append((FLOOR + "PostgreSQL", floor_pg))
        with scratch_database(args.postgres) as url:
            plumbing_pg = measure(
                PLUMBING_BOT, {**env, "DATABASE_URL": url}, set_message, sequential=n
            )
            measured.append((PLUMBING + "PostgreSQL", plumbing_pg))
    if args.postgres:
        if args.baseline:
            with scratch_database(args.postgres) as url:
                cmd = [sys.executable, "-m", "bot"]
                pg_env = {**env, "DATABASE_URL": url, "PYTHONPATH": args.baseline}
                before = measure(cmd, pg_env, set_message, sequential=n, cwd=args.baseline)
                measured.append((f"baseline {args.baseline} (PostgreSQL)", before))
        with scratch_database(args.postgres) as url:
            pg_env = {**env, **spans("postgresql"), "DATABASE_URL": url}
            measured.append(("PostgreSQL", measure(bot_cmd, pg_env, set_message, sequential=n)))

    results.update({"echo": echo, **dict(measured)})
    print(f"=== run {run + 1}")
    print("--- bare PTB echo bot")
    print(echo.summary())
    if breakdown_on:
        print("\n".join(breakdown(tmp / f"spans-{run}-echo.jsonl", echo)))
    found: dict[str, tuple[float, ...]] = {}
    for label, result in measured:
        reference = label.startswith(REFERENCES)
        print(f"--- {label}" if reference else f"--- ToFailure, {label}")
        print(result.summary())
        if breakdown_on and not label.startswith(("baseline", *REFERENCES)):
            print("\n".join(breakdown(tmp / f"spans-{run}-{label.lower()}.jsonl", result)))
        found[label] = ratios(label, result, echo)
        # Against this database's floor and plumbing, and (ours only) the aiohttp echo bot.
        against = [name + label for name in REFERENCES] + ([] if reference else [ECHO_AIOHTTP])
        for name in against:
            below = dict(measured).get(name)
            if below is not None:
                print(
                    f"{label} / {name}: median {result.median_ms / below.median_ms:.2f}x, "
                    f"p95 {result.p95_ms / below.p95_ms:.2f}x, burst "
                    f"{result.burst_replies_per_s / below.burst_replies_per_s:.2f}x"
                )
        print(
            f"burst time-to-reply p50: echo {percentile(echo.burst_latencies_ms, 50):.0f} ms, "
            f"ours {percentile(result.burst_latencies_ms, 50):.0f} ms"
        )
        print(
            f"first message of a new user, median: echo {echo.first_contact_median_ms:.2f} ms, "
            f"ours {result.first_contact_median_ms:.2f} ms = "
            f"{result.first_contact_median_ms / echo.first_contact_median_ms:.2f}x"
        )
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sequential", type=int, default=300)
    parser.add_argument(
        "--runs", type=int, default=5, help="repeat; medians over the runs (default 5)"
    )
    parser.add_argument("--profile", action="store_true", help="run the bot under pyinstrument")
    parser.add_argument(
        "--breakdown",
        action="store_true",
        help="in-process timers per step of the reply path (bench/timed_bot.py), both bots",
    )
    parser.add_argument(
        "--postgres",
        metavar="URL",
        default=os.environ.get("TOFAILURE_TEST_POSTGRES_URL"),
        help="also measure on PostgreSQL (a database is created for the run and dropped); "
        "default $TOFAILURE_TEST_POSTGRES_URL",
    )
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument(
        "--no-floor",
        action="store_true",
        help="skip the reference bots: store-then-echo (bench/durable_echo_bot.py: the "
        "database's own cost) and the plumbing with an echo handler (bench/plumbing_echo_bot.py)",
    )
    parser.add_argument(
        "--baseline",
        metavar="DIR",
        help="also measure the bot of another source tree (e.g. a `git archive` of an earlier "
        "commit) in the same run, on the same databases: before/after figures",
    )
    figures.add_argument(parser)
    args = parser.parse_args()
    if args.no_postgres:
        args.postgres = None
    print(
        f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    runs: dict[str, list[tuple[float, ...]]] = defaultdict(list)
    results: list[dict[str, Result]] = []  # each run's: the figures run_all.py reads
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(args.runs):
            results.append({})
            for label, found in one_run(args, Path(tmp), run, results[-1]).items():
                runs[label].append(found)
    if args.runs > 1:
        print(f"=== medians over {args.runs} runs of the same-run ratios")
        for label, found in runs.items():
            median, p95, burst = (statistics.median(f[i] for f in found) for i in range(3))
            print(
                f"{label}: median {median:.2f}x, p95 {p95:.2f}x, burst {burst:.2f}x "
                f"(each run: {', '.join(f'{m:.2f}/{p:.2f}/{b:.2f}' for m, p, b in found)})"
            )
    figures.write(args.figures, ratios_to_echo(results))


def over_runs(values: list[Result], stat: str) -> float:
    """The median of one figure of each run's result."""
    return statistics.median(getattr(v, stat) for v in values)


def reference_figures(what: str, bot: list[Result], echo: list[Result]) -> list[figures.Figure]:
    """A reference bot's median and burst against the echo bot's (no target of its own)."""
    runs = f"median of {len(bot)} runs"
    return [
        figures.Figure(
            f"{what} ({runs})", "median", over_runs(bot, "median_ms"), "ms",
            over_runs(echo, "median_ms"),
        ),
        figures.Figure(
            f"{what}, burst ({runs})", "", over_runs(bot, "burst_replies_per_s"), "replies/s",
            over_runs(echo, "burst_replies_per_s"), higher_is_better=True,
        ),
    ]  # fmt: skip


def ratios_to_echo(results: list[dict[str, Result]]) -> list[figures.Figure]:
    """The figures of bench/run_all.py: each database against the echo bot (issue 11 targets),
    each figure the median over the runs (ours and the echo bot's alike)."""
    found = []
    echo = [r["echo"] for r in results]
    same_client = [r[ECHO_AIOHTTP] for r in results if ECHO_AIOHTTP in r]
    if same_client:
        found += reference_figures(
            f"{ECHO_AIOHTTP}: the HTTP client alone (no target)", same_client, echo
        )
    for backend in ("SQLite", "PostgreSQL"):
        for reference, does in (
            (FLOOR, "one INSERT, then the echo (no target: the database's cost)"),
            (PLUMBING, "inbox, order, send budget, marks, then the echo (no target)"),
        ):
            below = [r[reference + backend] for r in results if reference + backend in r]
            if not below:
                continue
            found += reference_figures(f"{reference}{backend}: {does}", below, echo)
        ours = [r[backend] for r in results if backend in r]
        if not ours:
            continue
        first = ours[0]
        what = f"reply to a logged set, {backend}, vs bare PTB echo bot"
        n = f"{len(first.latencies_ms)} one at a time, median of {len(ours)} runs"

        found += [
            figures.Figure(
                f"{what} ({n})", "median", over_runs(ours, "median_ms"), "ms",
                over_runs(echo, "median_ms"), 2.0,
            ),
            figures.Figure(
                f"{what} ({n})", "p95", over_runs(ours, "p95_ms"), "ms",
                over_runs(echo, "p95_ms"), 3.0,
            ),
            *(
                [
                    figures.Figure(
                        f"reply to a logged set, {backend}, vs that echo bot on aiohttp ({n}; "
                        "no target)", "median", over_runs(ours, "median_ms"), "ms",
                        over_runs(same_client, "median_ms"),
                    ),
                    figures.Figure(
                        f"reply to a logged set, {backend}, vs that echo bot on aiohttp (burst, "
                        f"median of {len(ours)} runs; no target)", "",
                        over_runs(ours, "burst_replies_per_s"), "replies/s",
                        over_runs(same_client, "burst_replies_per_s"), higher_is_better=True,
                    ),
                ]
                if same_client
                else []
            ),
            figures.Figure(
                f"first message of a new user, {backend}, vs bare PTB echo bot "
                f"({len(first.first_contact_ms)} new users one at a time, median of "
                f"{len(ours)} runs; no target)",
                "median", over_runs(ours, "first_contact_median_ms"), "ms",
                over_runs(echo, "first_contact_median_ms"),
            ),
            figures.Figure(
                f"{what} (burst: {first.burst_messages} messages from many users at "
                f"once, median of {len(ours)} runs)",
                "",
                over_runs(ours, "burst_replies_per_s"),
                "replies/s",
                over_runs(echo, "burst_replies_per_s"),
                0.5,
                higher_is_better=True,
            ),
        ]  # fmt: skip
    return found


if __name__ == "__main__":
    main()
