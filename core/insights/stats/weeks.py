"""Weeks at a glance: /stats (this week against last), /volume (sets per muscle) and /failure
(failure sets and share over 8 weeks), from per-week tallies."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction

from core.catalogue import Catalogue
from core.insights.records import PR, best_per_exercise
from core.insights.tally import ExerciseTally, by_class, muscle_sets, totals
from core.training.sets import share_above
from core.training.workouts import continues_workout

FAILURE_WEEKS = 8
TOP_FAILURE_EXERCISES = 5


@dataclass(frozen=True, slots=True)
class ExerciseWeek:
    exercise: str
    working_sets: int
    failure_sets: int
    reps: int
    tonnage_kg: float
    bodyweight_sets: bool = False
    sessions: int | None = None  # where the view counts them


def exercise_week(exercise: str, t: ExerciseTally, sessions: int | None = None) -> ExerciseWeek:
    return ExerciseWeek(
        exercise, t.working_sets, t.failure_sets, t.reps, t.tonnage_kg, t.bodyweight_sets, sessions
    )


@dataclass(frozen=True, slots=True)
class WeekStats:
    """One local week: sessions, working and failure sets, reps, tonnage, per exercise, per
    class and per muscle group (rules.md §5.1-5.4)."""

    week: date
    deload: bool
    sessions: int | None  # None where the view does not count them
    working_sets: int
    failure_sets: int
    reps: int
    tonnage_kg: float
    bodyweight_sets: bool  # some sets count their added load only
    exercises: tuple[ExerciseWeek, ...]  # most working sets first
    by_class: tuple[tuple[str, int, int], ...]  # (class, F_c, N_c)
    muscles: tuple[tuple[str, float], ...]  # (muscle, sets), most first


def sessions_between(times: Sequence[datetime], start: datetime, end: datetime) -> int:
    """Workouts whose first set is in [start, end). `times` are set times in order, starting
    at least one workout gap (3 h) before `start` so a workout begun earlier is not counted."""
    count = 0
    previous: datetime | None = None
    for at in times:
        if start <= at < end and not continues_workout(previous, at):
            count += 1
        previous = at
    return count


def week_stats(
    week: date,
    tallies: Mapping[str, ExerciseTally],
    sessions: int | None,
    deload: bool,
    catalogue: Catalogue,
) -> WeekStats:
    whole = totals(tallies)
    exercises = sorted(
        (exercise_week(ex, t) for ex, t in tallies.items() if t.working_sets),
        key=lambda e: (-e.working_sets, e.exercise),
    )
    muscles = sorted(muscle_sets(tallies, catalogue).items(), key=lambda kv: (-kv[1], kv[0]))
    return WeekStats(
        week=week,
        deload=deload,
        sessions=sessions,
        working_sets=whole.working_sets,
        failure_sets=whole.failure_sets,
        reps=whole.reps,
        tonnage_kg=whole.tonnage_kg,
        bodyweight_sets=whole.bodyweight_sets,
        exercises=tuple(exercises),
        by_class=by_class(tallies, catalogue),
        muscles=tuple(muscles),
    )


@dataclass(frozen=True, slots=True)
class Glance:
    """/stats: the current week so far against the whole of last week, and this week's PRs."""

    this: WeekStats
    last: WeekStats
    today: date
    prs: tuple[PR, ...]  # the best PR per exercise, best first


def glance(this: WeekStats, last: WeekStats, today: date, prs: Iterable[PR]) -> Glance:
    return Glance(this, last, today, tuple(best_per_exercise(prs)))


@dataclass(frozen=True, slots=True)
class MuscleRow:
    muscle: str
    now: float
    before: float


@dataclass(frozen=True, slots=True)
class Volume:
    """/volume: working sets per muscle group this week against last week."""

    this: WeekStats
    last: WeekStats
    rows: tuple[MuscleRow, ...]  # most sets this week first, then last week's


def volume(this: WeekStats, last: WeekStats) -> Volume:
    now, before = dict(this.muscles), dict(last.muscles)
    rows = [MuscleRow(m, now.get(m, 0.0), before.get(m, 0.0)) for m in {*now, *before}]
    rows.sort(key=lambda r: (-r.now, -r.before, r.muscle))
    return Volume(this, last, tuple(rows))


@dataclass(frozen=True, slots=True)
class ShareWeek:
    stats: WeekStats
    share_shown: bool  # enough working sets for a share to mean something
    above: bool  # rule 7's week condition: enough failure sets and a share above the limit


@dataclass(frozen=True, slots=True)
class FailureView:
    """/failure: failure sets and share per week (oldest first), per class and per exercise
    over the whole span."""

    weeks: tuple[ShareWeek, ...]
    limit: Fraction  # max_failure_share
    min_sets: int  # rule 7's minimum: no share below it, no 'above' on fewer failure sets
    by_class: tuple[tuple[str, int, int], ...]
    exercises: tuple[ExerciseWeek, ...]  # most failure sets first, only those with any

    @property
    def failure_sets(self) -> int:
        return sum(w.stats.failure_sets for w in self.weeks)

    @property
    def working_sets(self) -> int:
        return sum(w.stats.working_sets for w in self.weeks)


def failure_view(
    weeks: Sequence[WeekStats],
    limit: Fraction,
    min_sets: int,
    tallies: Mapping[str, ExerciseTally],
    catalogue: Catalogue,
) -> FailureView:
    """`tallies` cover the whole span (all weeks added together)."""
    shown = [
        ShareWeek(
            w,
            w.working_sets >= min_sets,
            w.failure_sets >= min_sets
            and share_above(w.failure_sets, w.working_sets, limit.numerator, limit.denominator),
        )
        for w in weeks
    ]
    exercises = sorted(
        (exercise_week(ex, t) for ex, t in tallies.items() if t.failure_sets),
        key=lambda e: (-e.failure_sets, -e.working_sets, e.exercise),
    )
    return FailureView(
        tuple(shown),
        limit,
        min_sets,
        by_class(tallies, catalogue),
        tuple(exercises[:TOP_FAILURE_EXERCISES]),
    )
