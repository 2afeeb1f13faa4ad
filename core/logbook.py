"""Logbook arithmetic: which workout a new set belongs to, and the tally a reply shows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from core.model import SetRecord

# rules.md §1: a new workout starts 3 h or more after the previous set (warm-ups included).
WORKOUT_GAP = timedelta(hours=3)


def continues_workout(last_set_at: datetime | None, at: datetime) -> bool:
    """True when a set at `at` belongs to the workout of the set logged at `last_set_at`."""
    return last_set_at is not None and abs(at - last_set_at) < WORKOUT_GAP


def is_failure_set(s: SetRecord) -> bool:
    """rules.md §1: a working set with effective RIR 0 (failure flag, RIR 0, or RPE 10 alone)."""
    if s.warmup:
        return False
    if s.failure is not None:
        return True
    if s.rir is not None:
        return s.rir == 0
    return s.rpe is not None and s.rpe == 10


@dataclass(frozen=True, slots=True)
class Tally:
    """What a workout holds so far, for the line under a logged set."""

    working_sets: int
    failure_sets: int
    exercise_working_sets: int
    exercise_failure_sets: int


def workout_tally(workout_sets: Iterable[SetRecord], exercise: str) -> Tally:
    working = [s for s in workout_sets if not s.warmup]
    mine = [s for s in working if s.exercise == exercise]
    return Tally(
        working_sets=len(working),
        failure_sets=sum(1 for s in working if is_failure_set(s)),
        exercise_working_sets=len(mine),
        exercise_failure_sets=sum(1 for s in mine if is_failure_set(s)),
    )
