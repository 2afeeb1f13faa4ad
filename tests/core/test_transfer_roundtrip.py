"""Our export as spreadsheets read it, back to exactly the same sets; repeats add nothing."""

from __future__ import annotations

import io
import itertools
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.model import Failure, SetRecord, Unit
from core.transfer import (
    ExportSet,
    ImportedSet,
    ProblemCode,
    RowProblem,
    SourceFormat,
    export_lines,
    write_export,
)
from core.wording import transfer as say
from tests.core.transfer_support import BERLIN, CATALOGUE, IMPORTS, REAL, read

HEADER = (
    "date,time,utc_offset,workout,workout_title,exercise,exercise_id,weight,unit,bodyweight,"
    "reps,seconds,failure,rpe,rir,warmup,drop,note,set_id,export_id"
)


def export(sets: list[ExportSet], zone: ZoneInfo = BERLIN, export_id: str | None = "u1") -> bytes:
    out = io.BytesIO()
    assert write_export(sets, out, zone=zone, catalogue=CATALOGUE, export_id=export_id) == len(sets)
    return out.getvalue()


def imported(data: bytes, zone: ZoneInfo = BERLIN) -> list[ImportedSet]:
    outcomes, report = read(data, zone=zone, unit=Unit.LB)
    assert report.ok, [say.problem(p) for p in report.problems]
    assert report.dialect.format is SourceFormat.TOFAILURE
    return [o for o in outcomes if isinstance(o, ImportedSet)]


def test_export_rows_read_by_hand() -> None:
    # Berlin moves to summer time at 01:00 UTC on 29 March 2026: offsets are per row.
    before = SetRecord(
        at=datetime(2026, 3, 29, 0, 30, tzinfo=UTC),
        exercise="assisted_pull_up",
        weight=Decimal(-30),
        unit=Unit.KG,
        reps=8,
        failure=Failure.CONCENTRIC,
        bodyweight=True,
        note='tough, "really"\nnext time -5',
        id=41,
    )
    after = SetRecord(
        at=datetime(2026, 3, 29, 2, 30, tzinfo=UTC),
        exercise="plank",
        weight=Decimal(0),
        unit=Unit.KG,
        reps=None,
        seconds=60,
        rpe=Decimal("9.5"),
        warmup=False,
        bodyweight=True,
        note="=1+1",
        id=42,
    )
    custom = SetRecord(
        at=datetime(2026, 3, 30, 17, 0, tzinfo=UTC),
        exercise="cable_crossover_ladder",
        weight=Decimal("12.5"),
        unit=Unit.LB,
        reps=12,
        rir=Decimal(2),
        drop=True,
    )
    data = export(
        [
            ExportSet(before, workout=7, title="Pull day"),
            ExportSet(after, workout=7),
            ExportSet(custom, workout=9, exercise_name="Crossover Ladder"),
        ]
    )
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel opens it as UTF-8
    assert data.decode("utf-8-sig").split("\r\n") == [
        HEADER,
        "2026-03-29,01:30:00,UTC+01:00,1,Pull day,Assisted Pull-Up,assisted_pull_up,-30,kg,yes,8,,"
        'concentric,,,,,"tough, ""really""\nnext time -5",41,u1',
        "2026-03-29,04:30:00,UTC+02:00,1,,Plank,plank,0,kg,yes,,60,,9.5,,,,'=1+1,42,u1",
        "2026-03-30,19:00:00,UTC+02:00,2,,Crossover Ladder,cable_crossover_ladder,12.5,lb,,12,,,,2,"
        ",yes,,,u1",
        "",
    ]
    back = imported(data, zone=ZoneInfo("Asia/Tokyo"))
    assert [s.record for s in back] == [
        replace(before, id=None, seq=0),
        replace(after, id=None, seq=1),
        replace(custom, id=None, seq=0),
    ]
    assert [s.source_id for s in back] == [41, 42, None]
    assert [(s.workout.number, s.workout.title) for s in back] == [
        (1, "Pull day"),
        (1, "Pull day"),
        (2, None),
    ]
    assert back[2].exercise == "cable_crossover_ladder"  # the user's custom exercise


def test_export_streams_line_by_line() -> None:
    record = SetRecord(
        at=datetime(2026, 1, 1, tzinfo=UTC),
        exercise="bench_press",
        weight=Decimal(80),
        unit=Unit.KG,
        reps=8,
    )
    endless = (ExportSet(record, workout=n) for n in itertools.count())
    lines = export_lines(endless, zone=BERLIN, catalogue=CATALOGUE)
    first_three = list(itertools.islice(lines, 3))
    assert first_three[0] == "\ufeff" + HEADER + "\r\n"
    assert first_three[2].startswith("2026-01-01,01:00:00,UTC+01:00,2,")


def test_someone_elses_rows_in_one_file_are_refused() -> None:
    record = SetRecord(
        at=datetime(2026, 1, 1, tzinfo=UTC),
        exercise="bench_press",
        weight=Decimal(80),
        unit=Unit.KG,
        reps=8,
    )
    mine = export([ExportSet(record, 1)], export_id="u1").decode("utf-8-sig")
    theirs = export([ExportSet(record, 1)], export_id="u2").decode("utf-8-sig")
    outcomes, report = read(mine + theirs.split("\r\n", 1)[1])
    assert report.export_id == "u1"
    problem = next(o for o in outcomes if isinstance(o, RowProblem))
    assert (problem.line, problem.code) == (3, ProblemCode.OTHER_EXPORT)


def test_rows_added_by_hand_without_workout_or_ids() -> None:
    text = (
        "date,time,exercise,weight,unit,reps\n"
        "2026-05-01,18:00,Bench Press (Barbell),80,kg,8\n"
        "2026-05-01,18:05,bench,82.5,kg,6\n"
        "2026-05-02,09:00,Zercher Carry,60,kg,20\n"
    )
    outcomes, report = read(text)
    sets = [o for o in outcomes if isinstance(o, ImportedSet)]
    assert [s.exercise for s in sets] == ["bench_press", "bench_press", None]
    assert [s.workout.number for s in sets] == [1, 1, 2]  # a new workout after 3 h (rules §1)
    assert sets[0].record.at == datetime(2026, 5, 1, 18, tzinfo=BERLIN)
    assert report.workouts == 2


def test_times_a_spreadsheet_may_have_rewritten() -> None:
    text = (
        "date,time,utc_offset,exercise,weight,unit,reps\n"
        "02.03.2026,18:04,+01:00,bench,80,kg,8\n"
        "2026-03-02,17:10:00,Z,bench,80,kg,8\n"
        "2026-03-02,18:30:00,utc-05:30,bench,80,kg,8\n"
        "2026-03-02,18:30:00,CET,bench,80,kg,8\n"
    )
    outcomes, report = read(text, zone=ZoneInfo("Asia/Tokyo"))
    ats = [o.record.at for o in outcomes if isinstance(o, ImportedSet)]
    assert ats == [
        datetime(2026, 3, 2, 17, 4, tzinfo=UTC),
        datetime(2026, 3, 2, 17, 10, tzinfo=UTC),
        datetime(2026, 3, 3, 0, 0, tzinfo=UTC),
    ]
    assert [say.problem(p) for p in report.problems] == [
        "Line 5: date “2026-03-02 18:30:00 CET” isn't a date I can read; "
        "write it like 2026-03-02, 18:04:11, UTC+01:00."
    ]


# Values a stored set can hold (notation.md §1), generated to meet the export and come back.
_half_steps = st.integers(min_value=0, max_value=20).map(lambda n: Decimal(n) / 2)
_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n\r\t"),
    min_size=1,
    max_size=40,
)
_title = _text.map(str.strip).filter(bool)
_exercise = st.sampled_from([e.id for e in CATALOGUE.exercises[:60]]) | st.from_regex(
    r"[a-z][a-z0-9_]{0,20}", fullmatch=True
)


@st.composite
def _records(draw: st.DrawFn) -> SetRecord:
    unit = draw(st.sampled_from(Unit))
    limit = 1000 if unit is Unit.KG else 2200
    weight = draw(st.decimals(min_value=-limit, max_value=limit, places=3))
    timed = draw(st.booleans())
    return SetRecord(
        at=draw(st.datetimes(datetime(2000, 1, 1), datetime(2099, 12, 31), timezones=st.just(UTC))),
        exercise=draw(_exercise),
        weight=weight,
        unit=unit,
        reps=None if timed else draw(st.integers(min_value=1, max_value=1000)),
        seconds=draw(st.integers(min_value=1, max_value=86_400)) if timed else None,
        failure=draw(st.none() | st.sampled_from(Failure)),
        rpe=draw(st.none() | _half_steps.filter(lambda d: d >= 1)),
        rir=draw(st.none() | _half_steps),
        warmup=draw(st.booleans()),
        bodyweight=draw(st.booleans()),
        drop=draw(st.booleans()),
        note=draw(st.none() | _text),
        id=draw(st.none() | st.integers(min_value=1, max_value=2**63 - 1)),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    records=st.lists(_records(), min_size=1, max_size=12),
    breaks=st.lists(st.booleans(), min_size=12, max_size=12),
    titles=st.lists(st.none() | _title, min_size=12, max_size=12),
    zones=st.tuples(
        *[st.sampled_from(["UTC", "Europe/Berlin", "America/St_Johns", "Asia/Kathmandu"])] * 2
    ),
)
def test_export_then_import_gives_back_the_same_sets(records, breaks, titles, zones) -> None:
    workout, sets, seqs = 0, [], []
    position = 0
    for i, record in enumerate(records):
        if i and breaks[i]:
            workout += 1
            position = 0
        sets.append(ExportSet(record, workout, titles[workout]))
        seqs.append(position)
        position += 1
    data = export(sets, zone=ZoneInfo(zones[0]))
    back = imported(data, zone=ZoneInfo(zones[1]))
    # Compared as UTC instants: an aware time in a repeated hour (the night clocks go back) is
    # never == a time in another zone (PEP 495), though both name the same instant.
    assert [replace(s.record, at=s.record.at.astimezone(UTC)) for s in back] == [
        replace(r, id=None, seq=seq) for r, seq in zip(records, seqs, strict=True)
    ]
    assert [s.source_id for s in back] == [r.id for r in records]
    assert [s.workout.number - 1 for s in back] == [s.workout for s in sets]
    assert [s.workout.title for s in back] == [s.title for s in sets]
    again = [
        ExportSet(replace(s.record, id=s.source_id), s.workout.number, s.workout.title)
        for s in back
    ]
    assert export(again, zone=ZoneInfo(zones[0])) == data  # a second round changes no byte


FILES = [
    IMPORTS / "strong_comma.csv",
    IMPORTS / "strong_semicolon_units.csv",
    IMPORTS / "strong_quoted.csv",
    IMPORTS / "hevy_metric.csv",
    IMPORTS / "hevy_imperial.csv",
    REAL / "strong_statistics_strong.csv",
    REAL / "strong_statistics_hevy.csv",
]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_the_same_file_gives_the_same_keys_whatever_the_users_zone_and_unit(path) -> None:
    first, _ = read(path, zone=BERLIN, unit=Unit.KG)
    second, _ = read(path, zone=ZoneInfo("America/Los_Angeles"), unit=Unit.LB)
    keys = [o.key for o in first if isinstance(o, ImportedSet)]
    assert keys == [o.key for o in second if isinstance(o, ImportedSet)]
    assert len(set(keys)) == len(keys)  # no two sets of a file share a key


def test_an_edited_set_gets_a_new_key_and_the_others_keep_theirs() -> None:
    text = (IMPORTS / "strong_comma.csv").read_text(encoding="utf-8")
    edited = text.replace("Squat (Barbell),3,120,5", "Squat (Barbell),3,120,6")
    before = [o.key for o in read(text)[0] if isinstance(o, ImportedSet)]
    after = [o.key for o in read(edited)[0] if isinstance(o, ImportedSet)]
    assert sum(a != b for a, b in zip(before, after, strict=True)) == 1


def test_our_export_keys_follow_the_stored_set_not_the_zone() -> None:
    record = SetRecord(
        at=datetime(2026, 1, 1, tzinfo=UTC),
        exercise="bench_press",
        weight=Decimal(80),
        unit=Unit.KG,
        reps=8,
        id=5,
    )
    berlin = imported(export([ExportSet(record, 1)], zone=BERLIN))
    tokyo = imported(export([ExportSet(record, 1)], zone=ZoneInfo("Asia/Tokyo")))
    assert berlin[0].key == tokyo[0].key
    other_user = imported(export([ExportSet(record, 1)], export_id="u2"))
    assert other_user[0].key != berlin[0].key


def test_big_exports_keep_every_set() -> None:
    start = datetime(2024, 1, 1, 17, tzinfo=UTC)
    sets = [
        ExportSet(
            SetRecord(
                at=start + timedelta(minutes=3 * i),
                exercise="back_squat",
                weight=Decimal(100 + i % 7),
                unit=Unit.KG,
                reps=5,
            ),
            workout=i // 20,
        )
        for i in range(2000)
    ]
    back = imported(export(sets))
    assert len(back) == 2000
    assert back[-1].workout.number == 100


@given(st.text(alphabet="'=+-@\t\rab ", max_size=8))
def test_formula_guard_gives_every_text_back(text: str) -> None:
    from core.transfer.native import protect, unprotect

    guarded = protect(text)
    assert unprotect(guarded) == text
    assert not guarded or guarded[0] not in "=+-@\t\r"
