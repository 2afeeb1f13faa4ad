"""Invariants of the rules engine (rules.md §2), checked on generated training logs."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.catalogue import load_catalogue
from core.model import Failure, SetRecord, Unit
from core.rules import RuleSettings, evaluate
from core.rules import registry as r
from core.rules.timeline import Timeline
from core.training import (
    DECLINE_WINDOW,
    decline_events,
    deload_weeks,
    sort_canonical,
    week_of,
    workout_starts,
)

CATALOGUE = load_catalogue()
EXERCISES = ["back_squat", "bench_press", "pull_up", "dumbbell_curl", "leg_extension", "my_move"]
LOADS = ["20", "40", "60", "80", "80.5", "100", "102.5"]
START = datetime(2026, 1, 5, 6, 0, tzinfo=UTC)  # a Monday
ZONES = ["Europe/Berlin", "America/New_York", "UTC", "Asia/Kolkata"]
NOT_FROM_NON_FAILURE = {
    r.FAIL_HEAVY_COMPOUND,
    r.FAIL_IN_DELOAD,
    r.TOO_MANY_FAILURE_SETS,
    r.FAILURE_SHARE_HIGH,
    r.FAILURE_SHARE_STREAK,
}
PROPERTY = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def a_set(draw: st.DrawFn, at: datetime, seq: int, exercise: str | None = None) -> SetRecord:
    ex = exercise or draw(st.sampled_from(EXERCISES))
    warmup = draw(st.booleans().map(lambda b: b and draw(st.integers(0, 5)) == 0))
    timed = draw(st.integers(0, 15)) == 0
    failure = draw(st.sampled_from([None] * 5 + list(Failure)))
    rpe = draw(st.sampled_from([None, None, Decimal(7), Decimal(8), Decimal("9.5"), Decimal(10)]))
    rir = draw(st.sampled_from([None, None, None, Decimal(0), Decimal(1), Decimal(2), Decimal(5)]))
    return SetRecord(
        at=at,
        exercise=ex,
        weight=Decimal(draw(st.sampled_from(LOADS))),
        unit=draw(st.sampled_from([Unit.KG, Unit.KG, Unit.KG, Unit.LB])),
        reps=None if timed else draw(st.integers(0, 13)),
        seconds=30 if timed else None,
        failure=failure,
        rpe=rpe,
        rir=rir,
        warmup=warmup,
        drop=not warmup and draw(st.integers(0, 9)) == 0,
        seq=seq,
    )


@st.composite
def logs(draw: st.DrawFn, weeks: int = 9) -> tuple[RuleSettings, list[SetRecord], list[SetRecord]]:
    """A few weeks of workouts (some sharing time stamps), then 1-5 new sets."""
    zone = draw(st.sampled_from(ZONES))
    week_start = draw(st.sampled_from(["monday", "sunday"]))
    history: list[SetRecord] = []
    t = START
    n_workouts = draw(st.integers(0, weeks * 3))
    for _ in range(n_workouts):
        t += timedelta(hours=draw(st.sampled_from([3, 5, 20, 26, 50, 80])))
        ex = draw(st.sampled_from(EXERCISES))
        for k in range(draw(st.integers(1, 7))):
            if draw(st.integers(0, 3)) == 0:
                ex = draw(st.sampled_from(EXERCISES))
            same_stamp = draw(st.integers(0, 3)) == 0 and k > 0
            if not same_stamp:
                t += timedelta(minutes=draw(st.sampled_from([1, 3, 5, 20, 179])))
            history.append(draw(a_set(t, k if same_stamp else 0, ex)))
    t += timedelta(minutes=draw(st.sampled_from([2, 30, 200, 2000])))
    new = [draw(a_set(t, k)) for k in range(draw(st.integers(1, 5)))]
    first_day = 0 if week_start == "monday" else 6
    candidates = [START.date() + timedelta(days=d) for d in range(-7, weeks * 7 + 14)]
    mondays = [d for d in candidates if d.weekday() == first_day]
    past = draw(st.lists(st.sampled_from(mondays), max_size=3, unique=True))
    rules = RuleSettings.build(
        timezone=zone,
        unit=draw(st.sampled_from([Unit.KG, Unit.LB])),
        deload_week=draw(st.integers(0, 5)) == 0,
        week_start=week_start,
        deload_every_weeks=draw(st.sampled_from([0, 3, 4, 6])),
        past_deload_weeks=past,
        thresholds={
            "min_failure_sets_week": draw(st.sampled_from([1, 2, 6])),
            "deload_suggest_min_exercises": draw(st.sampled_from([1, 2])),
        },
    )
    return rules, history, new


def key(f: object) -> tuple[object, ...]:
    return (f.rule, f.set_index, f.message, f.params)  # type: ignore[attr-defined]


@PROPERTY
@given(logs())
def test_warmup_new_sets_never_raise_a_finding(log: tuple) -> None:  # type: ignore[type-arg]
    rules, history, new = log
    for f in evaluate(rules, CATALOGUE, history, new):
        assert not new[f.set_index].warmup
    warm = [replace(s, warmup=True, drop=False) for s in new]
    assert evaluate(rules, CATALOGUE, history, warm) == []


@PROPERTY
@given(logs(), st.randoms(use_true_random=False))
def test_shuffling_history_changes_nothing(log: tuple, rnd: random.Random) -> None:  # type: ignore[type-arg]
    rules, history, new = log
    want = [key(f) for f in evaluate(rules, CATALOGUE, history, new)]
    shuffled = list(history)
    rnd.shuffle(shuffled)
    assert [key(f) for f in evaluate(rules, CATALOGUE, shuffled, new)] == want


def _scope_key(
    rule: str, ordered: list[SetRecord], p: int, starts: list[int], rules: RuleSettings
) -> object:
    scope = r.RULE_BY_ID[rule].scope
    w = max(i for i, a in enumerate(starts) if a <= p)
    if scope == r.SCOPE_WORKOUT:
        return w
    if scope == r.SCOPE_EXERCISE_WORKOUT:
        return (w, ordered[p].exercise)
    return week_of(ordered[p].at, rules.zone, rules.week_start)


@PROPERTY
@given(logs())
def test_each_rule_fires_at_most_once_per_scope(log: tuple) -> None:  # type: ignore[type-arg]
    rules, history, new = log
    ordered = sort_canonical(history) + new
    starts = workout_starts(ordered)
    h = len(history)
    seen: Counter[tuple[str, object]] = Counter()
    for f in evaluate(rules, CATALOGUE, history, new):
        seen[(f.rule, _scope_key(f.rule, ordered, h + f.set_index, starts, rules))] += 1
    assert all(n == 1 for n in seen.values()), seen


def _one_week(rules: RuleSettings, new: list[SetRecord]) -> bool:
    return len({week_of(s.at, rules.zone, rules.week_start) for s in new}) == 1


@PROPERTY
@given(logs())
def test_findings_for_a_set_ignore_later_new_sets(log: tuple) -> None:  # type: ignore[type-arg]
    rules, history, new = log
    if not _one_week(rules, new):
        return  # the current week (and its deload flag) is the week of the last new set
    full = [key(f) for f in evaluate(rules, CATALOGUE, history, new)]
    for k in range(len(new)):
        part = [key(f) for f in evaluate(rules, CATALOGUE, history, new[: k + 1])]
        assert part == [f for f in full if f[1] <= k]


@PROPERTY
@given(logs(), st.data())
def test_a_non_failure_set_adds_no_failure_warning(log: tuple, data: st.DataObject) -> None:  # type: ignore[type-arg]
    rules, history, new = log
    extra = data.draw(a_set(new[-1].at, new[-1].seq + 1))
    if not extra.warmup and (
        extra.failure is not None or extra.rir == 0 or (extra.rir is None and extra.rpe == 10)
    ):
        extra = replace(extra, failure=None, rir=Decimal(2))
    before = [key(f) for f in evaluate(rules, CATALOGUE, history, new)]
    after = evaluate(rules, CATALOGUE, history, [*new, extra])
    assert [key(f) for f in after if f.set_index < len(new)] == before
    assert not {f.rule for f in after if f.set_index == len(new)} & NOT_FROM_NON_FAILURE


@PROPERTY
@given(logs(weeks=8))
def test_lazy_declines_match_the_linear_reference(log: tuple) -> None:  # type: ignore[type-arg]
    """The engine loads trend sessions lazily and shortcuts to first events; the summary's
    linear `decline_events` must agree on every new set."""
    rules, history, new = log
    tl = Timeline(rules, CATALOGUE, history, new)
    ordered = tl.sets
    tl.ensure_order(0, tl.n_hist)
    ref_order = sort_canonical(history) + new
    assert [id(s) for s in ordered] == [id(s) for s in ref_order]  # nothing was cut
    current = week_of(new[-1].at, rules.zone, rules.week_start)
    deload = deload_weeks(rules.past_deload_weeks, current, rules.deload_week)
    events = decline_events(ref_order, rules.zone, rules.week_start, deload)
    for p in range(tl.n_hist, len(ordered)):
        got = tl.decline_at(p)
        assert got == events.get(p), p
        lo = ordered[p].at - DECLINE_WINDOW
        want = {ordered[u].exercise for u in events if u <= p and ordered[u].at > lo}
        assert set(tl.declining_exercises(p)) == want


def test_generated_logs_reach_the_interesting_rules() -> None:
    """The generator is not vacuous: over many logs most rules fire somewhere."""
    fired: Counter[str] = Counter()

    @settings(max_examples=300, deadline=None, database=None)
    @given(logs())
    def collect(log: tuple) -> None:  # type: ignore[type-arg]
        rules, history, new = log
        fired.update(f.rule for f in evaluate(rules, CATALOGUE, history, new))

    collect()
    assert len(fired) >= 7, fired


def test_a_year_of_history_is_cut_to_the_window_without_changing_findings() -> None:
    rng = random.Random(11)
    t = datetime(2025, 1, 6, 7, 0, tzinfo=UTC)
    history = []
    while t < datetime(2026, 1, 5, tzinfo=UTC):
        for k in range(12):
            history.append(
                SetRecord(
                    at=t + timedelta(minutes=3 * k), exercise=rng.choice(EXERCISES[:4]),
                    weight=Decimal(rng.choice(LOADS)), unit=Unit.KG, reps=rng.randint(3, 12),
                    rpe=rng.choice([None, Decimal(8), Decimal(9)]),
                    failure=rng.choice([None] * 6 + [Failure.CONCENTRIC]),
                )
            )  # fmt: skip
        t += timedelta(days=rng.choice([1, 2, 2, 3]))
    new = [SetRecord(at=t, exercise="bench_press", weight=Decimal(100), unit=Unit.KG, reps=5,
                     failure=Failure.CONCENTRIC)]  # fmt: skip
    rules = RuleSettings.build(timezone="Europe/Berlin", past_deload_weeks=[date(2025, 6, 2)])
    from core.rules import history_since

    since = history_since(new[0].at, rules)
    window = [s for s in history if s.at >= since]
    assert len(window) < len(history)
    assert [key(f) for f in evaluate(rules, CATALOGUE, history, new)] == [
        key(f) for f in evaluate(rules, CATALOGUE, window, new)
    ]
