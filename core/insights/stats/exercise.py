"""One exercise: its sessions (/history), its records and PR streak (/prs bench), and the
records of every exercise at once (/prs)."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from core.calendar import Zone, week_of
from core.insights.records import ALL_KINDS, PR, Bests, PriorBest, RecordBook
from core.insights.stats.weeks import ExerciseWeek, exercise_week, sessions_between
from core.insights.tally import ExerciseTally, Tallies
from core.model import SetRecord
from core.training.sets import kg_of, sort_canonical
from core.training.workouts import workout_starts

HISTORY_SESSIONS = 5
REP_RECORD_LOADS = 6  # the loads used most, for the rep records of /prs bench
RECENT_PRS = 3


@dataclass(frozen=True, slots=True)
class Session:
    """A workout's sets of one exercise (warm-ups included, in order)."""

    start: datetime
    sets: tuple[SetRecord, ...]
    deload: bool  # its week is a deload week

    @property
    def working(self) -> tuple[SetRecord, ...]:
        return tuple(s for s in self.sets if not s.warmup)


def sessions(
    ordered: Sequence[SetRecord], deload_weeks: Collection[date], zone: Zone, week_start: str
) -> list[Session]:
    """One exercise's sets (canonical order) as sessions: a 3 h gap starts a new one, as it
    starts a workout (rules.md §1), oldest first."""
    if not ordered:
        return []
    starts = workout_starts(ordered)
    ends = [*starts[1:], len(ordered)]
    out = []
    for a, b in zip(starts, ends, strict=True):
        first = ordered[a].at
        out.append(
            Session(first, tuple(ordered[a:b]), week_of(first, zone, week_start) in deload_weeks)
        )
    return out


def newest_session(ordered: Sequence[SetRecord]) -> tuple[SetRecord, ...]:
    """The sets of the newest of `sessions(ordered, ...)` (none without sets): what follows
    the last workout start, without building (and dating) the older sessions."""
    if not ordered:
        return ()
    return tuple(ordered[workout_starts(ordered)[-1] :])


def latest_sessions(
    ordered: Sequence[SetRecord],
    deload_weeks: Collection[date],
    zone: Zone,
    week_start: str,
    limit: int = HISTORY_SESSIONS,
    truncated: bool = False,
) -> list[Session]:
    """The newest `limit` sessions, newest first. `truncated`: the oldest loaded set may not
    be its session's first, so that session is left out unless nothing else is there."""
    found = sessions(ordered, deload_weeks, zone, week_start)
    if truncated and len(found) > 1:
        found = found[1:]
    return found[::-1][:limit]


def per_week(
    exercise: str, ordered: Sequence[SetRecord], bounds: Sequence[datetime], weeks: Sequence[date]
) -> list[tuple[date, ExerciseWeek]]:
    """One exercise's sessions, working sets, reps and tonnage in each week (bounds[k] to
    bounds[k + 1] is weeks[k]); `ordered` must reach a workout gap before bounds[0]."""
    times = [s.at for s in ordered]
    tallies = Tallies()
    out = []
    for k, week in enumerate(weeks):
        lo, hi = bisect_left(times, bounds[k]), bisect_left(times, bounds[k + 1])
        tallies.add_sets(k, ordered, range(lo, hi))
        sessions = sessions_between(times, bounds[k], bounds[k + 1])
        tally = tallies.period(k).get(exercise, ExerciseTally())
        out.append((week, exercise_week(exercise, tally, sessions)))
    return out


@dataclass(frozen=True, slots=True)
class SetShape:
    """Identical working sets of one exercise, counted by storage: the first of them (a
    SetRecord: when it was first done), how many there are, and when the last one was."""

    first: SetRecord
    count: int
    last_at: datetime


@dataclass(frozen=True, slots=True)
class RepRecord:
    kg: float
    reps: int
    record: SetRecord  # the first set with that many reps at that load


@dataclass(frozen=True, slots=True)
class ExerciseRecords:
    """/prs bench: the records of one exercise, when each was set, and the PR streak."""

    exercise: str
    bests: Bests
    rep_records: tuple[RepRecord, ...]  # at the loads used most, heaviest first
    working_sets: int
    first_at: datetime
    last_at: datetime
    recent: tuple[PR, ...]  # the latest PRs, newest first
    streak: int  # trained weeks in a row with a PR, deload weeks skipped (0 or >= 1)


def exercise_records(
    exercise: str,
    shapes: Iterable[SetShape],
    trained_weeks: Collection[date],
    deload_weeks: Collection[date],
    zone: Zone,
    week_start: str,
) -> ExerciseRecords | None:
    """Records from storage's distinct working sets of one exercise; None if there are none.

    A record is held by the first set that reached it, so a repeat never moves its date, and
    feeding distinct sets by first date finds exactly the PRs feeding every set would.
    `trained_weeks` are the local weeks with a session of it (for the streak).
    """
    shapes = [s for s in shapes if s.first.exercise == exercise]
    if not shapes:
        return None
    ordered = sort_canonical(s.first for s in shapes)
    book = RecordBook(kinds=ALL_KINDS)
    events: list[PR] = []
    for i in range(len(ordered)):
        events.extend(book.feed(ordered, i))
    bests = book.bests(exercise)
    assert bests is not None
    used: dict[float, int] = {}
    for shape in shapes:
        kg = kg_of(shape.first)
        if shape.first.reps is not None:
            used[kg] = used.get(kg, 0) + shape.count
    top_loads = set(sorted(used, key=lambda kg: (-used[kg], -kg))[:REP_RECORD_LOADS])
    reps = tuple(
        RepRecord(kg, r, s) for kg, r, s in bests.reps if s is not None and kg in top_loads
    )
    pr_weeks = {week_of(pr.record.at, zone, week_start) for pr in events}
    return ExerciseRecords(
        exercise=exercise,
        bests=bests,
        rep_records=reps,
        working_sets=sum(s.count for s in shapes),
        first_at=min(s.first.at for s in shapes),
        last_at=max(s.last_at for s in shapes),
        recent=tuple(events[::-1][:RECENT_PRS]),
        streak=pr_streak(trained_weeks, pr_weeks, deload_weeks),
    )


def pr_streak(
    trained_weeks: Collection[date], pr_weeks: Collection[date], deload_weeks: Collection[date]
) -> int:
    """Trained weeks in a row, newest first, that each brought a PR. A deload week neither
    counts nor breaks the streak: lifting lighter on purpose is not a stall."""
    streak = 0
    for week in sorted(trained_weeks, reverse=True):
        if week in deload_weeks:
            continue
        if week not in pr_weeks:
            break
        streak += 1
    return streak


@dataclass(frozen=True, slots=True)
class ExerciseBest:
    """/prs: one exercise's best e1RM and heaviest set, from aggregated bests (no dates)."""

    exercise: str
    sets: int  # working sets of it, ever
    last_at: datetime | None
    e1rm: float | None
    e1rm_from: PriorBest | None  # the load (and its reps + RIR) it comes from
    heaviest: PriorBest | None  # the heaviest load with a rep, and the most reps at it
    hold: PriorBest | None  # the longest hold


def overview(prior: Iterable[PriorBest]) -> list[ExerciseBest]:
    """Every exercise's bests, the most trained first."""
    by_exercise: dict[str, list[PriorBest]] = {}
    for p in prior:
        by_exercise.setdefault(p.exercise, []).append(p)
    out = []
    for exercise, loads in by_exercise.items():
        with_e1rm = [p for p in loads if p.e1rm is not None]
        best = max(with_e1rm, key=lambda p: p.e1rm or 0.0, default=None)
        lifted = [p for p in loads if p.max_reps]
        heaviest = max(lifted, key=lambda p: p.kg, default=None)
        held = [p for p in loads if p.max_seconds]
        hold = max(held, key=lambda p: (p.max_seconds or 0, p.kg), default=None)
        sets = sum(p.sets for p in loads)
        last = max((p.last_at for p in loads if p.last_at is not None), default=None)
        e1 = best.e1rm if best else None
        out.append(ExerciseBest(exercise, sets, last, e1, best, heaviest, hold))
    out.sort(key=lambda e: (-e.sets, e.exercise))
    return out
