"""The weekly summary of rules.md §5: every section from hand-made weeks, and its wording."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from core.catalogue import load_catalogue
from core.insights import charts
from core.insights.records import E1RM_PR, REP_PR, PriorBest
from core.insights.summary import model as s
from core.insights.summary.build import build_summary
from core.insights.summary.model import Nudge, WeekSummary
from core.model import Failure, Profile, SetRecord, Unit
from core.wording.summaries import nudge, summary_text

CAT = load_catalogue()
WEEK = date(2026, 3, 9)  # a Monday
PROFILE = Profile(user_id=1)


def at(day: int, hour: float = 18.0, month: int = 3) -> datetime:
    return datetime(2026, month, day, tzinfo=UTC) + timedelta(hours=hour)


def st(
    when: datetime,
    exercise: str,
    weight: float,
    reps: int | None,
    *,
    f: bool = False,
    rir: float | None = None,
    rpe: float | None = None,
    unit: Unit = Unit.KG,
    **kw: object,
) -> SetRecord:
    return SetRecord(
        at=when,
        exercise=exercise,
        weight=Decimal(str(weight)),
        unit=unit,
        reps=reps,
        failure=Failure.CONCENTRIC if f else None,
        rir=Decimal(str(rir)) if rir is not None else None,
        rpe=Decimal(str(rpe)) if rpe is not None else None,
        **kw,  # type: ignore[arg-type]
    )


def series(start: datetime, *sets: tuple[str, float, int, dict[str, object]]) -> list[SetRecord]:
    """Sets two minutes apart from `start`."""
    return [
        st(start + timedelta(minutes=2 * k), ex, w, r, **kw)
        for k, (ex, w, r, kw) in enumerate(sets)
    ]


def build(sets: list[SetRecord], profile: Profile = PROFILE, **kw: object) -> WeekSummary:
    got = build_summary(profile, CAT, WEEK, sets, **kw)  # type: ignore[arg-type]
    assert isinstance(got, WeekSummary)
    return got


def test_a_week_without_working_sets_gets_a_nudge() -> None:
    warmups = [st(at(10), "bench_press", 40, 10, warmup=True)]
    got = build_summary(PROFILE, CAT, WEEK, warmups)
    assert got == Nudge(WEEK)
    assert nudge(WEEK).startswith("Week of Mon 9 Mar: no sets logged.")


def test_sessions_sets_reps_and_tonnage() -> None:
    sets = [
        st(at(8, 23.5), "bench_press", 100, 5),  # Sunday night: last week's workout ...
        st(at(9, 0.5), "bench_press", 100, 5),  # ... continued after midnight: not a session
        st(at(10, 8), "back_squat", 60, 5, warmup=True),
        st(at(10, 8.1), "back_squat", 100, 5),
        st(at(10, 19), "pull_up", 10, 8, bodyweight=True),  # 3 h later: a second session
        st(at(10, 19.1), "pull_up", 0, 6, bodyweight=True),
        st(at(11, 19), "plank", 0, None, seconds=60),
    ]
    got = build(sets)
    assert (got.sessions, got.working_sets, got.reps) == (3, 5, 24)
    assert got.tonnage_kg == pytest.approx(100 * 5 + 100 * 5 + 10 * 8)
    assert got.bodyweight_sets
    assert "Tonnage 1 080 kg (bodyweight moves: added load only)" in summary_text(got, CAT, 6)


def test_tonnage_and_loads_in_pounds() -> None:
    lb = Profile(user_id=1, unit=Unit.LB)
    sets = [
        st(at(10), "bench_press", 225, 5, unit=Unit.LB),
        st(at(10, 18.1), "bench_press", 100, 5),
    ]
    text = summary_text(build(sets, lb), CAT, 6)
    assert "Tonnage 2 227 lb" in text  # 225 x 5 + 100 kg (220.46 lb) x 5


def test_a_drop_chain_is_one_working_set_and_one_failure_set() -> None:
    sets = series(
        at(10),
        ("triceps_pushdown", 40, 12, {"f": True}),
        ("triceps_pushdown", 30, 8, {"f": True, "drop": True}),
        ("triceps_pushdown", 20, 6, {"f": True, "drop": True}),
    )
    got = build(sets)
    assert got.failure == (1, 1)
    assert got.reps == 26  # the links' reps were still done


def test_sets_per_muscle_top_six_with_the_change() -> None:
    last_week = series(at(3), *[("bench_press", 80, 8, {})] * 4)
    this_week = series(
        at(10), *[("bench_press", 80, 8, {})] * 3, ("leg_extension", 50, 12, {}),
        ("lateral_raise", 10, 15, {}), ("dumbbell_curl", 14, 10, {}),
        ("lying_leg_curl", 40, 10, {}),
    )  # fmt: skip
    got = build(last_week + this_week)
    assert got.muscles[0] == ("chest", 3, -1)
    assert ("front_delts", 2.0, -0.0) in got.muscles  # 3 x 0.5 (bench) + 0.5 (raise)
    assert len(got.muscles) == 6
    assert "Chest 3 (−1)" in summary_text(got, CAT, 6)


def test_failure_overall_by_class_and_by_type() -> None:
    sets = series(
        at(10), ("deadlift", 180, 3, {}), ("bench_press", 80, 8, {"f": True}),
        ("bench_press", 80, 7, {"rpe": 10}), ("cable_fly", 20, 12, {"rir": 0}),
        ("my_machine", 40, 10, {"f": True}), ("cable_fly", 20, 12, {"rpe": 9.5}),
    )  # fmt: skip
    got = build(sets)
    assert got.failure == (4, 6)
    assert got.by_class == (("avoid", 0, 1), ("caution", 2, 2), ("suited", 1, 2), ("unknown", 1, 1))
    assert got.by_type == (("concentric", 2), ("rir0", 2))
    text = summary_text(got, CAT, 6)
    assert "Failure: 4 of 6 sets (67 %)" in text
    assert "heavy compounds 0/1 · other compounds 2/2 · isolation/machines 1/2 · custom 1/1" in text
    assert "By type: 2 concentric, 2 RIR 0/RPE 10" in text


def test_prs_against_all_earlier_sets_and_none_on_a_first_log() -> None:
    prior = [PriorBest("bench_press", Decimal(225), Unit.LB, 5, 6.0)]  # older than the window
    sets = [
        st(at(10), "bench_press", 102.5, 6, rir=0),  # same load as 225 lb: 6 reps > 5
        st(at(10, 18.1), "dumbbell_curl", 16, 12),  # first log of curls: no PR
        st(at(12), "dumbbell_curl", 16, 13),  # > 10 reps: no e1RM, a rep PR
    ]
    got = build(sets, prior=prior)
    kinds = {(p.exercise, p.kind) for p in got.prs}
    assert kinds == {("bench_press", E1RM_PR), ("dumbbell_curl", REP_PR)}
    text = summary_text(got, CAT, 6)
    assert "Dumbbell Curl 16 kg: 13 reps (was 12)" in text
    assert "Bench Press 102.5 kg × 6: e1RM" in text


def test_no_pr_when_an_older_set_was_better() -> None:
    prior = [PriorBest("bench_press", Decimal(100), Unit.KG, 8, 8.0)]
    got = build([st(at(10), "bench_press", 100, 7, rir=0)], prior=prior)
    assert got.prs == ()


def test_reps_to_failure_trend_marks_a_decline() -> None:
    sets = [
        st(at(2), "dumbbell_curl", 16, 12, f=True),
        st(at(5), "dumbbell_curl", 16, 11, f=True),
        st(at(10), "dumbbell_curl", 16, 10, f=True),
        st(at(5, 18.1), "lateral_raise", 10, 12, rir=1),
        st(at(11), "lateral_raise", 10, 14, rir=1),
    ]
    got = build(sets)
    assert [(t.exercise, t.before, t.now, t.declining) for t in got.rtf] == [
        ("lateral_raise", 13, 15, False),
        ("dumbbell_curl", 11, 10, True),
    ]
    text = summary_text(got, CAT, 6)
    assert "Dumbbell Curl 16 kg: 11 → 10 ↓ (dropping 3 sessions in a row)" in text
    assert "Lateral Raise 10 kg: 13 → 15 ↑" in text


def test_e1rm_trend_of_compounds_against_the_four_weeks_before() -> None:
    sets = [
        st(at(2, month=2), "back_squat", 200, 1, f=True),  # five weeks back: ignored
        st(at(16, month=2), "back_squat", 100, 5, f=True),
        st(at(10), "back_squat", 105, 5, f=True),
        st(at(10, 18.1), "leg_extension", 50, 10, f=True),  # suited: no e1RM trend
    ]
    got = build(sets)
    [trend] = got.e1rm
    assert trend.exercise == "back_squat"
    assert trend.change_pct == pytest.approx(5.0)
    assert "Back Squat 118.1 kg (+5 %)" in summary_text(got, CAT, 6)


def test_findings_share_status_and_advice_to_cut_failure() -> None:
    sets = series(at(10), *[("cable_fly", 20, 12, {"f": True})] * 7, ("cable_fly", 20, 12, {}))
    got = build(sets)
    findings = dict(got.findings)
    assert findings["TOO_MANY_FAILURE_SETS"] == 1 and findings["FAILURE_SHARE_HIGH"] == 1
    assert got.share_above and got.streak == 1
    assert got.advice.kind == s.CUT_FAILURE
    text = summary_text(got, CAT, 6)
    assert "Failure share 88 %, above your 30 % limit." in text
    assert text.endswith("Next week: cut failure to 1–2 sets per workout, mostly isolation.")


def test_advice_for_failure_on_heavy_compounds_and_the_default() -> None:
    heavy = build(
        series(at(10), ("deadlift", 200, 3, {"f": True}), *[("leg_press", 200, 10, {})] * 5)
    )
    assert heavy.advice.kind == s.KEEP_SHORT
    calm = build(series(at(10), *[("leg_press", 200, 10, {"rir": 2})] * 3))
    assert calm.advice.kind == s.KEEP_GOING


def test_a_streak_counts_consecutive_high_weeks() -> None:
    sets: list[SetRecord] = []
    for week in range(3):
        sets += series(
            at(23, month=2) + timedelta(weeks=week), *[("cable_fly", 20, 12, {"f": True})] * 6
        )
    got = build(sets)
    assert got.streak == 3
    assert "(3 weeks in a row)" in summary_text(got, CAT, 6)


def test_the_planned_deload_is_advised_the_week_before_it() -> None:
    sets = [st(at(9) - timedelta(weeks=k), "leg_press", 200, 10, rir=2) for k in range(5)]
    got = build(sets)
    assert got.advice.kind == s.DELOAD_PLANNED
    assert got.advice.signal is not None and got.advice.signal.cycle_week == 6
    marked = build(sets, Profile(user_id=1, deload_weeks=(WEEK + timedelta(days=7),)))
    assert marked.advice.kind == s.DELOAD_MARKED


def test_a_deload_week_reports_its_adherence() -> None:
    normal = series(at(2), *[("leg_press", 200, 10, {"rir": 2})] * 10)
    deload = series(
        at(10), *[("leg_press", 180, 8, {"rir": 4})] * 4, ("leg_press", 180, 8, {"f": True})
    )
    got = build(normal + deload, Profile(user_id=1, deload_weeks=(WEEK,)))
    assert got.deload and got.adherence == s.Adherence(1, 5, 10)
    text = summary_text(got, CAT, 6)
    assert "· deload week" in text.splitlines()[0]
    assert (
        "Deload check: 1 failure set (goal 0), 50 % of your usual sets (goal about 50 %)." in text
    )


def test_sets_after_the_week_never_leak_in() -> None:
    sets = [st(at(10), "leg_press", 200, 10), st(at(17), "bench_press", 100, 5, f=True)]
    got = build(sets)
    assert got.working_sets == 1 and got.failure == (0, 1)


@pytest.mark.parametrize(
    "sets",
    [
        [st(at(10), "bench_press", 80, 8, f=True)],
        [st(at(10), "my_sled_push", 100, 20, f=True)],  # custom only: the failure-share chart
    ],
)
def test_the_chart_renders_a_png(sets: list[SetRecord]) -> None:
    summary = build(sets)
    for image in (charts.png(charts.week_chart(summary)), charts.week_png(summary)):
        assert image.startswith(b"\x89PNG\r\n\x1a\n") and len(image) > 5000


def test_the_reused_chart_is_refilled_cleanly() -> None:
    exercises = ("bench_press", "back_squat", "dumbbell_curl", "lateral_raise", "lying_leg_curl")
    six = build(series(at(10), *[(ex, 20, 10, {}) for ex in exercises]))
    one = build([st(at(10), "leg_extension", 50, 12)])
    first = charts.week_png(six)
    assert charts.week_png(one) != first
    assert charts.week_png(six) == first  # nothing of the smaller chart is left behind
    assert first[16:24] == charts.png(charts.week_chart(six))[16:24]  # same width and height
