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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.latency_harness import ECHO_BOT, measure, percentile

ROOT = Path(__file__).resolve().parents[1]
EXERCISES = ["bench", "squat", "deadlift", "ohp", "row", "curls", "pullups", "leg extension"]


def set_message(i: int) -> str:
    """A realistic stream: mostly working sets, every 7th to failure, loads vary."""
    exercise = EXERCISES[i % len(EXERCISES)]
    if exercise == "pullups":
        return f"pullups {6 + i % 5}"
    marker = " F" if i % 7 == 0 else (" @8" if i % 3 == 0 else "")
    return f"{exercise} {40 + (i * 2.5) % 60:g}x{5 + i % 6}{marker}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sequential", type=int, default=300)
    parser.add_argument("--profile", action="store_true", help="run the bot under pyinstrument")
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
        ours = measure(bot_cmd, env, set_message, sequential=args.sequential)
    print(
        f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    print("--- bare PTB echo bot")
    print(echo.summary())
    print("--- ToFailure (python -m bot, SQLite)")
    print(ours.summary())
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


if __name__ == "__main__":
    main()
