"""Benchmark figures: the one shape every bench script writes (`--figures FILE`) for run_all.py."""

from __future__ import annotations

import argparse
import json
import math
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Figure:
    """One measured figure, optionally against a baseline and a target.

    With a `baseline` (the echo bot, the smaller size, the send time...) the target applies to
    the ratio value / baseline; without one, to the value. `higher_is_better` says which way
    the target points (a rate must reach it, a time must stay under it).
    """

    what: str  # what was measured, with the sizes: "parser, public corpora (392 messages)"
    stat: str  # "median", "p95", "peak", ... ("" for a plain count)
    value: float
    unit: str  # "ms", "msg/s", "MiB", ...
    baseline: float | None = None  # same stat, same unit, of what the value is compared with
    target: float | None = None
    higher_is_better: bool = False

    @property
    def compared(self) -> float:
        """What the target applies to: the ratio to the baseline, or the value itself."""
        if self.baseline is None:
            return self.value
        return self.value / self.baseline if self.baseline else math.inf

    @property
    def met(self) -> bool | None:
        if self.target is None:
            return None
        if self.higher_is_better:
            return self.compared >= self.target
        return self.compared <= self.target

    def figure_text(self) -> str:
        """ "median 16.8 vs 2.49 ms = 6.76x", "p95 3.2 ms", "0 HTTP 429"."""
        parts = [self.stat, number(self.value)]
        if self.baseline is not None:
            parts += ["vs", number(self.baseline), self.unit, f"= {self.compared:.2f}x"]
        else:
            parts.append(self.unit)
        return " ".join(part for part in parts if part)

    def target_text(self) -> str:
        if self.target is None:
            return "—"
        sign = "≥" if self.higher_is_better else "≤"
        if self.baseline is not None:
            return f"{sign} {self.target:g}x"
        return " ".join(part for part in (sign, number(self.target), self.unit) if part)


def number(value: float) -> str:
    """Readable at a glance: 8 221, 91.4, 2.49, 0.036."""
    if not math.isfinite(value):
        return str(value)
    size = abs(value)
    if size >= 1000:
        return f"{value:,.0f}".replace(",", " ")
    if size >= 100 or value == int(value):
        return f"{value:.0f}"
    if size >= 10:
        return f"{value:.1f}"
    if size >= 0.1:
        return f"{value:.2f}"
    return f"{value:.3g}"


def streamed(
    what: str, unit: str, runs: list[tuple[int, float, float]], target: float | None
) -> list[Figure]:
    """A pass over growing sizes, each (size, median rate, peak MiB): the rate at the largest,
    and its peak memory against the smallest's (flat = streaming: at most 1.5x, sizes 4-5x apart).
    """
    (least, _, least_peak), (most, rate, peak) = runs[0], runs[-1]
    sizes = f"{number(most)} vs {number(least)} {unit}"
    return [
        Figure(f"{what}, {number(most)} {unit}", "median", rate, f"{unit}/s", None, target, True),
        Figure(f"{what}: peak Python memory, {sizes}", "", peak, "MiB", least_peak, 1.5),
    ]


def add_argument(parser: argparse.ArgumentParser) -> None:
    """The `--figures FILE` option every bench script takes."""
    parser.add_argument(
        "--figures",
        metavar="FILE",
        help="also write the figures as JSON to FILE (bench/run_all.py reads them)",
    )


def write(path: str | None, figures: list[Figure]) -> None:
    """Write `figures` to `path` as JSON (nothing when no path was asked for)."""
    if path:
        Path(path).write_text(json.dumps([asdict(f) for f in figures], indent=1))


def read(path: Path) -> list[Figure]:
    return [Figure(**item) for item in json.loads(path.read_text())]
