"""Rows that can't be read are named by line and problem; odd but valid rows are kept."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from core.model import Failure, Unit
from core.transfer import ImportedSet, ProblemCode, RowProblem, SkippedRow, SkipReason
from core.wording import transfer as say
from tests.core.transfer_support import IMPORTS, read, set_at

STRONG = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
    "Workout Notes,RPE"
)
UNITS = (IMPORTS / "strong_semicolon_units.csv").read_text(encoding="utf-8").splitlines()[0]
HEVY = (IMPORTS / "hevy_metric.csv").read_text(encoding="utf-8").splitlines()[0]


def strong_row(order: str = "1", weight: str = "80", reps: str = "8", **cells: str) -> str:
    values = {
        "date": "2026-03-02 18:04:11",
        "name": "Bench Press (Barbell)",
        "distance": "0",
        "seconds": "0",
        "notes": "",
        "rpe": "",
    }
    values.update(cells)
    return (
        f"{values['date']},Push,1h,{values['name']},{order},{weight},{reps},"
        f"{values['distance']},{values['seconds']},{values['notes']},,{values['rpe']}"
    )


def only_problem(text: str, **kwargs: object) -> RowProblem:
    outcomes, report = read(text, **kwargs)  # type: ignore[arg-type]
    problems = [o for o in outcomes if isinstance(o, RowProblem)]
    assert len(problems) == 1, outcomes
    assert report.problem_rows == 1 and not report.ok
    assert report.rows == report.sets + report.skipped_rows + report.problem_rows
    return problems[0]


@pytest.mark.parametrize(
    ("row", "code", "message"),
    [
        (strong_row(reps="8.5"), ProblemCode.NOT_WHOLE, "Line 3: Reps “8.5” isn't a whole number."),
        (
            strong_row(weight="eighty"),
            ProblemCode.BAD_NUMBER,
            "Line 3: Weight “eighty” isn't a number.",
        ),
        (
            strong_row(weight="-20"),
            ProblemCode.OUT_OF_RANGE,
            "Line 3: Weight “-20” is out of range (0–1000 kg).",
        ),
        (
            strong_row(weight="5000"),
            ProblemCode.OUT_OF_RANGE,
            "Line 3: Weight “5000” is out of range (0–1000 kg).",
        ),
        (
            strong_row(reps="-3"),
            ProblemCode.OUT_OF_RANGE,
            "Line 3: Reps “-3” is out of range (0–1000).",
        ),
        (
            strong_row(reps="5000"),
            ProblemCode.OUT_OF_RANGE,
            "Line 3: Reps “5000” is out of range (0–1000).",
        ),
        (
            strong_row(rpe="11"),
            ProblemCode.OUT_OF_RANGE,
            "Line 3: RPE “11” is out of range (1–10).",
        ),
        (
            strong_row(rpe="8.3"),
            ProblemCode.BAD_STEP,
            "Line 3: RPE “8.3” should go in half steps like 8 or 8.5.",
        ),
        (
            strong_row(order="X"),
            ProblemCode.BAD_SET_TYPE,
            "Line 3: Set Order “X” isn't a set type I know "
            "(a number, W, F, D, Note or Rest Timer).",
        ),
        (
            strong_row(date="02/03/2026 18:04"),
            ProblemCode.BAD_DATE,
            "Line 3: Date “02/03/2026 18:04” isn't a date I can read; "
            "write it like 2026-03-02 18:04:11.",
        ),
        (
            strong_row(name=""),
            ProblemCode.NO_EXERCISE,
            "Line 3: the exercise name (Exercise Name) is empty.",
        ),
        (
            strong_row() + ",extra",
            ProblemCode.FIELD_COUNT,
            "Line 3: 13 fields where the header has 12.",
        ),
        ("2026-03-02 18:04:11,Push,1h", ProblemCode.FIELD_COUNT, None),
        (
            strong_row(notes="x" * 10_001),
            ProblemCode.TOO_LONG,
            "Line 3: Notes is longer than 10000 characters.",
        ),
    ],
)
def test_a_broken_row_is_named_by_line_and_problem(
    row: str, code: ProblemCode, message: str | None
) -> None:
    problem = only_problem(f"{STRONG}\n{strong_row()}\n{row}\n{strong_row()}\n")
    assert (problem.line, problem.code) == (3, code)
    if message is not None:
        assert say.problem(problem) == message


def test_unit_column_must_say_kg_or_lb() -> None:
    row = "2026-04-10 19:15:00;Pull;Deadlift (Barbell);1;135;stone;5;;;;;;;4200"
    problem = only_problem(f"{UNITS}\n{row}\n")
    assert say.problem(problem) == "Line 2: Weight Unit “stone” should be kg or lb."


def test_hevy_unknown_set_type_and_bad_index() -> None:
    row = 'P,"3 Oct 2026, 17:20","3 Oct 2026, 18:25",,Deadlift (Barbell),,,0,superset,135,5,,,'
    problem = only_problem(f"{HEVY}\n{row}\n")
    assert say.problem(problem) == (
        "Line 2: set_type “superset” isn't a set type I know (normal, warmup, failure, dropset)."
    )
    row = 'P,"3 Oct 2026, 17:20","3 Oct 2026, 18:25",,Deadlift (Barbell),,,first,normal,135,5,,,'
    assert only_problem(f"{HEVY}\n{row}\n").code is ProblemCode.BAD_NUMBER
    row = 'P,"31 Foo 2026, 17:20","3 Oct 2026, 18:25",,Deadlift (Barbell),,,0,normal,135,5,,,'
    assert only_problem(f"{HEVY}\n{row}\n").code is ProblemCode.BAD_DATE


def test_a_date_in_the_future_is_a_problem_when_now_is_given() -> None:
    now = datetime(2026, 3, 1, 12, tzinfo=UTC)
    problem = only_problem(f"{STRONG}\n{strong_row()}\n", now=now)
    assert say.problem(problem) == "Line 2: Date “2026-03-02 18:04” is in the future."
    _, report = read(f"{STRONG}\n{strong_row()}\n", now=datetime(2026, 3, 2, tzinfo=UTC))
    assert report.ok  # within a day: a zone difference, not a broken file


def test_the_refusal_lists_the_first_twenty_problems_and_counts_the_rest() -> None:
    rows = "\n".join(strong_row(reps="x") for _ in range(25))
    outcomes, report = read(f"{STRONG}\n{strong_row()}\n{rows}\n")
    assert (report.problem_rows, len(report.problems), report.sets) == (25, 20, 1)
    message = say.problems(report)
    assert message.startswith(
        "I can't import this file: 25 rows can't be read, so nothing was imported."
    )
    assert "• Line 3: Reps “x” isn't a number." in message
    assert "… and 5 more." in message
    assert sum(isinstance(o, RowProblem) for o in outcomes) == 25


def test_strong_warm_up_failure_and_drop_rows() -> None:
    text = "\n".join(
        [
            STRONG,
            strong_row("W", "40", "10"),
            strong_row("1", "80", "8"),
            strong_row("F", "80", "6", rpe="10"),
            strong_row("D", "60", "6"),
            strong_row("2.0", "80", "5"),
        ]
    )
    outcomes, _ = read(text + "\n")
    kinds = [
        (s.record.warmup, s.record.failure, s.record.drop)
        for s in outcomes
        if isinstance(s, ImportedSet)
    ]
    assert kinds == [
        (True, None, False),
        (False, None, False),
        (False, Failure.TECHNICAL, False),
        (False, None, True),
        (False, None, False),
    ]
    assert [s.record.seq for s in outcomes if isinstance(s, ImportedSet)] == [0, 1, 2, 3, 4]


def test_a_late_note_row_still_reaches_a_set_of_a_long_block() -> None:
    rows = [strong_row() for _ in range(1500)]
    note = strong_row("Note", "", "", notes="belt on")
    outcomes, report = read("\n".join([STRONG, *rows, note]) + "\n")
    assert report.sets == 1500
    assert any(isinstance(o, ImportedSet) and o.record.note == "belt on" for o in outcomes)
    assert report.skipped[0].reason is SkipReason.EXERCISE_NOTE


def test_a_note_row_of_an_exercise_without_sets_is_reported() -> None:
    note = strong_row("Note", "", "", name="Squat (Barbell)", notes="knees out")
    outcomes, _ = read(f"{STRONG}\n{strong_row()}\n{note}\n")
    assert outcomes[-1] == SkippedRow(3, SkipReason.NOTE_WITHOUT_SETS, "Squat (Barbell)")


def test_time_on_a_rep_set_and_distance_on_a_loaded_carry_go_in_the_note() -> None:
    rows = [
        strong_row("1", "80", "8", seconds="45"),
        strong_row("1", "40", "0", name="Farmers Walk", distance="50", seconds="60"),
        strong_row("1", "0", "0", name="Rowing (Machine)", distance="2000", seconds="480"),
        strong_row("1", "100", "0"),
    ]
    outcomes, report = read("\n".join([STRONG, *rows]) + "\n")
    bench = set_at(outcomes, 2).record
    assert (bench.reps, bench.seconds, bench.note) == (8, None, "45 s")
    carry = set_at(outcomes, 3)
    assert carry.exercise == "farmers_walk"
    assert (carry.record.seconds, carry.record.reps, carry.record.note) == (60, None, "50")
    skipped = [o for o in outcomes if isinstance(o, SkippedRow)]
    assert [(s.line, s.reason) for s in skipped] == [
        (4, SkipReason.CARDIO),
        (5, SkipReason.EMPTY_SET),
    ]
    assert report.rows == 4


def test_float_noise_and_pounds_per_row() -> None:
    row = "2026-04-10 19:15:00;Pull;Deadlift (Barbell);1;102.05999999999999;LBS;5.0;;;;;;;4200"
    outcomes, _ = read(f"{UNITS}\n{row}\n")
    r = set_at(outcomes, 2).record
    assert (r.weight, r.unit, r.reps) == (Decimal("102.06"), Unit.LB, 5)


def test_assisted_and_weighted_bodyweight_exercises() -> None:
    rows = [
        strong_row("1", "30", "8", name="Pull Up (Assisted)"),
        strong_row("1", "20", "8", name="Dip (Weighted)"),
        strong_row("1", "0", "12", name="Pull Up"),
    ]
    outcomes, _ = read("\n".join([STRONG, *rows]) + "\n")
    assisted, weighted, bodyweight = (set_at(outcomes, n) for n in (2, 3, 4))
    assert (assisted.exercise, assisted.record.weight, assisted.record.bodyweight) == (
        "assisted_pull_up",
        Decimal(-30),
        True,
    )
    assert (weighted.exercise, weighted.record.weight, weighted.record.bodyweight) == (
        "dip",
        Decimal(20),
        True,
    )
    assert (bodyweight.record.weight, bodyweight.record.bodyweight) == (Decimal(0), True)
