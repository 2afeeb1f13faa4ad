"""Question grammar speed: median µs per question over tests/data/questions.jsonl."""

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
from core.custom_exercises import CustomExercise, user_catalogue
from core.names import NameIndex, name_index
from core.questions import parse_question
from core.questions.grammar import Grammar, grammar_for

OWN = [
    CustomExercise("custom_zercher_carry", "Zercher Carry", "quads", 1),
    CustomExercise("custom_yoke_walk", "Yoke Walk", None, 2),
    CustomExercise("custom_sled_push", "Sled Push", "quads", 3),
]

CASES = Path(__file__).resolve().parents[1] / "tests" / "data" / "questions.jsonl"


def main(rounds: int = 30, out: str | None = None) -> None:
    texts = [json.loads(line)["text"] for line in CASES.read_text(encoding="utf-8").splitlines()]
    catalogue = load_catalogue()

    t0 = time.perf_counter()
    name_index(catalogue)  # the parser builds it anyway, on the first message
    t1 = time.perf_counter()
    parse_question("what's my best bench", catalogue)  # builds the grammar, once per process
    t2 = time.perf_counter()

    # Cold: a fresh grammar and name index, so every name lookup and typo search is a miss.
    cold_grammar = Grammar(catalogue)
    cold_grammar.names = NameIndex(catalogue)
    cold = []
    for text in texts:
        start = time.perf_counter_ns()
        cold_grammar.read(text)
        cold.append((time.perf_counter_ns() - start) / 1000)

    # Warm: the process-wide grammar, as the bot runs it (name lookups cached).
    per_text: list[list[float]] = [[] for _ in texts]
    for _ in range(rounds):
        for i, text in enumerate(texts):
            start = time.perf_counter_ns()
            parse_question(text, catalogue)
            per_text[i].append((time.perf_counter_ns() - start) / 1000)
    warm = sorted(statistics.median(times) for times in per_text)

    # A user with exercises of their own: their grammar is the shipped one over their names,
    # built on their first question after a change (service.catalogues keeps the catalogue).
    builds = []
    for _ in range(rounds):
        own = user_catalogue(catalogue, OWN)
        start = time.perf_counter_ns()
        grammar_for(own)
        builds.append((time.perf_counter_ns() - start) / 1000)
    per_own: list[list[float]] = [[] for _ in texts]
    for _ in range(rounds):
        for i, text in enumerate(texts):
            start = time.perf_counter_ns()
            parse_question(text, own)
            per_own[i].append((time.perf_counter_ns() - start) / 1000)
    own_warm = sorted(statistics.median(times) for times in per_own)

    def p95(values: list[float]) -> float:
        ordered = sorted(values)
        return ordered[int(0.95 * (len(ordered) - 1))]

    print(f"machine: {platform.machine()} {platform.processor() or ''} cpus={os.cpu_count()}")
    print(f"python {platform.python_version()}; {len(texts)} questions x {rounds} rounds")
    print(
        f"once per process: name index {(t1 - t0) * 1000:.0f} ms (shared with the parser), "
        f"grammar {(t2 - t1) * 1000:.0f} ms"
    )
    print(
        f"cold (no cached name lookups): median {statistics.median(cold):.0f} µs, "
        f"p95 {p95(cold):.0f} µs, max {max(cold):.0f} µs"
    )
    print(
        f"warm: median {statistics.median(warm):.0f} µs per question, "
        f"p95 {p95(warm):.0f} µs, max {warm[-1]:.0f} µs"
    )
    print(
        f"a user's own exercises: their grammar built in {statistics.median(builds):.0f} µs "
        f"(median), then median {statistics.median(own_warm):.0f} µs per question, "
        f"p95 {p95(own_warm):.0f} µs"
    )
    what = f"plain-words question grammar, {len(texts)} questions"
    figures.write(
        out,
        [
            figures.Figure(
                f"{what}, warm (as the bot runs)", "median", statistics.median(warm), "µs"
            ),
            figures.Figure(f"{what}, warm (as the bot runs)", "p95", p95(warm), "µs"),
            figures.Figure(f"{what}, cold (no cached name lookups)", "p95", p95(cold), "µs"),
        ],
    )


if __name__ == "__main__":
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--rounds", type=int, default=30)
    figures.add_argument(args)
    options = args.parse_args()
    main(options.rounds, options.figures)
