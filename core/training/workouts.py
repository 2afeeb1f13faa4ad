"""Workouts (rules.md §1): a new one starts 3 h or more after the previous set, warm-ups
included; a session across midnight stays one."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from datetime import datetime, timedelta
from operator import attrgetter

from core.model import SetRecord

WORKOUT_GAP = timedelta(hours=3)
AT = attrgetter("at")


def continues_workout(last_set_at: datetime | None, at: datetime) -> bool:
    """True when a set at `at` belongs to the workout of the set logged at `last_set_at`."""
    return last_set_at is not None and abs(at - last_set_at) < WORKOUT_GAP


def workout_starts(ordered: Sequence[SetRecord], lo: int = 0, hi: int | None = None) -> list[int]:
    """Indices in [lo, hi) where a workout starts: a gap of 3 h or more (absolute time) before
    the set, warm-ups included. `ordered` must be in canonical order.

    Jumps by bisection: every set within 3 h of an anchor shares its workout, so the cost
    grows with the number of workouts, not sets.
    """
    hi = len(ordered) if hi is None else hi
    if lo >= hi:
        return []
    starts = [lo]
    i = lo
    while True:
        j = bisect_left(ordered, ordered[i].at + WORKOUT_GAP, i + 1, hi, key=AT)
        if j >= hi:
            return starts
        if ordered[j].at - ordered[j - 1].at >= WORKOUT_GAP:
            starts.append(j)
            i = j
        else:
            i = j - 1 if j - 1 > i else j


def group_workouts(ordered: Sequence[SetRecord]) -> list[list[SetRecord]]:
    """Workouts of a canonical sequence (a session across midnight stays one)."""
    starts = workout_starts(ordered)
    ends = [*starts[1:], len(ordered)]
    return [list(ordered[a:b]) for a, b in zip(starts, ends, strict=True)]


def continuation(
    history: Sequence[SetRecord], last_workout: int | None, at: datetime
) -> tuple[SetRecord | None, int | None]:
    """The set a message at `at` continues, and its workout; (None, None) starts a workout."""
    if not history or not continues_workout(history[-1].at, at):
        return None, None
    return history[-1], last_workout


def current_workout(history: Sequence[SetRecord], new: Sequence[SetRecord]) -> list[SetRecord]:
    """The new sets plus the history sets chained to them by gaps under 3 h (rules.md §1).

    Jumps back by bisection (the cost grows with the workout's hours, not its sets): every set
    less than 3 h before the chain's start chains to it, each to the one after it.
    """
    if not new:
        return []
    start = len(history)
    boundary = new[0].at
    while start > 0 and continues_workout(history[start - 1].at, boundary):
        if history[start - 1].at > boundary:  # not in canonical order before it: one step
            start -= 1
        else:
            start = bisect_right(history, boundary - WORKOUT_GAP, 0, start - 1, key=AT)
        boundary = history[start].at
    return [*history[start:], *new]
