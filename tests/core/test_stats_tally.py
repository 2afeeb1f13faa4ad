"""Weekly tallies (rules.md §1, §5.1-5.4): the same numbers from stored sets and from
storage's counts of alike sets; drop chains once, warm-ups never, muscles 1 and ½."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest

from core.catalogue import load_catalogue
from core.custom_exercises import CustomExercise, user_catalogue
from core.insights.tally import (
    CUSTOM_MUSCLE,
    SetGroup,
    Tallies,
    by_class,
    merged,
    muscle_sets,
    tally_periods,
    totals,
)
from core.model import SetFields, SetRecord, Unit
from core.training.sets import sort_canonical
from tests.core.stats_helpers import at, st

CAT = load_catalogue()


def week() -> list[SetRecord]:
    t = at(2)
    return sort_canonical(
        [
            st(t, "bench_press", 60, 10, warmup=True, seq=0),
            st(t, "bench_press", 100, 5, f=True, seq=1),  # F
            st(t, "bench_press", 225, 5, unit=Unit.LB, rir=2, seq=2),
            # curls 20x10 > 15x8 F > 10x6 F: one working set, one failure set
            st(t, "dumbbell_curl", 20, 10, seq=3),
            st(t, "dumbbell_curl", 15, 8, f=True, drop=True, seq=4),
            st(t, "dumbbell_curl", 10, 6, f=True, drop=True, seq=5),
            st(t, "pull_up", 0, 10, bodyweight=True, seq=6),
            st(t, "pull_up", 20, 6, bodyweight=True, rpe=10, seq=7),  # RPE 10: failure
            st(t, "assisted_pull_up", -30, 8, bodyweight=True, seq=8),
            st(t, "plank", 0, None, seconds=60, bodyweight=True, seq=9),
        ]
    )


def test_tally_counts_rules_md_sets() -> None:
    tallies = Tallies()
    ordered = week()
    tallies.add_sets(0, ordered, range(len(ordered)))
    t = tallies.period(0)
    assert (t["bench_press"].working_sets, t["bench_press"].failure_sets) == (2, 1)
    assert t["bench_press"].reps == 10  # the warm-up's 10 reps do not count
    # 100 × 5 + 225 lb × 5 = 500 + 510.29 kg
    assert t["bench_press"].tonnage_kg == pytest.approx(500 + 225 * 0.45359237 * 5)
    # the drop chain is one working set and one failure set; its reps all count
    assert (t["dumbbell_curl"].working_sets, t["dumbbell_curl"].failure_sets) == (1, 1)
    assert t["dumbbell_curl"].reps == 24
    assert t["dumbbell_curl"].tonnage_kg == pytest.approx(200 + 120 + 60)
    # bodyweight: added load only; assistance never adds tonnage
    assert t["pull_up"].tonnage_kg == pytest.approx(120)
    assert t["pull_up"].failure_sets == 1 and t["pull_up"].bodyweight_sets
    assert t["assisted_pull_up"].tonnage_kg == 0
    assert t["plank"].working_sets == 1 and t["plank"].reps == 0
    whole = totals(t)
    assert (whole.working_sets, whole.failure_sets) == (7, 3)


def as_groups(ordered: list[SetRecord]) -> tuple[list[SetGroup], list[list[SetRecord]]]:
    """What storage returns for one period: messages with a drop chain whole, the rest
    counted per alike sets."""
    chained = {s.seq for s in ordered if s.drop}
    chain_exercises = {s.exercise for s in ordered if s.drop}
    counts: Counter[tuple[object, ...]] = Counter()
    reps: Counter[tuple[object, ...]] = Counter()
    load: dict[tuple[object, ...], float] = {}
    rest = [s for s in ordered if s.exercise not in chain_exercises]
    for s in rest:
        k = (s.exercise, s.unit, s.warmup, s.bodyweight, s.failure, s.rir, s.rpe, s.weight > 0)
        counts[k] += 1
        reps[k] += s.reps or 0
        load[k] = load.get(k, 0.0) + float(s.weight) * (s.reps or 0)
    groups = [
        SetGroup(
            0,
            SetFields(
                exercise=str(k[0]),
                weight=Decimal(0),
                unit=k[1],  # type: ignore[arg-type]
                reps=None,
                warmup=bool(k[2]),
                bodyweight=bool(k[3]),
                failure=k[4],  # type: ignore[arg-type]
                rir=k[5],  # type: ignore[arg-type]
                rpe=k[6],  # type: ignore[arg-type]
            ),
            n,
            reps[k],
            load[k],
            bool(k[7]),
        )
        for k, n in counts.items()
    ]
    assert chained
    return groups, [[s for s in ordered if s.exercise in chain_exercises]]


def test_groups_and_sets_give_the_same_tally() -> None:
    ordered = week()
    exact = Tallies()
    exact.add_sets(0, ordered, range(len(ordered)))
    groups, messages = as_groups(ordered)
    bounds = [at(2, 0), at(9, 0)]
    counted = tally_periods(bounds, groups, messages).period(0)
    assert counted == exact.period(0)


def test_muscles_count_primary_one_and_secondary_half() -> None:
    tallies = Tallies()
    t = at(2)
    ordered = [
        st(t, "bench_press", 100, 5, seq=0),
        st(t, "bench_press", 100, 5, seq=1),
        st(t, "dumbbell_curl", 12, 10, seq=2),
        st(t, "bench_press", 50, 10, warmup=True, seq=3),
        st(t, "my_custom_lift", 40, 10, seq=4),
    ]
    tallies.add_sets(0, ordered, range(len(ordered)))
    sets = muscle_sets(tallies.period(0), CAT)
    # bench: chest 1 each; front delts and triceps ½ each; curl: biceps 1, forearms ½
    assert sets == {"chest": 2, "front_delts": 1, "triceps": 1, "biceps": 1, "forearms": 0.5}
    assert by_class(tallies.period(0), CAT) == (
        ("caution", 0, 2),
        ("suited", 0, 1),
        ("unknown", 0, 1),
    )


def test_own_exercises_count_for_their_muscle_or_under_custom() -> None:
    """Issue 10: a user's exercise counts for the muscle it was given, else under "custom"."""
    t = at(2)
    ordered = [
        st(t, "custom_zercher_carry", 60, 20, seq=0),
        st(t, "custom_zercher_carry", 70, 15, seq=1),
        st(t, "custom_yoke_walk", 100, 3, seq=2),
        st(t, "custom_yoke_walk", 60, 5, warmup=True, seq=3),
    ]
    tallies = Tallies()
    tallies.add_sets(0, ordered, range(len(ordered)))
    own = user_catalogue(
        CAT,
        [
            CustomExercise("custom_zercher_carry", "Zercher Carry", "quads", 1),
            CustomExercise("custom_yoke_walk", "Yoke Walk", None, 2),
        ],
    )
    assert muscle_sets(tallies.period(0), own) == {"quads": 2, CUSTOM_MUSCLE: 1}
    # Read without the user's exercises: their muscle unknown, all of them under "custom".
    assert muscle_sets(tallies.period(0), CAT) == {CUSTOM_MUSCLE: 3}
    assert by_class(tallies.period(0), own) == (("unknown", 0, 3),)


def test_periods_split_by_bounds_and_merge() -> None:
    ordered = [st(at(2), "bench_press", 100, 5, f=True), st(at(9), "bench_press", 100, 6)]
    groups = [
        SetGroup(
            k,
            SetFields(
                exercise="bench_press",
                weight=Decimal(0),
                unit=Unit.KG,
                reps=None,
                failure=s.failure,
            ),
            1,
            s.reps or 0,
            100.0 * (s.reps or 0),
            True,
        )
        for k, s in enumerate(ordered)
    ]
    tallies = tally_periods([at(2, 0), at(9, 0), at(16, 0)], groups, [])
    assert tallies.period(0)["bench_press"].failure_sets == 1
    assert tallies.period(1)["bench_press"].failure_sets == 0
    both = merged([tallies.period(0), tallies.period(1)])
    assert (both["bench_press"].working_sets, both["bench_press"].reps) == (2, 11)
