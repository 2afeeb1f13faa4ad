"""Parser throughput: messages per second over the public corpora (median of several rounds).

The messages are those of parser_v2.jsonl and realism.jsonl (what lifters really type), so errors,
questions and chatter are timed with the logs. `--rounds N` and `--repeat N` size the run; the
figures are the median, min and max over the rounds, by wall clock and by this process's CPU time
(steadier when other processes share the machine).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import figures
from core.catalogue import load_catalogue
from core.model import Unit
from core.parser import parse_sets

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
CORPORA = (("parser_v2.jsonl", "last_exercise"), ("realism.jsonl", "last"))
TARGET = 8_700  # messages per CPU second: issue 10, "no worse than today's median" here


def messages() -> list[tuple[str, Unit, str | None]]:
    found = []
    for name, last in CORPORA:
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                case = json.loads(line)
                found.append((case["text"], Unit(case["unit"]), case[last]))
    return found


def main(rounds: int = 15, repeat: int = 20, out: str | None = None) -> None:
    inputs = messages()
    catalogue = load_catalogue()
    t0 = time.perf_counter()
    parse_sets("bench 80x8 F", Unit.KG, None, catalogue)  # builds the name index once
    warm = time.perf_counter() - t0
    rates, cpu_rates = [], []
    for _ in range(rounds):
        start, cpu = time.perf_counter(), time.process_time()
        for _ in range(repeat):
            for text, unit, last in inputs:
                parse_sets(text, unit, last, catalogue)
        elapsed, cpu_elapsed = time.perf_counter() - start, time.process_time() - cpu
        rates.append(len(inputs) * repeat / elapsed)
        cpu_rates.append(len(inputs) * repeat / max(cpu_elapsed, 1e-9))
    rates.sort()
    cpu_rates.sort()
    print(f"machine: {platform.machine()} {platform.processor() or ''} cpus={os.cpu_count()}")
    print(
        f"python {platform.python_version()}; corpora parser_v2 + realism: "
        f"{len(inputs)} messages x {repeat} x {rounds}"
    )
    print(f"first parse (index build): {warm * 1000:.1f} ms")
    print(
        f"throughput: median {statistics.median(rates):,.0f} msg/s "
        f"(min {rates[0]:,.0f}, max {rates[-1]:,.0f}); "
        f"{1e6 / statistics.median(rates):.1f} µs per message"
    )
    # On a shared machine other processes stretch wall time; CPU time counts only this one.
    print(
        f"cpu-time throughput: median {statistics.median(cpu_rates):,.0f} msg/s "
        f"(min {cpu_rates[0]:,.0f}, max {cpu_rates[-1]:,.0f})"
    )
    what = f"parser, public corpora ({len(inputs)} messages x {repeat} x {rounds} rounds)"
    figures.write(
        out,
        [
            figures.Figure(what, "median", statistics.median(rates), "msg/s"),
            figures.Figure(
                f"{what}, per CPU second of the process (steadier on a shared machine)",
                "median",
                statistics.median(cpu_rates),
                "msg/s",
                target=TARGET,
                higher_is_better=True,
            ),
        ],
    )


if __name__ == "__main__":
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--rounds", type=int, default=15)
    args.add_argument("--repeat", type=int, default=20)
    figures.add_argument(args)
    options = args.parse_args()
    main(options.rounds, options.repeat, options.figures)
