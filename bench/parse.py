"""Parser throughput: messages per second over the public corpus (median of several rounds)."""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.catalogue import load_catalogue
from core.model import Unit
from core.parser import parse_sets

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "parser.jsonl"


def main(rounds: int = 15, repeat: int = 20) -> None:
    cases = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line]
    inputs = [(c["text"], Unit(c["unit"]), c["last_exercise"]) for c in cases]
    catalogue = load_catalogue()
    t0 = time.perf_counter()
    parse_sets("bench 80x8 F", Unit.KG, None, catalogue)  # builds the name index once
    warm = time.perf_counter() - t0
    rates = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(repeat):
            for text, unit, last in inputs:
                parse_sets(text, unit, last, catalogue)
        elapsed = time.perf_counter() - start
        rates.append(len(inputs) * repeat / elapsed)
    rates.sort()
    print(f"machine: {platform.machine()} {platform.processor() or ''} cpus={os.cpu_count()}")
    print(
        f"python {platform.python_version()}; corpus {len(inputs)} messages x {repeat} x {rounds}"
    )
    print(f"first parse (index build): {warm * 1000:.1f} ms")
    print(
        f"throughput: median {statistics.median(rates):,.0f} msg/s "
        f"(min {rates[0]:,.0f}, max {rates[-1]:,.0f}); "
        f"{1e6 / statistics.median(rates):.1f} µs per message"
    )


if __name__ == "__main__":
    main()
