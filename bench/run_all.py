"""Run every benchmark in bench/ and print one Markdown table: what, figure, target, met.

Usage: .venv/bin/python bench/run_all.py [--short] [--only parse.py rules.py ...] [--json FILE]
       [--verbose]

Each benchmark runs in a process of its own, one after another (side by side they would share
the CPUs), and hands its figures over with `--figures FILE` (bench/figures.py). The default
runs the sizes the README quotes (about 40 minutes on a shared 2-CPU machine); `--short` runs
small sizes and few repeats in about 3 minutes: a smoke test that every benchmark still works
and gives numbers (the test suite runs it), not figures to quote or hold against targets.

PostgreSQL: TOFAILURE_BENCH_POSTGRES_URL, else TOFAILURE_TEST_POSTGRES_URL; Redis:
TOFAILURE_BENCH_REDIS_URL, else TOFAILURE_TEST_REDIS_URL. Every benchmark makes its own scratch
database or schema and drops it. A benchmark that cannot run without one that is not set is
skipped with the reason in its row; one that measures on PostgreSQL as well runs on SQLite alone.
Exit status 1 when a benchmark failed (a target missed is not a failure: see "met?").
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.figures import Figure, read
from bench.rules import calibrate

HERE = Path(__file__).resolve().parent
POSTGRES = ("TOFAILURE_BENCH_POSTGRES_URL", "TOFAILURE_TEST_POSTGRES_URL")
REDIS = ("TOFAILURE_BENCH_REDIS_URL", "TOFAILURE_TEST_REDIS_URL")


@dataclass(frozen=True)
class Bench:
    script: str
    about: str  # what it measures, for a row without figures
    short: tuple[str, ...]  # arguments of the smoke run; the full run takes the defaults
    needs: tuple[str, ...] = ()  # services it cannot run without: "postgres", "redis"
    also_postgres: bool = False  # takes --postgres URL to measure on PostgreSQL as well


BENCHMARKS = (
    Bench("parse.py", "parser throughput", ("--rounds", "3", "--repeat", "2")),
    Bench("questions.py", "plain-words question grammar", ("--rounds", "3")),
    Bench("rules.py", "rules engine after a year of history", ("--runs", "10")),
    Bench(
        "log_latency.py",
        "reply to a logged set vs a bare PTB echo bot",
        ("--sequential", "30", "--runs", "1"),
        also_postgres=True,
    ),
    Bench(
        "bot_api_client.py",
        "Bot API client CPU per request: aiohttp vs httpx",
        ("--requests", "200", "--rounds", "1"),
    ),
    Bench(
        "unit_of_work.py",
        "one transaction: our unit of work vs the driver",
        ("--runs", "200"),
        also_postgres=True,
    ),
    Bench("stats.py", "stats commands and questions", ("--runs", "3"), also_postgres=True),
    Bench("chart_pool.py", "charts drawn beside the replies", ("--charts", "12")),
    Bench("summaries.py", "weekly summaries computed", ("--users", "300", "1200"), ("postgres",)),
    Bench(
        "transfer.py",
        "CSV import and export in the core",
        ("--rounds", "1", "--import-rows", "2000", "8000", "--export-sets", "5000", "20000"),
    ),
    Bench(
        "data_io.py",
        "import and /export through the service",
        ("--rounds", "1", "--import-rows", "1000", "4000", "--export-sets", "1000", "4000"),
        also_postgres=True,
    ),
    Bench(
        "send_budget.py",
        "3 instances under one send budget",
        ("--users", "150", "--control", "0"),
        ("postgres", "redis"),
    ),
)


@dataclass
class Outcome:
    bench: Bench
    status: str  # "ok", "skipped", "failed"
    reason: str = ""  # why skipped or failed; for "ok", a part left out (no PostgreSQL)
    seconds: float = 0.0
    figures: list[Figure] = field(default_factory=list)


def service_url(names: tuple[str, ...]) -> str | None:
    return next((os.environ[n] for n in names if os.environ.get(n)), None)


def run_one(bench: Bench, short: bool, timeout: float, verbose: bool) -> Outcome:
    """Run one benchmark in its own process; its figures, or why there are none."""
    urls = {"postgres": service_url(POSTGRES), "redis": service_url(REDIS)}
    names = {"postgres": POSTGRES[1], "redis": REDIS[1]}
    missing = [names[s] for s in bench.needs if not urls[s]]
    if missing:
        return Outcome(bench, "skipped", f"skipped: {' and '.join(missing)} not set")
    args = list(bench.short if short else ())
    left_out = ""
    if bench.also_postgres:
        if urls["postgres"]:
            args += ["--postgres", str(urls["postgres"])]
        else:
            left_out = f"PostgreSQL part skipped: {names['postgres']} not set"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "figures.json"
        command = [sys.executable, str(HERE / bench.script), *args, "--figures", str(out)]
        began = time.monotonic()
        # A session of its own, so a benchmark over time goes with every bot it started.
        child = subprocess.Popen(
            command,
            stdout=sys.stderr if verbose else subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=HERE.parent,
            start_new_session=True,
        )
        try:
            output, _ = child.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.communicate()
            return Outcome(bench, "failed", f"FAILED: still running after {timeout:.0f} s")
        seconds = time.monotonic() - began
        if child.returncode != 0 or not out.exists():
            print("\n".join((output or "").strip().splitlines()[-20:]), file=sys.stderr)
            return Outcome(bench, "failed", f"FAILED: exit status {child.returncode}", seconds)
        return Outcome(bench, "ok", left_out, seconds, read(out))


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    try:
        ram = f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.1f} GiB RAM"
    except (ValueError, OSError, AttributeError):
        ram = "RAM unknown"
    return {
        "cpu": f"{cpu}, {os.cpu_count()} cores, {ram}",
        "python": f"Python {platform.python_version()} ({platform.python_implementation()})",
        "os": platform.platform(),
        "services": services(),
        "loop": f"a plain 1M-iteration Python loop takes {calibrate():.0f} ms",
    }


def services() -> str:
    """Server versions of the PostgreSQL and Redis the benchmarks use ("not set" otherwise)."""
    found = []
    url = service_url(POSTGRES)
    if url:
        try:
            from sqlalchemy import text

            from storage.db import make_engine

            async def version(url: str) -> str:
                engine = make_engine(url)
                try:
                    async with engine.connect() as conn:
                        return str((await conn.execute(text("SHOW server_version"))).scalar())
                finally:
                    await engine.dispose()

            found.append(f"PostgreSQL {asyncio.run(version(url)).split()[0]} at {host(url)}")
        except Exception as error:  # the benchmarks will say more; the header just notes it
            found.append(f"PostgreSQL not answering ({type(error).__name__})")
    else:
        found.append(f"no PostgreSQL ({POSTGRES[1]} not set)")
    url = service_url(REDIS)
    if url:
        try:
            import redis

            info = redis.Redis.from_url(url, socket_timeout=5).info("server")
            found.append(f"Redis {info['redis_version']} at {host(url)}")
        except Exception as error:
            found.append(f"Redis not answering ({type(error).__name__})")
    else:
        found.append(f"no Redis ({REDIS[1]} not set)")
    return ", ".join(found)


def host(url: str) -> str:
    """postgresql://user:secret@127.0.0.1:5432/test -> 127.0.0.1:5432 (no password printed)."""
    return url.rsplit("@", 1)[-1].split("://", 1)[-1].split("/", 1)[0]


def sample_load(loads: list[float], stop: threading.Event, every: float = 5.0) -> None:
    """The 1-minute load average every few seconds while the benchmarks run: contention."""
    while True:
        loads.append(os.getloadavg()[0])
        if stop.wait(every):
            return


def cell(text: str) -> str:
    return text.replace("|", "\\|")


def table(outcomes: list[Outcome]) -> list[str]:
    lines = ["| benchmark | what | figure | target | met? |", "|---|---|---|---|---|"]
    for o in outcomes:
        name = f"`{o.bench.script}`"
        for f in o.figures:
            met = {True: "yes", False: "**no**", None: "—"}[f.met]
            lines.append(
                f"| {name} | {cell(f.what)} | {cell(f.figure_text())} | {f.target_text()} | {met} |"
            )
            name = ""
        if o.status != "ok" or o.reason:
            lines.append(f"| {name} | {cell(o.bench.about)} | {cell(o.reason)} | — | — |")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--short", action="store_true", help="small sizes: a smoke run")
    parser.add_argument("--only", nargs="+", metavar="SCRIPT", help="e.g. parse.py rules.py")
    parser.add_argument("--json", metavar="FILE", help="also write everything as JSON to FILE")
    parser.add_argument("--verbose", action="store_true", help="show each benchmark's output")
    parser.add_argument(
        "--timeout", type=float, help="seconds per benchmark (default 300 short, 3600 full)"
    )
    args = parser.parse_args()
    chosen = [b for b in BENCHMARKS if not args.only or b.script in args.only]
    if args.only and len(chosen) != len(args.only):
        parser.error(f"--only takes some of: {', '.join(b.script for b in BENCHMARKS)}")
    timeout = args.timeout or (300.0 if args.short else 3600.0)
    began, started = time.monotonic(), datetime.now(UTC)
    about = machine()
    loads: list[float] = []
    sampling = threading.Event()
    threading.Thread(target=sample_load, args=(loads, sampling), daemon=True).start()
    outcomes = []
    for k, bench in enumerate(chosen, 1):
        print(f"[{k}/{len(chosen)}] {bench.script} ...", file=sys.stderr, flush=True)
        outcomes.append(run_one(bench, args.short, timeout, args.verbose))
        print(f"      {outcomes[-1].seconds:.0f} s", file=sys.stderr, flush=True)
    sampling.set()
    took = time.monotonic() - began
    took_text = f"{took / 60:.0f} min" if took >= 120 else f"{took:.0f} s"
    mode = (
        "short mode (a smoke run: small sizes, not figures to quote)" if args.short else "full mode"
    )
    print(f"- Machine: {about['cpu']}; {about['python']}; {about['os']}")
    print(f"- Services: {about['services']}; {about['loop']}.")
    cores = os.cpu_count() or 1
    shared = (
        ": other processes shared the CPUs, so times are longer than on an idle machine "
        "(ratios measured in the same run hold better)"
        if statistics.median(loads) > cores
        else ""
    )
    print(
        f"- Run: {mode}, {started:%Y-%m-%d %H:%M} UTC, {took_text}; 1-minute load "
        f"average median {statistics.median(loads):.1f}, max {max(loads):.1f} on {cores} cores"
        f"{shared}."
    )
    print()
    print("\n".join(table(outcomes)))
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "machine": about,
                    "mode": "short" if args.short else "full",
                    "started": started.isoformat(),
                    "load_average": loads,
                    "benchmarks": [
                        {
                            "script": o.bench.script,
                            "status": o.status,
                            "reason": o.reason,
                            "seconds": o.seconds,
                            "figures": [asdict(f) for f in o.figures],
                        }
                        for o in outcomes
                    ],
                },
                indent=1,
            )
        )
    return 1 if any(o.status == "failed" for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
