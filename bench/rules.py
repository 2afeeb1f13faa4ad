"""Time `core.rules.evaluate` for one new set (and a 5-set message) after a year of history.

Run: .venv/bin/python bench/rules.py [--runs N] [--seed S]

One synthetic user, about 50 000 sets in a year: 4-5 workouts a week, a split over eleven
exercises, warm-up ramps, RPE on many sets, some failure sets, multi-set messages sharing a
time stamp, and a deload week every sixth week. Each run logs the next set of some workout in
the last ten weeks against everything before it, the way the service calls the engine:
storage loads `history_since(...)` onwards ("window"). The "full" figures pass the whole
year instead, to show that extra history costs only the sort.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import random
import statistics
import sys
import time
from bisect import bisect_left
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import figures
from core.catalogue import load_catalogue
from core.model import Failure, SetRecord, Unit
from core.rules import RuleSettings, evaluate, history_since

TZ = ZoneInfo("Europe/Berlin")
START = date(2025, 3, 3)  # a Monday
WEEKS = 52
# exercise, start load kg, plate step, working sets per session, class hint
SPLIT: dict[str, list[tuple[str, float, float, int]]] = {
    "A": [("back_squat", 120, 2.5, 22), ("romanian_deadlift", 100, 2.5, 20),
          ("leg_press", 200, 5, 22), ("bulgarian_split_squat", 20, 2, 20),
          ("leg_extension", 60, 2.5, 20), ("lying_leg_curl", 45, 2.5, 20),
          ("hip_thrust", 100, 5, 20), ("plank", 0, 0, 10)],
    "B": [("bench_press", 90, 2.5, 22), ("incline_dumbbell_press", 30, 2, 20),
          ("overhead_press", 55, 2.5, 20), ("dip", 0, 0, 20), ("machine_chest_press", 70, 5, 20),
          ("triceps_pushdown", 30, 2.5, 20), ("lateral_raise", 10, 1, 22),
          ("incline_dumbbell_fly", 14, 2, 20)],
    "C": [("deadlift", 160, 5, 18), ("barbell_row", 80, 2.5, 22), ("pull_up", 0, 0, 20),
          ("dumbbell_bench_press", 32, 2, 20), ("machine_shoulder_press", 50, 5, 20),
          ("dumbbell_curl", 16, 2, 22), ("cable_fly", 20, 2.5, 20), ("hack_squat", 100, 5, 20)],
}  # fmt: skip
DAYS = [(0, "A"), (1, "B"), (3, "C"), (4, "A"), (5, "B")]  # Mon Tue Thu Fri Sat
SUITED = {"leg_press", "leg_extension", "lying_leg_curl", "triceps_pushdown", "lateral_raise",
          "dumbbell_curl", "cable_fly", "plank", "machine_chest_press", "incline_dumbbell_fly",
          "machine_shoulder_press", "hack_squat"}  # fmt: skip


def build_history(seed: int) -> tuple[list[SetRecord], tuple[date, ...]]:
    """About 50 000 sets, in time order (storage order), and the deload weeks.

    Per exercise a rep target (5 on barbell compounds, 8 on other compounds, 12 on
    isolation), a load held for a few sessions and then raised, RPE rising across the
    sets, isolation finished to failure about half the time, and now and then a bad day.
    """
    rng = random.Random(seed)
    sets: list[SetRecord] = []
    deloads = tuple(START + timedelta(weeks=w) for w in range(5, WEEKS, 6))
    level: dict[str, int] = {}  # plate steps added so far
    catalogue = load_catalogue()
    for week in range(WEEKS):
        monday = START + timedelta(weeks=week)
        deload = monday in deloads
        days = DAYS if rng.random() < 0.6 else DAYS[:4]
        for offset, name in days:
            day = monday + timedelta(days=offset)
            hour = rng.choice([7, 12, 17, 18, 19])
            t = datetime(day.year, day.month, day.day, hour, rng.randrange(60), tzinfo=TZ)
            t = t.astimezone(UTC)
            bad_day = rng.random() < 0.08
            for ex, load0, step, n_base in SPLIT[name]:
                cls = catalogue.failure_class(ex)
                target = {"avoid": 5, "caution": 8}.get(cls, 12)
                if not deload and rng.random() < 0.35:
                    level[ex] = level.get(ex, 0) + 1  # progress every third session or so
                elif rng.random() < 0.05:
                    level[ex] = max(0, level.get(ex, 0) - 2)  # a reset after a stall
                load = load0 + level.get(ex, 0) * step if step else 0.0
                if deload:
                    load = round(load * 0.9 / step) * step if step else 0.0
                n_work = round(n_base * 1.25) // (2 if deload else 1)
                timed = ex == "plank"
                bw = ex in ("dip", "pull_up")
                for k, frac in enumerate((0.4, 0.6, 0.8) if load > 40 else ()):
                    sets.append(
                        SetRecord(
                            at=t, exercise=ex, weight=Decimal(str(round(load * frac))),
                            unit=Unit.KG, reps=8 - 2 * k, warmup=True,
                        )
                    )  # fmt: skip
                    t += timedelta(seconds=rng.randrange(60, 150))
                w = 0
                while w < n_work:
                    group = rng.choice((1, 1, 1, 3)) if not timed else 1
                    for seq in range(min(group, n_work - w)):
                        last = w == n_work - 1
                        fail = not deload and (
                            (target == 12 and last and rng.random() < 0.5) or rng.random() < 0.02
                        )
                        reps = None if timed else target - (w * 2 // n_work) - bad_day
                        if fail and reps is not None:
                            reps += rng.choice((0, 1, 2))
                        rpe = None
                        if not fail and rng.random() < 0.5:
                            rpe = Decimal(str(min(9.5, 7 + 0.5 * (w * 4 // n_work) + bad_day)))
                        if deload and not fail:
                            rpe = Decimal("6.5")
                        sets.append(
                            SetRecord(
                                at=t, exercise=ex, weight=Decimal(str(load)), unit=Unit.KG,
                                reps=reps, seconds=60 if timed else None,
                                failure=Failure.CONCENTRIC if fail else None, rpe=rpe,
                                bodyweight=bw, seq=seq,
                            )
                        )  # fmt: skip
                        w += 1
                    t += timedelta(seconds=rng.randrange(60, 180))
    return sets, deloads


def fresh(sets: list[SetRecord]) -> list[SetRecord]:
    """New records with new Decimal objects, as storage returns them on every request:
    a Decimal caches its hash, so reusing objects across runs would flatter the engine."""
    return [
        replace(
            s,
            weight=Decimal(str(s.weight)),
            rpe=None if s.rpe is None else Decimal(str(s.rpe)),
            rir=None if s.rir is None else Decimal(str(s.rir)),
        )
        for s in sets
    ]  # fmt: skip


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def calibrate() -> float:
    """ms for a plain 1M-iteration Python loop: compares this machine with others."""
    t = time.perf_counter()
    x = 0
    for i in range(1_000_000):
        x += i
    return (time.perf_counter() - t) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    figures.add_argument(parser)
    args = parser.parse_args()
    history, deloads = build_history(args.seed)
    catalogue = load_catalogue()
    rng = random.Random(args.seed + 1)
    ats = [s.at for s in history]
    # evaluation points: working sets in the last ten weeks, each logged against all before it
    tail_start = bisect_left(ats, history[-1].at - timedelta(weeks=10))
    points = [i for i in range(tail_start, len(history) - 5) if not history[i].warmup]
    picks = sorted(rng.choice(points) for _ in range(args.runs))

    def settings_for(i: int) -> RuleSettings:
        past = tuple(d for d in deloads if d < history[i].at.astimezone(TZ).date())
        return RuleSettings.build(timezone="Europe/Berlin", unit=Unit.KG, past_deload_weeks=past)

    def one(i: int, n_new: int, full: bool) -> tuple[float, float]:
        new = history[i : i + n_new]
        at = new[0].at
        # one message: the sets share its time stamp; every third run logs a failure set
        new = [
            SetRecord(
                at=at, exercise=s.exercise, weight=s.weight, unit=s.unit, reps=s.reps,
                failure=s.failure if (k or i % 3) else Failure.CONCENTRIC, rpe=s.rpe,
                seconds=s.seconds, bodyweight=s.bodyweight, seq=k,
            )
            for k, s in enumerate(new)
        ]  # fmt: skip
        settings = settings_for(i)
        lo = 0 if full else bisect_left(ats, history_since(at, settings))
        hist = fresh(history[lo:i])
        gc.collect()  # the copy's garbage is not the engine's
        w0, c0 = time.perf_counter(), time.process_time()
        evaluate(settings, catalogue, hist, new)
        return (time.perf_counter() - w0) * 1000, (time.process_time() - c0) * 1000

    for i in picks[:10]:  # warm up imports, zoneinfo and the catalogue before timing
        one(i, 1, False)
    sizes = [i - bisect_left(ats, history_since(history[i].at, settings_for(i))) for i in picks]
    print(
        f"history: {len(history)} sets over {WEEKS} weeks; window loaded per call "
        f"(history_since): median {statistics.median(sizes):.0f} sets"
    )
    print(
        f"machine: {platform.platform()}, {platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.1f}"
    )
    print(f"calibration: a 1M-iteration Python loop takes {calibrate():.0f} ms here")
    found: list[figures.Figure] = []
    for label, n_new, full in (
        ("1 new set, window", 1, False),
        ("5-set message, window", 5, False),
        ("1 new set, full year", 1, True),
    ):
        runs = [one(i, n_new, full) for i in picks]
        wall = [w for w, _ in runs]
        cpu = [c for _, c in runs]
        print(
            f"{label:22s} wall median {statistics.median(wall):6.2f} ms"
            f"  p99 {_pct(wall, 0.99):6.2f}"
            f"  | cpu median {statistics.median(cpu):6.2f} ms  p99 {_pct(cpu, 0.99):6.2f}"
            f"  (n={len(runs)})"
        )
        year = f"history: a year, {figures.number(len(history))} sets"
        what = f"rules, {label} ({year}; {len(runs)} runs)"
        target = 5.0 if label == "1 new set, window" else None  # issue 4: <= 5 ms median
        found.append(figures.Figure(what, "median", statistics.median(wall), "ms", target=target))
        if target is not None:
            found.append(figures.Figure(what, "p99", _pct(wall, 0.99), "ms"))
    print(f"calibration again: {calibrate():.0f} ms")
    figures.write(args.figures, found)


if __name__ == "__main__":
    main()
