"""CSV import and export throughput and peak memory, at two sizes each (flat = streaming works).

Run: .venv/bin/python bench/transfer.py [--rounds 5] [--import-rows 20000 100000]
     [--export-sets 50000 250000]

Import: a generated Strong export (comma dialect, 12 columns: warm-ups, F and D rows, RPE,
notes, Note rows, a cardio row per workout, 40 exercise titles as the app writes them) read
from a file on disk through `open_import`, every outcome consumed. Export: stored-set records
made on the fly (never held in a list) written through `write_export` to a sink that only
counts bytes. Speed runs without tracemalloc (it slows Python code several times); peak
memory comes from a separate run under tracemalloc (Python allocations during the pass,
excluding what existed before it). Medians of the rounds.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import figures
from core.catalogue import load_catalogue
from core.model import Failure, SetRecord, Unit
from core.transfer import ExportSet, ImportedSet, open_import, write_export

ZONE = ZoneInfo("Europe/Berlin")
HEADER = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
    "Workout Notes,RPE\n"
)
TITLES = [
    "Bench Press (Barbell)", "Squat (Barbell)", "Deadlift (Barbell)", "Overhead Press (Barbell)",
    "Bent Over Row (Barbell)", "Pull Up", "Pull Up (Assisted)", "Lat Pulldown (Cable)",
    "Seated Row (Cable)", "Bicep Curl (Dumbbell)", "Hammer Curl (Dumbbell)",
    "Triceps Pushdown (Cable - Straight Bar)", "Lateral Raise (Dumbbell)", "Leg Press",
    "Leg Extension (Machine)", "Seated Leg Curl (Machine)", "Romanian Deadlift (Barbell)",
    "Incline Bench Press (Dumbbell)", "Chest Fly (Cable)", "Face Pull (Cable)",
    "Hip Thrust (Barbell)", "Bulgarian Split Squat", "Shoulder Press (Dumbbell)",
    "Preacher Curl (Barbell)", "Skullcrusher (Barbell)", "Calf Press (Machine)",
    "Hip Abduction (Machine)", "Cable Crunch", "Plank", "Chest Press (Machine)",
    "Pec Deck (Machine)", "Lunge (Dumbbell)", "Front Squat (Barbell)", "Shrug (Dumbbell)",
    "Cable Crossover Ladder", "Katana Triceps Extension", "Dragon Flag", "Hack Squat",
    "Reverse Fly (Dumbbell)", "Glute Ham Raise",
]  # fmt: skip


def strong_rows(count: int, seed: int = 7) -> Iterator[str]:
    """`count` data rows in workouts of 5 exercises × 5 rows (a warm-up, 3 sets, F or D)."""
    rng = random.Random(seed)
    start = datetime(2019, 1, 7, 18, 0)
    written = 0
    workout = 0
    while written < count:
        stamp = (start + timedelta(days=2 * workout, minutes=rng.randrange(-90, 90))).strftime(
            "%Y-%m-%d %H:%M:%S"
        )
        name = rng.choice(("Push", "Pull", "Legs", "Upper A", "Lower B"))
        note = "felt strong" if workout % 5 == 0 else ""
        for title in rng.sample(TITLES, 5):
            weight = rng.randrange(20, 160, 5)
            for order in ("W", "1", "2", "3", rng.choice(("F", "D", "4"))):
                if written == count:
                    return
                reps = rng.randrange(3, 13)
                rpe = rng.choice(("", "7", "8", "8.5", "9", "10"))
                load = weight // 2 if order == "W" else weight
                set_note = "belt" if rng.random() < 0.05 else ""
                yield (
                    f"{stamp},{name},1h 5m,{title},{order},{load},{reps},0,0,{set_note},{note},"
                    f"{'' if order == 'W' else rpe}\n"
                )
                written += 1
            if rng.random() < 0.1 and written < count:
                yield f"{stamp},{name},1h 5m,{title},Note,,,,,keep the elbows in,{note},\n"
                written += 1
        if written < count:
            yield f"{stamp},{name},1h 5m,Running (Treadmill),1,0,0,2.5,900,,{note},\n"
            written += 1
        workout += 1


def records(count: int) -> Iterator[ExportSet]:
    start = datetime(2019, 1, 7, 17, tzinfo=UTC)
    ids = ["bench_press", "back_squat", "deadlift", "pull_up", "plank", "dragon_flag"]
    for i in range(count):
        exercise = ids[(i // 5) % len(ids)]
        timed = exercise == "plank"
        yield ExportSet(
            SetRecord(
                at=start + timedelta(days=2 * (i // 25), minutes=3 * (i % 25)),
                exercise=exercise,
                weight=Decimal(0) if timed else Decimal(60 + i % 40) + Decimal("0.5"),
                unit=Unit.KG,
                reps=None if timed else 5 + i % 6,
                seconds=60 if timed else None,
                failure=Failure.CONCENTRIC if i % 5 == 4 else None,
                rpe=Decimal(8) if i % 3 == 0 else None,
                warmup=i % 5 == 0,
                bodyweight=exercise in ("pull_up", "plank"),
                note="paused, 2 s" if i % 50 == 0 else None,
                id=i + 1,
            ),
            workout=i // 25,
            title="Push day" if i % 2 else None,
        )


class CountingSink:
    def __init__(self) -> None:
        self.size = 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        return len(data)


def import_pass(path: Path) -> int:
    catalogue = load_catalogue()
    with path.open("rb") as f:
        reader = open_import(f, zone=ZONE, default_unit=Unit.KG, catalogue=catalogue)
        sets = sum(1 for o in reader if isinstance(o, ImportedSet))
        report = reader.report()
    assert report.ok and report.sets == sets, report.problems
    return report.rows


def export_pass(count: int) -> int:
    sink = CountingSink()
    written = write_export(records(count), sink, zone=ZONE, catalogue=load_catalogue())
    assert written == count
    return count


def measure(run: Callable[[], int], rounds: int) -> tuple[float, float, float]:
    """(median items/s, fastest, peak MiB under tracemalloc)."""
    rates = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        items = run()
        rates.append(items / (time.perf_counter() - t0))
    tracemalloc.start()
    tracemalloc.reset_peak()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(rates), max(rates), peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--import-rows", type=int, nargs="+", default=[20_000, 100_000])
    parser.add_argument("--export-sets", type=int, nargs="+", default=[50_000, 250_000])
    figures.add_argument(parser)
    args = parser.parse_args()
    print(f"machine: {platform.machine()} {platform.processor() or ''} cpus={os.cpu_count()}")
    print(f"python {platform.python_version()}; {args.rounds} rounds, medians")
    load_catalogue()
    import_pass(_write(strong_rows(10), Path(tempfile.mkdtemp()) / "warm.csv"))  # name index
    imported, exported = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for rows in args.import_rows:
            path = _write(strong_rows(rows), Path(tmp) / f"strong_{rows}.csv")
            rate, best, peak = measure(lambda p=path: import_pass(p), args.rounds)
            size = path.stat().st_size / 2**20
            print(
                f"import Strong CSV {rows:>7,} rows ({size:5.1f} MiB): {rate:>9,.0f} rows/s "
                f"(best {best:,.0f}); peak memory {peak:5.2f} MiB"
            )
            imported.append((rows, rate, peak))
    for count in args.export_sets:
        rate, best, peak = measure(lambda c=count: export_pass(c), args.rounds)
        print(
            f"export            {count:>7,} sets:            {rate:>9,.0f} sets/s "
            f"(best {best:,.0f}); peak memory {peak:5.2f} MiB"
        )
        exported.append((count, rate, peak))
    figures.write(
        args.figures,
        figures.streamed("core import of a Strong CSV (no database)", "rows", imported, 20_000)
        + figures.streamed("core export to CSV (no database)", "sets", exported, None),
    )


def _write(lines: Iterator[str], path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write(HEADER)
        f.writelines(lines)
    return path


if __name__ == "__main__":
    main()
