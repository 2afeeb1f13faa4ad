"""Invariants of the rules engine (rules.md §2), checked on generated training logs."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.calendar import week_of
from core.catalogue import load_catalogue
from core.model import Failure, SetRecord, Unit
from core.rules import RuleSettings, evaluate
from core.rules import registry as r
from core.rules.timeline import Timeline
from core.training.declines import DECLINE_WINDOW, decline_events
from core.training.deloads import deload_weeks
from core.training.sets import sort_canonical
from core.training.workouts import workout_starts

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
PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def make_set(rng: random.Random, at: datetime, seq: int, exercise: str | None = None) -> SetRecord:
    """One set with a mix of effort notations, warm-ups, drop links and timed sets."""
    warmup = rng.random() < 0.15
    timed = rng.random() < 0.06
    return SetRecord(
        at=at,
        exercise=exercise or rng.choice(EXERCISES),
        weight=Decimal(rng.choice(LOADS)),
        unit=Unit.LB if rng.random() < 0.2 else Unit.KG,
        reps=None if timed else rng.randint(0, 13),
        seconds=30 if timed else None,
        failure=rng.choice([None] * 5 + list(Failure)),
        rpe=rng.choice([None, None, Decimal(7), Decimal(8), Decimal("9.5"), Decimal(10)]),
        rir=rng.choice([None, None, None, Decimal(0), Decimal(1), Decimal(2), Decimal(5)]),
        warmup=warmup,
        drop=not warmup and rng.random() < 0.1,
        seq=seq,
    )


@st.composite
def logs(draw: st.DrawFn, weeks: int = 9) -> tuple[RuleSettings, list[SetRecord], list[SetRecord]]:
    """A few weeks of workouts (some sets sharing a time stamp), then 1-5 new sets.

    The shape is drawn; the sets come from a drawn seed, which keeps generation fast.
    """
    rng = random.Random(draw(st.integers(0, 2**32)))
    zone = draw(st.sampled_from(ZONES))
    week_start = draw(st.sampled_from(["monday", "sunday"]))
    history: list[SetRecord] = []
    t = START
    for _ in range(draw(st.integers(0, weeks * 3))):
        t += timedelta(hours=rng.choice([3, 5, 20, 26, 50, 80]))
        ex = rng.choice(EXERCISES)
        for k in range(rng.randint(1, 8)):
            if rng.random() < 0.25:
                ex = rng.choice(EXERCISES)
            same_stamp = k > 0 and rng.random() < 0.25
            if not same_stamp:
                t += timedelta(minutes=rng.choice([1, 3, 5, 20, 179]))
            history.append(make_set(rng, t, k if same_stamp else 0, ex))
    t += timedelta(minutes=draw(st.sampled_from([2, 30, 200, 2000])))
    new = [make_set(rng, t, k) for k in range(draw(st.integers(1, 5)))]
    first_day = 0 if week_start == "monday" else 6
    days = [START.date() + timedelta(days=d) for d in range(-7, weeks * 7 + 14)]
    starts = [d for d in days if d.weekday() == first_day]
    past = draw(st.lists(st.sampled_from(starts), max_size=3, unique=True))
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
@given(logs(), st.integers(0, 2**32))
def test_a_non_failure_set_adds_no_failure_warning(log: tuple, seed: int) -> None:  # type: ignore[type-arg]
    rules, history, new = log
    extra = make_set(random.Random(seed), new[-1].at, new[-1].seq + 1)
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


def _steady_log(seed: int) -> tuple[RuleSettings, list[SetRecord]]:
    """Eight weeks of a steady programme: loads held for a while, reps drifting down and up."""
    rng = random.Random(seed)
    sets: list[SetRecord] = []
    t = START
    level = dict.fromkeys(EXERCISES, 0)
    while t < START + timedelta(weeks=8):
        t += timedelta(hours=rng.choice([20, 26, 44, 50]))
        for ex in rng.sample(EXERCISES, 4):
            if rng.random() < 0.2:
                level[ex] += rng.choice([-1, 1])
            load = Decimal(60 + 2.5 * level[ex])
            reps0 = rng.randint(8, 12)
            for k in range(rng.randint(2, 6)):
                t += timedelta(minutes=rng.choice([0, 2, 3]))
                effort = rng.choice(["f", "rpe", "rir", "none"])
                sets.append(
                    SetRecord(
                        at=t, exercise=ex, weight=load, unit=Unit.KG, reps=max(1, reps0 - k),
                        failure=Failure.CONCENTRIC if effort == "f" else None,
                        rpe=Decimal(rng.choice(["7.5", "8", "9"])) if effort == "rpe" else None,
                        rir=Decimal(rng.choice([1, 2, 3])) if effort == "rir" else None,
                        warmup=k == 0 and rng.random() < 0.3, seq=k,
                    )
                )  # fmt: skip
    past = [START.date() + timedelta(weeks=rng.randint(0, 8))]
    rules = RuleSettings.build(timezone="Europe/Berlin", past_deload_weeks=past)
    return rules, sets


def test_lazy_declines_match_the_reference_on_steady_programmes() -> None:
    checked = events_seen = 0
    for seed in range(12):
        rules, sets = _steady_log(seed)
        history, new = sets[:-4], sets[-4:]
        lazy = Timeline(rules, CATALOGUE, history, new)  # orders ties only where it looks
        fresh = [
            (lazy.decline_at(p), set(lazy.declining_exercises(p)))
            for p in range(lazy.n_hist, len(lazy.sets))
        ]
        tl = Timeline(rules, CATALOGUE, history, new)
        tl.ensure_order(0, tl.n_hist)  # so positions can be compared with the reference
        assert fresh == [
            (tl.decline_at(p), set(tl.declining_exercises(p)))
            for p in range(tl.n_hist, len(tl.sets))
        ]
        ordered = tl.sets
        assert ordered == sort_canonical(history) + new
        current = week_of(new[-1].at, rules.zone, rules.week_start)
        deload = deload_weeks(rules.past_deload_weeks, current, rules.deload_week)
        events = decline_events(ordered, rules.zone, "monday", deload)
        events_seen += len(events)
        # newest first, as the engine is asked, then older positions on the same timeline
        for p in range(len(ordered) - 1, max(len(ordered) - 120, 0), -1):
            assert tl.decline_at(p) == events.get(p), (seed, p)
            lo = ordered[p].at - DECLINE_WINDOW
            want = {ordered[u].exercise for u in events if u <= p and ordered[u].at > lo}
            assert set(tl.declining_exercises(p)) == want, (seed, p)
            checked += 1
    assert checked > 1000 and events_seen > 20


def _suggested_by_brute_force(rules: RuleSettings, history: list, new: list) -> list[int]:  # type: ignore[type-arg]
    """New-set indices where DELOAD_SUGGESTED should fire, straight from the spec: the
    condition at every working set of the week, D from the linear decline reference."""
    tl = Timeline(rules, CATALOGUE, history, new)
    tl.ensure_order(0, tl.n_hist)
    ordered = tl.sets
    current = week_of(new[-1].at, rules.zone, rules.week_start)
    deload = deload_weeks(rules.past_deload_weeks, current, rules.deload_week)
    events = decline_events(ordered, rules.zone, rules.week_start, deload)

    def cond(i: int) -> bool:
        if ordered[i].warmup:
            return False
        k = tl.week_index(i)
        week = tl.week_date(k)
        if week in deload or tl.due(k):
            return False
        if week - timedelta(weeks=1) in deload or week - timedelta(weeks=2) in deload:
            return False
        lo = ordered[i].at - DECLINE_WINDOW
        d = len({ordered[u].exercise for u in events if u <= i and ordered[u].at > lo})
        return d >= (1 if tl.streak(k) else tl.min_declining)

    fired = []
    for p in range(tl.n_hist, len(ordered)):
        k = tl.week_index(p)
        a, _ = tl.week_range(k)
        if cond(p) and not any(cond(j) for j in range(a, p)):
            fired.append(p - tl.n_hist)
    return fired


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(logs())
def test_deload_suggested_matches_a_brute_force_reading_of_the_spec(log: tuple) -> None:  # type: ignore[type-arg]
    rules, history, new = log
    got = [
        f.set_index
        for f in evaluate(rules, CATALOGUE, history, new)
        if f.rule == r.DELOAD_SUGGESTED
    ]
    assert got == _suggested_by_brute_force(rules, history, new)


def test_deload_suggested_brute_force_on_steady_programmes() -> None:
    fired = 0
    for seed in range(8):
        rules, sets = _steady_log(seed)
        rules = replace(rules, thresholds=(("deload_suggest_min_exercises", 1.0),))
        for cut in range(len(sets) - 300, len(sets) - 3, 5):
            history, new = sets[:cut], sets[cut : cut + 3]
            want = _suggested_by_brute_force(rules, history, new)
            got = [
                f.set_index
                for f in evaluate(rules, CATALOGUE, history, new)
                if f.rule == r.DELOAD_SUGGESTED
            ]
            assert got == want, (seed, cut)
            fired += len(got)
    assert fired >= 5


@PROPERTY
@given(logs())
def test_the_workout_and_its_tally_match_their_definitions(log: tuple) -> None:  # type: ignore[type-arg]
    """current_workout jumps back by bisection and failure_tally counts in one pass (both run
    on every logged message); they agree with rules.md §1's set-by-set chain and with the
    per-set definitions of a working and a failure set."""
    from core.training.sets import counts_as_failure, counts_as_working, failure_tally
    from core.training.workouts import continues_workout, current_workout

    _, history, new = log
    history = sort_canonical(history)
    start, boundary = len(history), new[0].at
    while start > 0 and continues_workout(history[start - 1].at, boundary):
        start -= 1
        boundary = history[start].at
    workout = current_workout(history, new)
    assert workout == [*history[start:], *new]
    for sets in (history, workout, new):
        working = sum(counts_as_working(sets, i) for i in range(len(sets)))
        failures = sum(counts_as_failure(sets, i) for i in range(len(sets)))
        assert failure_tally(sets) == (failures, working)
