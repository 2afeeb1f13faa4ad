"""Logbook arithmetic: which workout a new set belongs to, and the tally a reply shows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from core.model import SetRecord
from core.training import failure_tally

# rules.md §1: a new workout starts 3 h or more after the previous set (warm-ups included).
WORKOUT_GAP = timedelta(hours=3)


def continues_workout(last_set_at: datetime | None, at: datetime) -> bool:
    """True when a set at `at` belongs to the workout of the set logged at `last_set_at`."""
    return last_set_at is not None and abs(at - last_set_at) < WORKOUT_GAP


def current_workout(history: Sequence[SetRecord], new: Sequence[SetRecord]) -> list[SetRecord]:
    """The new sets plus the history sets chained to them by gaps under 3 h (rules.md §1)."""
    if not new:
        return []
    start = len(history)
    boundary = new[0].at
    while start > 0 and continues_workout(history[start - 1].at, boundary):
        start -= 1
        boundary = history[start].at
    return [*history[start:], *new]


@dataclass(frozen=True, slots=True)
class Tally:
    """What a workout holds so far, for the line under a logged set."""

    working_sets: int
    failure_sets: int
    exercise_working_sets: int
    exercise_failure_sets: int


def workout_tally(workout_sets: Sequence[SetRecord], exercise: str) -> Tally:
    """Working and failure sets as rules.md counts them (a drop chain is one set)."""
    failures, working = failure_tally(workout_sets)
    mine = [s for s in workout_sets if s.exercise == exercise]
    mine_failures, mine_working = failure_tally(mine)
    return Tally(
        working_sets=working,
        failure_sets=failures,
        exercise_working_sets=mine_working,
        exercise_failure_sets=mine_failures,
    )
