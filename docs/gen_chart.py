"""Draw docs/img/chart_bench.png, the README's example of /chart bench, from a made-up lifter.

Run: .venv/bin/python docs/gen_chart.py

Sixteen weeks of bench press twice a week in Berlin: three or four sets at the working load,
the last one to failure most days, the load raised when the reps to failure allow it, a deload
week marked in weeks 7 and 14 (lighter, no failure). The same core functions as the bot:
core.insights.stats.progress and core.insights.charts.progress_chart.
"""

from __future__ import annotations

import random
import sys
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.insights import charts
from core.insights.stats.progress import progress
from core.model import Failure, SetRecord, Unit

ZONE = ZoneInfo("Europe/Berlin")
FIRST_MONDAY = date(2026, 1, 5)
DELOADS = (FIRST_MONDAY + timedelta(weeks=6), FIRST_MONDAY + timedelta(weeks=13))
OUT = Path(__file__).parent / "img" / "chart_bench.png"


def history() -> list[SetRecord]:
    rng = random.Random(3)
    sets: list[SetRecord] = []
    load, to_failure = 80.0, 8
    for week in range(16):
        monday = FIRST_MONDAY + timedelta(weeks=week)
        deload = monday in DELOADS
        for day in (0, 3):
            start = datetime.combine(monday + timedelta(days=day), datetime.min.time(), ZONE)
            at = start + timedelta(hours=18, minutes=rng.randrange(30))
            working = round(load * 0.9 / 2.5) * 2.5 if deload else load
            for k in range(2 if deload else 4):
                last = k == 3
                reps = 5 if deload else (to_failure if last else to_failure - 2)
                sets.append(
                    SetRecord(
                        at=at + timedelta(minutes=4 * k),
                        exercise="bench_press",
                        weight=Decimal(str(working)),
                        unit=Unit.KG,
                        reps=reps,
                        failure=Failure.CONCENTRIC if last and rng.random() < 0.8 else None,
                        rir=None if last else Decimal(2),
                        rpe=Decimal(6) if deload else None,
                        seq=k,
                    )
                )
            if not deload:
                # Reps to failure climb a rep every week or two; at 10 the load goes up.
                to_failure += rng.choice((0, 1, 1))
                if to_failure >= 10:
                    load, to_failure = load + 2.5, 7
    return sets


def main() -> None:
    found = progress("bench_press", history(), DELOADS, ZONE, "monday")
    assert found is not None
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_bytes(charts.png(charts.progress_chart(found, Unit.KG, "Bench Press", ZONE)))
    print(f"wrote {OUT} ({OUT.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
