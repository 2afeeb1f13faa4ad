"""Focused tests of the §1 definitions in core.training and the rule settings."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from core.model import Failure, SetRecord, Unit
from core.rules.settings import (
    THRESHOLDS,
    RuleSettings,
    SettingsError,
    ThresholdError,
    validate_threshold,
)
from core.rules.window import history_since
from core.training.declines import e1rm_declined, reps_declined
from core.training.deloads import cycle_week, deload_anchor, deload_weeks, planned_deload_due
from core.training.sets import (
    brzycki,
    canonical_key,
    e1rm,
    e1rm_known,
    effective_rir,
    failure_tally,
    is_failure_set,
    is_heavy,
    kg_of,
    reference_e1rm,
    rtf,
    same_load,
    share_above,
    sort_canonical,
)
from core.training.workouts import group_workouts, workout_starts

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
T0 = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)


def rec(
    minutes: float = 0,
    exercise: str = "bench_press",
    weight: str = "100",
    unit: Unit = Unit.KG,
    reps: int | None = 5,
    **kw: object,
) -> SetRecord:
    return SetRecord(
        at=T0 + timedelta(minutes=minutes),
        exercise=exercise,
        weight=Decimal(weight),
        unit=unit,
        reps=reps,
        **kw,  # type: ignore[arg-type]
    )


# --- effort ------------------------------------------------------------------------------------


def test_effective_rir_failure_rir_rpe_unknown() -> None:
    assert effective_rir(rec(failure=Failure.TECHNICAL)) == 0
    assert effective_rir(rec(rir=Decimal(2))) == 2
    assert effective_rir(rec(rpe=Decimal("8.5"))) == Decimal("1.5")
    assert effective_rir(rec(rir=Decimal(1), rpe=Decimal(10))) == 1  # explicit rir wins
    assert effective_rir(rec()) is None


def test_failure_set_definition() -> None:
    assert is_failure_set(rec(failure=Failure.ECCENTRIC))
    assert is_failure_set(rec(rir=Decimal(0)))
    assert is_failure_set(rec(rpe=Decimal(10)))
    assert not is_failure_set(rec(rpe=Decimal("9.5")))  # near failure
    assert not is_failure_set(rec(rir=Decimal("0.5"), rpe=Decimal(10)))
    assert not is_failure_set(rec(failure=Failure.CONCENTRIC, warmup=True))


def test_rtf_known_only_up_to_four_rir() -> None:
    assert rtf(rec(reps=8, rpe=Decimal(8))) == 10
    assert rtf(rec(reps=8, rir=Decimal(4))) == 12
    assert rtf(rec(reps=8, rir=Decimal("4.5"))) is None
    assert rtf(rec(reps=8)) is None
    assert rtf(rec(reps=0, failure=Failure.CONCENTRIC)) == 0  # a failed attempt
    assert rtf(rec(reps=8, rpe=Decimal(8), drop=True)) is None  # drop links have none


# --- e1RM --------------------------------------------------------------------------------------


def test_e1rm_at_one_rep_is_the_load() -> None:
    assert brzycki(100.0, 1) == 100.0
    assert e1rm(rec(reps=1, failure=Failure.CONCENTRIC)) == 100.0
    assert e1rm_known(rec(reps=1, failure=Failure.CONCENTRIC)) == 100.0


def test_e1rm_brzycki_with_rir_and_bounds() -> None:
    assert e1rm(rec(reps=5, rpe=Decimal(8))) == pytest.approx(120.0)  # r = 7
    assert e1rm(rec(weight="95", reps=3)) == pytest.approx(95 * 36 / 34)  # unknown RIR: r = 3
    assert e1rm_known(rec(weight="95", reps=3)) is None
    assert e1rm(rec(reps=10, rir=Decimal(1))) is None  # r = 11 > 10
    assert e1rm(rec(reps=5, rir=Decimal(5))) is None  # RIR > 4
    assert e1rm(rec(weight="0", reps=5)) is None
    assert e1rm(rec(reps=0, failure=Failure.CONCENTRIC)) is None
    assert e1rm(rec(reps=5, warmup=True)) is None


def test_reference_e1rm_is_84_days_and_strictly_earlier() -> None:
    now = rec(minutes=0, reps=6, failure=Failure.CONCENTRIC)
    inside = rec(minutes=-84 * 24 * 60, reps=1)  # exactly 84 days back: included
    outside = rec(minutes=-84 * 24 * 60 - 1, weight="200", reps=1)
    same_time = rec(minutes=0, weight="300", reps=1)
    ref = reference_e1rm([outside, inside, same_time, now], now)
    assert ref == 100.0


def test_heavy_by_reps_or_by_share_of_reference() -> None:
    assert is_heavy(rec(reps=5), None, 5, 0.85)
    assert is_heavy(rec(reps=0), None, 5, 0.85)
    assert not is_heavy(rec(reps=6), None, 5, 0.85)
    assert is_heavy(rec(weight="88", reps=6), 95 * 36 / 34, 5, 0.85)  # 87.5 %
    assert not is_heavy(rec(weight="84", reps=6), 95 * 36 / 34, 5, 0.85)  # 83.5 %


# --- same load ---------------------------------------------------------------------------------


def test_same_load_one_percent() -> None:
    assert same_load(100.0, 99.0)
    assert same_load(99.0, 100.0)
    assert not same_load(100.0, 98.9)
    assert not same_load(97.5, 100.0)
    assert same_load(-30.0, -30.2)


def test_225_lb_is_the_same_load_as_102_5_kg() -> None:
    lb = kg_of(rec(weight="225", unit=Unit.LB))
    assert lb == pytest.approx(102.058, abs=1e-3)
    assert same_load(lb, kg_of(rec(weight="102.5")))


# --- canonical order and drop chains -----------------------------------------------------------


def test_canonical_order_ignores_input_order() -> None:
    sets = [
        rec(0, seq=1),
        rec(0, seq=0, exercise="deadlift"),
        rec(0, seq=0, exercise="bench_press", warmup=True, weight="60"),
        rec(0, seq=0, exercise="bench_press"),
        rec(-5),
    ]
    want = sort_canonical(sets)
    assert [s.seq for s in want] == [0, 0, 0, 0, 1]
    assert want[0].at < want[1].at
    assert want[1].warmup  # warm-ups first among equals
    assert want[3].exercise == "deadlift"
    for _ in range(20):
        random.shuffle(sets)
        assert sort_canonical(sets) == want
    assert canonical_key(rec(0, reps=None, seconds=30)) < canonical_key(rec(0, reps=1))


def test_drop_chain_counts_once_at_its_first_failure_link() -> None:
    chain = [
        rec(0, weight="12", reps=12, failure=Failure.CONCENTRIC, seq=0),
        rec(0, weight="8", reps=8, failure=Failure.CONCENTRIC, drop=True, seq=1),
        rec(0, weight="6", reps=6, failure=Failure.CONCENTRIC, drop=True, seq=2),
    ]
    assert failure_tally(chain) == (1, 1)
    late = [rec(0, reps=10, rir=Decimal(2)), rec(1, weight="80", reps=6, rir=Decimal(0), drop=True)]
    assert failure_tally(late) == (1, 1)
    after_warmup = [rec(0, warmup=True), rec(1, drop=True, rpe=Decimal(10))]
    assert failure_tally(after_warmup) == (1, 1)  # nothing to continue: a set of its own


def test_shares_compare_exactly() -> None:
    assert not share_above(6, 20, 3, 10)  # 30 % is not above 30 %
    assert share_above(6, 17, 3, 10)
    assert not share_above(0, 0, 3, 10)


# --- workouts ----------------------------------------------------------------------------------


def test_workout_gap_of_three_hours_even_across_midnight() -> None:
    base = datetime(2026, 3, 4, 22, 30, tzinfo=BERLIN)
    at = [base, base + timedelta(hours=2, minutes=59), base + timedelta(hours=5, minutes=58)]
    sets = [SetRecord(at=a, exercise="dip", weight=Decimal(0), unit=Unit.KG, reps=8) for a in at]
    assert len(group_workouts(sets)) == 1  # 22:30 -> 01:29 -> 04:28, each gap < 3 h
    warmup = SetRecord(
        at=at[-1] + timedelta(hours=3), exercise="dip", weight=Decimal(0), unit=Unit.KG,
        reps=8, warmup=True,
    )  # fmt: skip
    later = [*sets, warmup]
    assert workout_starts(later) == [0, 3]  # exactly 3 h starts a new one, warm-up or not


def test_workout_starts_on_many_sets_matches_a_linear_walk() -> None:
    rng = random.Random(5)
    t = T0
    sets = []
    for _ in range(2000):
        t += timedelta(minutes=rng.choice([1, 2, 5, 60, 170, 179, 180, 181, 600]))
        sets.append(SetRecord(at=t, exercise="dip", weight=Decimal(0), unit=Unit.KG, reps=5))
    linear = [0] + [
        i for i in range(1, len(sets)) if sets[i].at - sets[i - 1].at >= timedelta(hours=3)
    ]
    assert workout_starts(sets) == linear


# --- deload cycle ------------------------------------------------------------------------------


def _weeks(*days: str) -> set[date]:
    return {date.fromisoformat(d) for d in days}


def test_planned_deload_due_counts_from_the_week_before_training_began() -> None:
    trained = _weeks("2026-02-02", "2026-02-09", "2026-02-16", "2026-02-23", "2026-03-02")
    first = date(2026, 2, 2)
    assert deload_anchor(date(2026, 3, 9), set(), trained, first) == date(2026, 1, 26)
    assert cycle_week(date(2026, 3, 9), set(), trained, first) == 6
    assert planned_deload_due(date(2026, 3, 9), 6, set(), trained, first)
    assert not planned_deload_due(date(2026, 3, 2), 6, set(), trained, first)
    assert not planned_deload_due(date(2026, 3, 9), 0, set(), trained, first)  # switched off
    assert not planned_deload_due(date(2026, 3, 9), 6, set(), trained, None)


def test_a_rest_week_or_a_deload_restarts_the_cycle() -> None:
    trained = _weeks("2026-01-26", "2026-02-02", "2026-02-09", "2026-02-23", "2026-03-02")
    first = date(2026, 1, 26)
    assert deload_anchor(date(2026, 3, 9), set(), trained, first) == date(2026, 2, 16)
    assert not planned_deload_due(date(2026, 3, 9), 6, set(), trained, first)
    every = trained | _weeks("2026-02-16")
    deloads = _weeks("2026-01-26")
    assert deload_anchor(date(2026, 3, 9), deloads, every, first) == date(2026, 1, 26)
    assert planned_deload_due(date(2026, 3, 9), 6, deloads, every, first)
    assert planned_deload_due(date(2026, 3, 2), 5, deloads, every, first)
    assert not planned_deload_due(date(2026, 3, 2), 6, deloads, every, first)


def test_deload_weeks_add_the_current_week_when_marked() -> None:
    past = [date(2026, 1, 5)]
    assert deload_weeks(past, date(2026, 3, 9), True) == _weeks("2026-01-05", "2026-03-09")
    assert deload_weeks(past, date(2026, 3, 9), False) == _weeks("2026-01-05")


def test_declines() -> None:
    assert reps_declined(10, 11, 12)
    assert not reps_declined(11, 11, 12)
    assert not reps_declined(10.5, 11, 12)  # only 1.5 down
    assert e1rm_declined(111, 117, 120)
    assert not e1rm_declined(117, 118.8, 120)
    assert e1rm_declined(114, 117, 120)  # exactly 95 %


# --- thresholds and settings -------------------------------------------------------------------


def test_threshold_table_defaults_are_in_range() -> None:
    for t in THRESHOLDS:
        assert t.low <= t.default <= t.high
        assert validate_threshold(t.key, t.default) == t.default
        assert t.user_settable


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("max_failures", 2, "Unknown threshold"),
        ("max_failure_sets_per_workout", 0, "between 1 and 10"),
        ("max_failure_sets_per_workout", 11, "between 1 and 10"),
        ("max_failure_sets_per_workout", 2.5, "whole number"),
        ("heavy_pct_e1rm", 0.96, "between 0.7 and 0.95"),
        ("max_failure_share", 0.05, "between 0.1 and 0.9"),
        ("share_streak_weeks", True, "must be a number"),
        ("min_failure_sets_week", "6", "must be a number"),
        ("heavy_pct_e1rm", float("nan"), "must be a number"),
    ],
)
def test_threshold_validation_rejects_with_a_clear_message(
    key: str, value: object, words: str
) -> None:
    with pytest.raises(ThresholdError, match=words):
        validate_threshold(key, value)


def test_thresholds_are_never_clamped() -> None:
    assert validate_threshold("heavy_pct_e1rm", 0.7) == 0.7
    assert validate_threshold("max_failure_sets_per_workout", 10) == 10.0
    with pytest.raises(ThresholdError):
        RuleSettings.build(thresholds={"heavy_max_reps": 9})
    s = RuleSettings.build(thresholds={"heavy_max_reps": 8})
    assert s.int_threshold("heavy_max_reps") == 8
    assert s.threshold("max_failure_share") == 0.30
    assert s.share_limit().numerator == 3


@pytest.mark.parametrize(
    "kw",
    [
        {"timezone": "Mars/Olympus"},
        {"week_start": "tuesday"},
        {"deload_every_weeks": 2},
        {"deload_every_weeks": 13},
        {"past_deload_weeks": [date(2026, 3, 3)]},
        {"rules_off": ["NO_SUCH_RULE"]},
    ],
)
def test_settings_reject_bad_values(kw: dict[str, object]) -> None:
    with pytest.raises(SettingsError):
        RuleSettings.build(**kw)  # type: ignore[arg-type]


def test_history_since_covers_weeks_and_the_e1rm_window() -> None:
    s = RuleSettings.build(timezone="Europe/Berlin", deload_every_weeks=12)
    at = datetime(2026, 3, 11, 18, 0, tzinfo=BERLIN)
    since = history_since(at, s)
    assert since <= datetime(2025, 12, 15, 0, 0, tzinfo=BERLIN)  # 13 weeks before Mar 9
    assert since <= at - timedelta(days=84)
    short = history_since(at, RuleSettings.build(timezone="Europe/Berlin"))
    assert short <= datetime(2025, 12, 15, tzinfo=BERLIN) + timedelta(weeks=1)


def test_zone_aware_times_are_judged_by_instant() -> None:
    """Sets timed in a zone (not the fixed offsets storage gives) still group by real time:
    Berlin clocks jump 02:00 -> 03:00 on 29 March 2026, so 01:30 -> 04:40 is 2 h 10 min."""
    from core.catalogue import load_catalogue
    from core.rules import RuleSettings, evaluate

    def at(h: int, m: int) -> datetime:
        return datetime(2026, 3, 29, h, m, tzinfo=BERLIN)

    def curl(t: datetime) -> SetRecord:
        return SetRecord(at=t, exercise="dumbbell_curl", weight=Decimal(16), unit=Unit.KG,
                         reps=10, failure=Failure.CONCENTRIC)  # fmt: skip

    rules = RuleSettings.build(timezone="Europe/Berlin")
    found = evaluate(rules, load_catalogue(), [curl(at(1, 0)), curl(at(1, 30))], [curl(at(4, 40))])
    assert [f.rule for f in found] == ["TOO_MANY_FAILURE_SETS"]  # one workout, 3rd failure set
