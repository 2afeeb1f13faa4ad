"""Records per exercise: e1RM (Brzycki), heaviest, rep and hold records, their dates, the PR
streak, and the all-exercises overview; bodyweight adds load, assistance subtracts."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from core.insights.records import (
    ALL_KINDS,
    E1RM_PR,
    HEAVIEST_PR,
    HOLD_PR,
    REP_PR,
    PriorBest,
    RecordBook,
    headline,
)
from core.insights.stats.exercise import SetShape, exercise_records, overview, pr_streak
from core.model import SetRecord, Unit
from core.training.sets import sort_canonical
from tests.core.stats_helpers import at, st

W = [date(2026, 3, 2) + timedelta(weeks=k) for k in range(6)]  # Mondays


def feed(sets: list[SetRecord], prior: list[PriorBest] | None = None) -> list[tuple[str, float]]:
    book = RecordBook(prior or [], kinds=ALL_KINDS)
    ordered = sort_canonical(sets)
    found = []
    for i in range(len(ordered)):
        found += [(p.kind, round(p.value, 2)) for p in book.feed(ordered, i)]
    return found


def test_first_log_is_no_pr_then_each_kind_fires() -> None:
    sets = [
        st(at(2), "bench_press", 100, 5, f=True),  # e1RM 112.5, first: no PR
        st(at(4), "bench_press", 100, 6, f=True),  # e1RM 116.13, 6 reps at 100
        st(at(6), "bench_press", 105, 3),  # heaviest; e1RM 105×36/34 = 111.2 (no)
    ]
    assert feed(sets) == [(E1RM_PR, 116.13), (REP_PR, 6), (HEAVIEST_PR, 105)]


def test_warm_ups_and_drop_links_never_count() -> None:
    t = at(2)
    sets = [
        st(t, "bench_press", 100, 5, seq=0),
        st(at(4), "bench_press", 140, 3, warmup=True, seq=0),  # a warm-up heavier: nothing
        st(at(4), "bench_press", 90, 5, seq=1),
        st(at(4), "bench_press", 95, 9, drop=True, seq=2),  # a link: no record
    ]
    assert feed(sets) == []


def test_same_load_within_one_percent_is_not_heavier() -> None:
    # 220.5 lb is 100.02 kg: the same load as 100 kg, so no heaviest PR; 6 > 5 reps is one
    sets = [st(at(2), "bench_press", 100, 5), st(at(4), "bench_press", 220.5, 6, unit=Unit.LB)]
    kinds = [k for k, _ in feed(sets)]
    assert HEAVIEST_PR not in kinds and REP_PR in kinds


def test_bodyweight_counts_added_load_and_assistance_subtracts() -> None:
    pulls = [
        st(at(2), "pull_up", 0, 10, bodyweight=True),
        st(at(4), "pull_up", 10, 6, bodyweight=True),  # +10 kg: heaviest (0 -> 10)
        st(at(6), "pull_up", 0, 12, bodyweight=True),  # 12 at bodyweight: rep PR
    ]
    assert feed(pulls) == [(HEAVIEST_PR, 10), (REP_PR, 12)]
    assisted = [
        st(at(2), "assisted_pull_up", -30, 8, bodyweight=True),
        st(at(4), "assisted_pull_up", -20, 8, bodyweight=True),  # less help: heaviest
    ]
    assert feed(assisted) == [(HEAVIEST_PR, -20)]


def test_holds_have_their_own_record() -> None:
    planks = [
        st(at(2), "plank", 0, None, seconds=60, bodyweight=True),
        st(at(4), "plank", 0, None, seconds=75, bodyweight=True, f=True),
    ]
    assert feed(planks) == [(HOLD_PR, 75)]


def test_prior_bests_from_storage_count_as_earlier() -> None:
    prior = [PriorBest("bench_press", Decimal(100), Unit.KG, 8, 8.0, None)]  # e1RM 124.14
    assert feed([st(at(2), "bench_press", 100, 8)], prior) == []
    assert feed([st(at(2), "bench_press", 100, 9)], prior) == [(E1RM_PR, 128.57), (REP_PR, 9)]


def test_headline_prefers_e1rm_then_heaviest() -> None:
    book = RecordBook([PriorBest("bench_press", Decimal(100), Unit.KG, 5, 5.0)], kinds=ALL_KINDS)
    new = [st(at(2), "bench_press", 102.5, 5, f=True)]
    found = book.feed(new, 0)
    assert {p.kind for p in found} == {E1RM_PR, HEAVIEST_PR}
    top = headline(found)
    assert top is not None and top.kind == E1RM_PR


def shape(s: SetRecord, count: int = 1, last_days: int = 0) -> SetShape:
    return SetShape(s, count, s.at + timedelta(days=last_days))


def test_exercise_records_hold_the_first_set_that_reached_them() -> None:
    shapes = [
        shape(st(at(2), "bench_press", 100, 5, f=True), count=3, last_days=14),
        shape(st(at(9), "bench_press", 105, 5, f=True)),  # e1RM 118.1 on 9 Mar
        shape(st(at(16), "bench_press", 80, 12, rir=0), count=2),
        shape(st(at(16, 19), "bench_press", 110, 1)),  # heaviest on 16 Mar
    ]
    r = exercise_records("bench_press", shapes, {W[0], W[1], W[2]}, set(), "UTC", "monday")
    assert r is not None
    b = r.bests
    assert b.e1rm == pytest.approx(118.125) and b.e1rm_set is shapes[1].first
    assert b.heaviest == 110 and b.heaviest_set is shapes[3].first
    assert b.volume == pytest.approx(960) and b.volume_set is shapes[2].first  # 80 × 12
    # most reps at the loads used most (all four here), heaviest load first
    assert [(x.kg, x.reps) for x in r.rep_records] == [(110, 1), (105, 5), (100, 5), (80, 12)]
    assert r.working_sets == 7 and r.first_at == at(2) and r.last_at == at(16, 19)
    # every trained week had a PR (week 1: none possible, it was the first log -> streak 2)
    assert r.streak == 2


def test_pr_streak_skips_deload_weeks_and_breaks_on_a_week_without() -> None:
    trained = {W[0], W[1], W[2], W[3], W[4]}
    prs = {W[1], W[2], W[4]}
    assert pr_streak(trained, prs, deload_weeks=set()) == 1  # W4 yes, W3 no
    assert pr_streak(trained, prs, deload_weeks={W[3]}) == 3  # W3 was a deload: skipped
    assert pr_streak(set(), set(), set()) == 0


def test_overview_takes_each_exercise_best_across_loads() -> None:
    prior = [
        PriorBest("bench_press", Decimal(100), Unit.KG, 8, 8.0, None, sets=30),
        PriorBest("bench_press", Decimal(120), Unit.KG, 2, 2.0, None, sets=3),
        PriorBest("pull_up", Decimal(0), Unit.KG, 15, None, None, sets=40),
        PriorBest("plank", Decimal(0), Unit.KG, None, None, 90, sets=10),
    ]
    rows = {e.exercise: e for e in overview(prior)}
    assert [e.exercise for e in overview(prior)] == ["pull_up", "bench_press", "plank"]
    bench = rows["bench_press"]
    # 100 × 8 (r 8) = 124.14 beats 120 × 2 (r 2) = 123.43
    assert bench.e1rm == pytest.approx(100 * 36 / 29)
    assert bench.heaviest is not None and bench.heaviest.weight == 120
    assert rows["pull_up"].e1rm is None and rows["pull_up"].heaviest is not None
    assert rows["plank"].hold is not None and rows["plank"].hold.max_seconds == 90
