"""Every sample and both real exports import completely, and chosen rows read as a lifter would."""

from __future__ import annotations

import csv
from datetime import datetime
from decimal import Decimal

import pytest

from core.model import Failure, Unit
from core.transfer import (
    ImportedSet,
    RowProblem,
    SkippedRow,
    SkipReason,
    SourceFormat,
    UnitSource,
)
from tests.core.transfer_support import BERLIN, IMPORTS, REAL, by_line, read, set_at

# file, format, separator, where the unit comes from, data rows, sets, workouts, skips by reason
FILES = [
    (
        IMPORTS / "strong_comma.csv",
        SourceFormat.STRONG,
        ",",
        UnitSource.ASSUMED,
        19,
        17,
        2,
        {SkipReason.EXERCISE_NOTE: 1, SkipReason.CARDIO: 1},
    ),
    (
        IMPORTS / "strong_semicolon_units.csv",
        SourceFormat.STRONG,
        ";",
        UnitSource.COLUMN,
        9,
        9,
        2,
        {},
    ),
    (IMPORTS / "strong_quoted.csv", SourceFormat.STRONG, ";", UnitSource.HEADER, 9, 9, 2, {}),
    (IMPORTS / "hevy_metric.csv", SourceFormat.HEVY, ",", UnitSource.HEADER, 11, 11, 2, {}),
    (IMPORTS / "hevy_imperial.csv", SourceFormat.HEVY, ",", UnitSource.HEADER, 5, 5, 1, {}),
    (
        REAL / "strong_statistics_strong.csv",
        SourceFormat.STRONG,
        ",",
        UnitSource.ASSUMED,
        250,
        250,
        15,
        {},
    ),
    (
        REAL / "strong_statistics_hevy.csv",
        SourceFormat.HEVY,
        ",",
        UnitSource.HEADER,
        7211,
        6935,
        335,
        {SkipReason.WARM_UP_ACTIVITY: 275, SkipReason.EMPTY_SET: 1},
    ),
]


def _data_rows(path, delimiter: str) -> int:
    with path.open(encoding="utf-8", newline="") as f:
        rows = [row for row in csv.reader(f, delimiter=delimiter) if row]
    return len(rows) - 1


@pytest.mark.parametrize(
    ("path", "fmt", "delimiter", "unit_source", "rows", "sets", "workouts", "skips"),
    FILES,
    ids=lambda v: v.name if hasattr(v, "name") else None,
)
def test_every_row_becomes_a_set_or_a_reported_skip(
    path, fmt, delimiter, unit_source, rows, sets, workouts, skips
) -> None:
    outcomes, report = read(path)
    assert _data_rows(path, delimiter) == rows
    assert report.dialect.format is fmt
    assert report.dialect.delimiter == delimiter
    assert report.dialect.unit_source is unit_source
    assert report.ok, report.problems
    assert (report.rows, report.sets, report.workouts) == (rows, sets, workouts)
    assert {g.reason: g.count for g in report.skipped} == skips
    assert report.sets + report.skipped_rows == report.rows
    # one outcome per data row, each line once
    assert len(by_line(outcomes)) == rows
    assert sum(isinstance(o, ImportedSet) for o in outcomes) == sets
    assert not any(isinstance(o, RowProblem) for o in outcomes)
    matched_sets = sum(m.sets for m in report.matched) + sum(m.sets for m in report.unmatched)
    assert matched_sets == sets


def test_strong_comma_rows_read_by_hand() -> None:
    outcomes, report = read(IMPORTS / "strong_comma.csv", unit=Unit.LB)
    first = set_at(outcomes, 2)
    assert first.name == "Bench Press (Barbell)"
    assert first.exercise == "bench_press"
    assert first.workout.title == "Push Day"
    assert first.workout.started_at == datetime(2026, 3, 2, 18, 4, 11, tzinfo=BERLIN)
    r = first.record
    assert (r.weight, r.unit, r.reps, r.warmup, r.failure) == (Decimal(40), Unit.LB, 10, True, None)
    # the Note row (line 7) and the workout note go to the exercise's first set
    assert r.note == "keep elbows tucked; Felt good"
    assert r.seq == 0
    top = set_at(outcomes, 6).record
    assert (top.weight, top.reps, top.rpe) == (Decimal(80), 7, Decimal(10))
    assert top.failure is Failure.TECHNICAL  # Strong's F is technical failure
    assert top.note == "grindy last rep"
    assert set_at(outcomes, 5).record.rpe == Decimal("8.5")
    assert set_at(outcomes, 4).record.failure is None
    drop = set_at(outcomes, 10).record
    assert (drop.drop, drop.weight, drop.reps) == (True, Decimal(6), 12)
    pushdown = set_at(outcomes, 12)
    assert pushdown.exercise == "triceps_pushdown"
    assert pushdown.record.failure is Failure.TECHNICAL
    plank = set_at(outcomes, 13).record
    assert (plank.exercise, plank.reps, plank.seconds, plank.bodyweight, plank.weight) == (
        "plank",
        None,
        75,
        True,
        Decimal(0),
    )
    lines = by_line(outcomes)
    assert lines[7] == SkippedRow(7, SkipReason.EXERCISE_NOTE, "Bench Press (Barbell)")
    assert lines[20] == SkippedRow(20, SkipReason.CARDIO, "Running (Treadmill)")
    legs = set_at(outcomes, 14)
    assert legs.workout.number == 2
    assert legs.record.seq == 0
    assert legs.record.at == datetime(2026, 3, 5, 7, 30, tzinfo=BERLIN)
    assert report.units == (Unit.LB,)
    assert (report.first, report.last) == (first.record.at, legs.record.at)


def test_strong_semicolon_units_come_from_each_row() -> None:
    outcomes, report = read(IMPORTS / "strong_semicolon_units.csv", unit=Unit.KG)
    assert report.units == (Unit.LB,)
    deadlift = set_at(outcomes, 4).record
    assert (deadlift.weight, deadlift.unit, deadlift.reps, deadlift.rpe) == (
        Decimal(315),
        Unit.LB,
        4,
        Decimal("9.5"),
    )
    pull_up = set_at(outcomes, 6)
    assert pull_up.exercise == "pull_up"
    assert (pull_up.record.bodyweight, pull_up.record.weight) == (True, Decimal(0))
    assert pull_up.record.failure is Failure.TECHNICAL
    curl = set_at(outcomes, 7)
    assert curl.exercise == "dumbbell_curl"
    assert curl.record.note == "left elbow ok"
    press = set_at(outcomes, 9)
    assert press.workout.title == "Push"
    assert press.record.note == "Short on time"  # the workout note, on its first set
    assert set_at(outcomes, 10).record.note is None


def test_strong_quoted_reads_the_unit_from_the_header() -> None:
    outcomes, report = read(IMPORTS / "strong_quoted.csv", unit=Unit.LB)
    assert report.dialect.unit is Unit.KG
    failure = set_at(outcomes, 4).record
    assert (failure.weight, failure.unit, failure.reps, failure.rpe, failure.failure) == (
        Decimal("82.5"),
        Unit.KG,
        5,
        Decimal(10),
        Failure.TECHNICAL,
    )
    assert set_at(outcomes, 8).workout.title == "Lower A"
    assert set_at(outcomes, 10).exercise == "lying_leg_curl"


def test_hevy_metric_rows_read_by_hand() -> None:
    outcomes, report = read(IMPORTS / "hevy_metric.csv")
    warmup = set_at(outcomes, 2)
    assert warmup.workout.started_at == datetime(2026, 9, 15, 7, 48, tzinfo=BERLIN)
    assert warmup.workout.title == "Morning Push"
    assert (warmup.record.warmup, warmup.record.weight, warmup.record.reps) == (
        True,
        Decimal(50),
        10,
    )
    assert warmup.record.note == "Pause first rep; Slept 6h"
    assert set_at(outcomes, 3).record.note is None  # the exercise note is not repeated
    failure = set_at(outcomes, 5).record
    assert (failure.failure, failure.rpe, failure.reps) == (Failure.CONCENTRIC, Decimal(10), 7)
    drop = set_at(outcomes, 8).record
    assert (drop.drop, drop.weight, drop.reps) == (True, Decimal(6), 12)
    plank = set_at(outcomes, 9).record
    assert (plank.exercise, plank.seconds, plank.reps, plank.bodyweight) == (
        "plank",
        60,
        None,
        True,
    )
    squat = set_at(outcomes, 10)
    assert (squat.exercise, squat.workout.number, squat.record.seq) == ("back_squat", 2, 0)
    assert set_at(outcomes, 12).record.failure is Failure.CONCENTRIC
    assert report.first == datetime(2026, 9, 7, 18, 5, tzinfo=BERLIN)
    assert report.last == datetime(2026, 9, 15, 7, 48, tzinfo=BERLIN)


def test_hevy_imperial_keeps_pounds() -> None:
    outcomes, report = read(IMPORTS / "hevy_imperial.csv", unit=Unit.KG)
    assert report.dialect.unit is Unit.LB
    top = set_at(outcomes, 3).record
    assert (top.weight, top.unit, top.rpe) == (Decimal(365), Unit.LB, Decimal(9))
    assert set_at(outcomes, 6).exercise == "hammer_curl"


def test_real_strong_export() -> None:
    outcomes, report = read(REAL / "strong_statistics_strong.csv", unit=Unit.KG)
    row = set_at(outcomes, 2)
    assert (row.exercise, row.record.weight, row.record.reps, row.record.rpe) == (
        "barbell_row",
        Decimal(10),
        13,
        None,
    )
    assert row.workout.title == "B"
    leg_press = set_at(outcomes, 12)
    assert (leg_press.exercise, leg_press.record.weight, leg_press.record.bodyweight) == (
        "leg_press",
        Decimal(0),
        False,
    )
    assert {m.name: m.sets for m in report.unmatched} == {
        "Triceps Extension (Cable)": 21,
        "Kettlebell Carry": 8,
        "Squat (Dumbbell)": 8,
        "Calf Press on Seated Leg Press": 3,
    }
    assert report.first == datetime(2024, 11, 28, 17, 36, 8, tzinfo=BERLIN)
    assert report.last == datetime(2025, 10, 8, 13, 3, 21, tzinfo=BERLIN)


def test_real_hevy_export() -> None:
    outcomes, report = read(REAL / "strong_statistics_hevy.csv")
    first = set_at(outcomes, 2)
    assert first.exercise == "seated_leg_curl"
    assert (first.record.warmup, first.record.weight, first.record.rpe) == (
        True,
        Decimal(39),
        Decimal(6),
    )
    assert set_at(outcomes, 5).record.failure is Failure.CONCENTRIC
    hyper = set_at(outcomes, 11)  # no weight on a bodyweight exercise
    assert (hyper.exercise, hyper.record.weight, hyper.record.bodyweight) == (
        "back_extension",
        Decimal(0),
        True,
    )
    assert hyper.record.note == "All sets, lower big hole pressed against forehead"
    calf = set_at(outcomes, 20)  # Hevy writes line breaks in notes as `\n`
    assert calf.record.note == "Lower: all sets 175 next time\nLegs: 170"
    assisted = set_at(outcomes, 2449)  # the machine's help is a negative load (notation R6)
    assert assisted.exercise == "assisted_pull_up"
    assert (assisted.record.weight, assisted.record.bodyweight) == (Decimal(-5), True)
    dragon = set_at(outcomes, 51)
    assert (dragon.exercise, dragon.record.exercise) == (None, "custom_dragon_flag")
    assert (dragon.record.reps, dragon.record.failure) == (11, Failure.CONCENTRIC)
    lines = by_line(outcomes)
    assert lines[6643] == SkippedRow(6643, SkipReason.EMPTY_SET, "Crunch (Weighted)")
    assert lines[2178] == SkippedRow(2178, SkipReason.WARM_UP_ACTIVITY, "Warm Up")
    unmatched = {m.name: m for m in report.unmatched}
    assert unmatched["Triceps Extension (Cable)"].sets == 184
    assert "overhead_triceps_extension" in unmatched["Triceps Extension (Cable)"].suggestions
    assert "Dragon Flag" in unmatched
    matched = {m.name: m.exercise for m in report.matched}
    assert matched["Bench Press (Dumbbell)"] == "dumbbell_bench_press"
    assert matched["Bicep Curl (Cable)"] == "cable_curl"
    assert report.first == datetime(2024, 7, 3, 15, 36, tzinfo=BERLIN)
    assert report.last == datetime(2025, 9, 15, 7, 48, tzinfo=BERLIN)
