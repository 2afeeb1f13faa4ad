"""How much history the engine needs before the first new set (a bounded, indexed window)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from core.calendar import add_weeks, local_midnight, week_of
from core.rules.settings import RuleSettings
from core.training.sets import E1RM_WINDOW

MIN_WEEKS = 12
# A workout that began before the first new set still needs its own 84-day e1RM reference;
# a day of slack covers any real session (workouts chain on gaps under 3 h).
WORKOUT_SLACK = timedelta(days=1)


def weeks_needed(settings: RuleSettings) -> int:
    """Whole local weeks before the first new set's week: the deload cycle (N + 1), the share
    streak and its week before, and never fewer than 12 (the rest fits inside 12 weeks:
    14-day declines over 42-day trends, 2 cooldown weeks)."""
    streak = settings.int_threshold("share_streak_weeks")
    return max(MIN_WEEKS, settings.deload_every_weeks + 1, streak + 1)


def history_since(first_new_at: datetime, settings: RuleSettings) -> datetime:
    """The earliest instant of history `evaluate` reads for new sets from `first_new_at` on.

    History before it changes no finding; storage can load `at >= history_since(...)` (plus
    the deload weeks, which come in the settings) and pass exactly that. In UTC, as storage
    times are: comparing datetimes of different tzinfos costs a `utcoffset` call on each side,
    and callers compare every set of a window with this bound.
    """
    tz = settings.zone
    week = week_of(first_new_at, tz, settings.week_start)
    weeks_start = local_midnight(add_weeks(week, -weeks_needed(settings)), tz)
    e1rm_start = first_new_at - E1RM_WINDOW - WORKOUT_SLACK
    return min(weeks_start, e1rm_start).astimezone(UTC)
