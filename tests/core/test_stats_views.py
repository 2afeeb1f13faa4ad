"""The week views (/stats, /volume, /failure), the progress series (/chart) and the logging
reply's last-time comparison, each from hand-made sets."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest

from core.catalogue import load_catalogue
from core.insights.bodyweight import BodyweightLog
from core.insights.records import E1RM_PR, REP_PR, PriorBest
from core.insights.stats.exercise import latest_sessions, per_week, sessions
from core.insights.stats.last_time import last_time, new_records
from core.insights.stats.progress import E1RM, HOLD, REPS, progress
from core.insights.stats.weeks import failure_view, sessions_between, volume, week_stats
from core.insights.tally import Tallies
from core.model import BodyweightEntry, SetRecord, Unit
from core.wording.stats import failure_text
from tests.core.stats_helpers import at, session, st

CAT = load_catalogue()
MON = date(2026, 3, 2)


def test_sessions_between_counts_workouts_begun_in_the_range() -> None:
    times = [at(1, 23), at(2, 0.5), at(2, 18), at(2, 19), at(3, 7), at(8, 22)]
    # 1 Mar 23:00 starts a workout that runs past midnight: not one of the week's
    assert sessions_between(times, at(2, 0), at(9, 0)) == 3
    assert sessions_between([], at(2, 0), at(9, 0)) == 0


def tallies_of(sets: list[SetRecord]) -> dict[str, object]:
    t = Tallies()
    t.add_sets(0, sets, range(len(sets)))
    return t.period(0)  # type: ignore[return-value]


def test_week_stats_and_volume_compare_two_weeks() -> None:
    last = tallies_of(
        session(at(2), "bench_press", (100, 5, {}), (100, 5, {}), (100, 5, {"f": True}))
    )
    this = tallies_of(session(at(9), "dumbbell_curl", (12, 10, {}), (12, 9, {"f": True})))
    a = week_stats(MON, last, 1, False, CAT)  # type: ignore[arg-type]
    b = week_stats(MON + timedelta(weeks=1), this, 1, True, CAT)  # type: ignore[arg-type]
    assert (a.working_sets, a.failure_sets, a.reps, a.tonnage_kg) == (3, 1, 15, 1500)
    assert b.deload and b.muscles == (("biceps", 2.0), ("forearms", 1.0))
    v = volume(b, a)
    # this week's muscles first (most sets), then last week's
    assert [(r.muscle, r.now, r.before) for r in v.rows] == [
        ("biceps", 2, 0),
        ("forearms", 1, 0),
        ("chest", 0, 3),
        ("front_delts", 0, 1.5),
        ("triceps", 0, 1.5),
    ]


def test_failure_view_hides_shares_below_the_minimum() -> None:
    small = tallies_of(session(at(2), "bench_press", (100, 5, {"f": True}), (100, 5, {})))
    big = tallies_of(session(at(9), "lateral_raise", *[(10, 12, {"f": k < 3}) for k in range(7)]))
    weeks = [
        week_stats(MON, small, None, False, CAT),  # type: ignore[arg-type]
        week_stats(MON + timedelta(weeks=1), big, None, False, CAT),  # type: ignore[arg-type]
    ]
    view = failure_view(weeks, Fraction(3, 10), 6, {**small, **big}, CAT)  # type: ignore[dict-item]
    # 3 of 7 is over 30 %, but rule 7 counts from 6 failure sets: no "above" on that week
    assert [(w.share_shown, w.above) for w in view.weeks] == [(False, False), (True, False)]
    assert (view.failure_sets, view.working_sets) == (4, 9)
    assert [e.exercise for e in view.exercises] == ["lateral_raise", "bench_press"]
    assert view.by_class == (("caution", 1, 2), ("suited", 3, 7))


def test_failure_view_is_above_the_limit_from_the_rules_minimum_of_failure_sets() -> None:
    many = tallies_of(session(at(9), "lateral_raise", *[(10, 12, {"f": k < 6}) for k in range(9)]))
    weeks = [week_stats(MON, many, None, False, CAT)]  # type: ignore[arg-type]
    view = failure_view(weeks, Fraction(3, 10), 6, many, CAT)  # type: ignore[arg-type]
    assert [(w.share_shown, w.above) for w in view.weeks] == [(True, True)]
    assert "This week: 6 of 9 sets, 67 % ⚠️ above 30 %" in failure_text(view, CAT)


def test_progress_best_e1rm_per_session_and_reps_to_failure_at_a_load() -> None:
    sets = [
        *session(at(2), "bench_press", (100, 5, {"f": True}), (90, 8, {"rir": 1})),
        *session(at(5), "bench_press", (225, 6, {"f": True, "unit": Unit.LB})),  # 102.06 kg
        *session(at(9), "bench_press", (102.5, 7, {"rir": 0})),
        *session(at(12), "bench_press", (60, 10, {"warmup": True})),
        *session(at(16), "bench_press", (102.5, 8, {"f": True})),
    ]
    # A load with one session outside deload weeks has no series: nothing to compare.
    p = progress(
        "bench_press",
        [s for s in sets if not s.warmup],
        {MON + timedelta(weeks=1)},
        "UTC",
        "monday",
    )
    assert p is not None and p.kind == E1RM and p.sessions == 4
    # session 1: 100×5 F -> 112.5; 90×8 rir1 (r 9) -> 90×36/28 = 115.71 is the best
    assert [round(x.value, 2) for x in p.top] == [
        115.71,
        round(102.0582 * 36 / 31, 2),
        round(102.5 * 36 / 30, 2),
        round(102.5 * 36 / 29, 2),
    ]
    assert [x.failure for x in p.top] == [False, True, True, True]
    assert [x.deload for x in p.top] == [False, False, True, False]
    # 225 lb and 102.5 kg are the same load (1 %): one series, 6 -> 7 (deload) -> 8
    [series] = p.rtf
    assert [x.value for x in series.points] == [6, 7, 8] and series.weight == 102.5
    assert [x.deload for x in series.points] == [False, True, False]
    assert p.deload_weeks == (MON + timedelta(weeks=1),)


def test_progress_falls_back_to_reps_and_holds() -> None:
    pulls = [
        *session(at(2), "pull_up", (0, 10, {"bodyweight": True})),
        *session(at(4), "pull_up", (0, 12, {"bodyweight": True, "f": True})),
    ]
    p = progress("pull_up", pulls, set(), "UTC", "monday")
    assert p is not None and p.kind == REPS and [x.value for x in p.top] == [10, 12]
    planks = [*session(at(2), "plank", (0, None, {"seconds": 60, "bodyweight": True}))]
    h = progress("plank", planks, set(), "UTC", "monday")
    assert h is not None and h.kind == HOLD and h.top[0].value == 60 and h.rtf == ()
    assert progress("plank", [], set(), "UTC", "monday") is None


def weighed(day: int, kg: str, month: int = 3) -> BodyweightEntry:
    when = at(day, 7, month)
    return BodyweightEntry(when.date(), Decimal(kg), Unit.KG, when)


def test_progress_counts_the_bodyweight_in_the_e1rm_of_bodyweight_sets() -> None:
    pulls = [
        *session(at(2, 18, 2), "pull_up", (0, 12, {"bodyweight": True})),  # long before
        *session(at(2), "pull_up", (0, 10, {"bodyweight": True, "f": True})),
        *session(at(4), "pull_up", (20, 5, {"bodyweight": True, "f": True})),
        *session(at(6), "pull_up", (-30, 12, {"bodyweight": True, "f": True})),
    ]
    body = BodyweightLog([weighed(1, "80"), weighed(4, "81")])
    p = progress("pull_up", pulls, set(), "UTC", "monday", body)
    assert p is not None and p.kind == E1RM and p.with_body
    # 80 × 36 / 27 on the 2nd; (81 + 20) × 36 / 32 on the 4th (weighed that morning);
    # 12 reps is past Brzycki's 10, as for any set; in February no weigh-in was near.
    assert [round(x.value, 2) for x in p.top] == [106.67, 113.62]
    # Without weigh-ins, as rules.md §1: the added load alone (20 × 36 / 32).
    plain = progress("pull_up", pulls, set(), "UTC", "monday")
    assert plain is not None and not plain.with_body and [x.value for x in plain.top] == [22.5]
    # A weigh-in soon after a set stands for it (80 kg on the 10th); a month off, none does.
    soon = progress("pull_up", pulls, set(), "UTC", "monday", BodyweightLog([weighed(10, "80")]))
    assert soon is not None and [round(x.value, 2) for x in soon.top] == [106.67, 112.5]


def test_history_sessions_newest_first_and_weeks() -> None:
    sets = [
        *session(at(2), "bench_press", (60, 10, {"warmup": True}), (100, 5, {}), (100, 5, {})),
        *session(at(5), "bench_press", (100, 6, {"f": True})),
        *session(at(9), "bench_press", (100, 7, {})),
    ]
    found = latest_sessions(sets, set(), "UTC", "monday", limit=2)
    assert [s.start for s in found] == [at(9), at(5)]
    assert len(sessions(sets, set(), "UTC", "monday")[0].working) == 2
    weeks = per_week(
        "bench_press", sets, [at(2, 0), at(9, 0), at(16, 0)], [MON, MON + timedelta(weeks=1)]
    )
    assert [(w.sessions, w.working_sets, w.reps, w.tonnage_kg) for _, w in weeks] == [
        (2, 3, 16, 1600),
        (1, 1, 7, 700),
    ]


def test_last_time_compares_the_same_set_at_the_same_load() -> None:
    before = session(
        at(2), "bench_press", (60, 10, {"warmup": True}), (80, 8, {}), (80, 7, {"f": True})
    )
    today = session(at(5), "bench_press", (80, 8, {}), (80, 8, {"f": True}))
    lt = last_time(before, today, today[1])
    assert lt is not None and lt.matched is before[2] and lt.rtf_change == 1
    first = last_time(before, today[:1], today[0])
    assert first is not None and first.matched is before[1] and first.rtf_change is None
    other = session(at(5), "bench_press", (90, 5, {}))
    lt = last_time(before, other, other[0])
    assert lt is not None and lt.matched is None and lt.shown == tuple(before[1:])
    assert (
        last_time(
            before,
            [st(at(5), "bench_press", 40, 10, warmup=True)],
            st(at(5), "bench_press", 40, 10, warmup=True),
        )
        is None
    )
    assert last_time([], today, today[0]) is None


def test_new_records_against_prior_and_the_window() -> None:
    prior = [PriorBest("bench_press", Decimal(80), Unit.KG, 8, 8.0)]
    earlier = session(at(2), "bench_press", (80, 9, {}))  # rep PR already taken in the window
    pr = new_records(prior, earlier, session(at(5), "bench_press", (80, 9, {})), at(5))
    assert pr is None
    pr = new_records(prior, earlier, session(at(5), "bench_press", (80, 10, {})), at(5))
    assert pr is not None and pr.kind == E1RM_PR and pr.value == pytest.approx(80 * 36 / 27)
    pr = new_records(
        prior, earlier, session(at(5), "bench_press", (60, 12, {}), (80, 10, {"rir": 5})), at(5)
    )
    # 80 × 10 with RIR 5 has no e1RM (RIR over 4): a rep PR only
    assert pr is not None and pr.kind == REP_PR and pr.value == 10


def test_no_record_in_the_first_session_and_none_twice() -> None:
    ramp = session(at(2), "bench_press", (60, 8, {}), (80, 8, {}))
    # the first session of an exercise: its ramp breaks nothing
    assert new_records([], ramp, session(at(2, 19), "bench_press", (100, 8, {})), at(2)) is None
    today = session(at(9), "bench_press", (105, 5, {}))
    first = new_records([], ramp, today, at(9))
    assert first is not None and first.kind == E1RM_PR
    # the same set again in that workout is no new record
    again = session(at(9, 19), "bench_press", (105, 5, {}))
    assert new_records([], [*ramp, *today], again, at(9)) is None
