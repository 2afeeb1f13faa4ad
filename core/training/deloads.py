"""Deload weeks and the deload cycle (rules.md §1): the anchor, the cycle week, a planned
deload falling due."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date

from core.calendar import WEEK, weeks_between

# No deload is suggested in the weeks right after one.
DELOAD_COOLDOWN_WEEKS = 2


def deload_weeks(
    past_deload_weeks: Iterable[date], current_week: date, deload_week: bool
) -> frozenset[date]:
    """The user's past deload weeks plus the current week when it is marked."""
    weeks = set(past_deload_weeks)
    if deload_week:
        weeks.add(current_week)
    return frozenset(weeks)


def deload_anchor(
    week: date,
    deload: Collection[date],
    training_weeks: Collection[date],
    first_training_week: date,
) -> date:
    """The latest of: a deload week before `week`; a week without working sets after the first
    training week and before `week` (rest counts as deload); the week before the first
    training week."""
    anchor = first_training_week - WEEK
    for d in deload:
        if anchor < d < week:
            anchor = d
    x = week - WEEK
    while x > first_training_week and x > anchor:
        if x not in training_weeks:
            return x
        x -= WEEK
    return anchor


def cycle_week(
    week: date,
    deload: Collection[date],
    training_weeks: Collection[date],
    first_training_week: date,
) -> int:
    """Week number of `week` in the deload cycle: weeks since the anchor (1 = just after)."""
    return weeks_between(deload_anchor(week, deload, training_weeks, first_training_week), week)


def planned_deload_due(
    week: date,
    every_weeks: int,
    deload: Collection[date],
    training_weeks: Collection[date],
    first_training_week: date | None,
) -> bool:
    """Due when week - anchor >= N (N = 6: five training weeks, the sixth is the deload);
    N = 0 never. With no working set at all there is no cycle yet."""
    if every_weeks <= 0 or first_training_week is None:
        return False
    return cycle_week(week, deload, training_weeks, first_training_week) >= every_weeks
