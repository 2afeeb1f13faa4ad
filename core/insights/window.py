"""A user's loaded window of sets seen week by week: tallies, streaks, deload signals (§1, §3)."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property
from itertools import pairwise

from core.calendar import WEEK, week_bounds, week_of
from core.model import SetRecord
from core.rules.settings import RuleSettings
from core.training.declines import DECLINE_WINDOW, TREND_WINDOW, Decline, decline_events
from core.training.deloads import DELOAD_COOLDOWN_WEEKS, cycle_week, planned_deload_due
from core.training.sets import counts_as_failure, counts_as_working, share_above, sort_canonical
from core.training.workouts import WORKOUT_GAP


@dataclass(frozen=True, slots=True)
class DeloadSignal:
    """Why a deload is advised for a week: the plan (cycle week) or fatigue (§3 rule 5)."""

    planned: bool
    cycle_week: int = 0
    exercises: tuple[str, ...] = ()  # declining exercises (fatigue)
    streak_weeks: int = 0  # > 0 when the failure-share streak is what made one decline enough


def _canonical(sets: Sequence[SetRecord]) -> list[SetRecord]:
    # Storage returns sets by (time, seq) and seq is unique per set, so the canonical order
    # needs no sort then; anything else (ties, hand-made lists) gets the full sort.
    if all(a.at < b.at or (a.at == b.at and a.seq < b.seq) for a, b in pairwise(sets)):
        return list(sets)
    return sort_canonical(sets)


class WeekWindow:
    """Canonical sets with week ranges; every figure is computed on first use."""

    def __init__(self, sets: Sequence[SetRecord], settings: RuleSettings) -> None:
        self.settings = settings
        self.tz = settings.zone
        self.week_start = settings.week_start
        self.ordered = _canonical(sets)
        self.ats = [s.at for s in self.ordered]
        self.deload = frozenset(settings.past_deload_weeks)
        share = settings.share_limit()
        self._share = (share.numerator, share.denominator)
        self._min_f = settings.int_threshold("min_failure_sets_week")
        self.streak_weeks = settings.int_threshold("share_streak_weeks")
        self._min_declining = settings.int_threshold("deload_suggest_min_exercises")
        self._tallies: dict[date, tuple[int, int]] = {}

    def week_of(self, at: datetime) -> date:
        return week_of(at, self.tz, self.week_start)

    def bounds(self, week: date) -> tuple[datetime, datetime]:
        return week_bounds(week, self.tz)

    def span(self, week: date) -> range:
        """Positions of the week's sets in the canonical order."""
        start, end = self.bounds(week)
        return range(bisect_left(self.ats, start), bisect_left(self.ats, end))

    def tally(self, week: date) -> tuple[int, int]:
        """(F, N) over the whole week: drop chains count once, warm-ups not at all."""
        got = self._tallies.get(week)
        if got is None:
            span = self.span(week)
            f = sum(1 for i in span if counts_as_failure(self.ordered, i))
            n = sum(1 for i in span if counts_as_working(self.ordered, i))
            got = self._tallies[week] = (f, n)
        return got

    def share_above(self, f: int, n: int) -> bool:
        return share_above(f, n, *self._share)

    def share_high(self, week: date) -> bool:
        """F >= min_failure_sets_week and F/N > max_failure_share over the week."""
        f, n = self.tally(week)
        return f >= self._min_f and self.share_above(f, n)

    def streak_before(self, week: date) -> bool:
        """Rule 6's week condition: each of the `share_streak_weeks` weeks before was high."""
        return all(self.share_high(week - WEEK * j) for j in range(1, self.streak_weeks + 1))

    def streak_length(self, week: date) -> int:
        """Consecutive high-share weeks ending with `week` (0 when `week` is not high)."""
        n = 0
        while self.share_high(week - WEEK * n) and n < 52:
            n += 1
        return n

    @cached_property
    def training_weeks(self) -> frozenset[date]:
        """Weeks with a working set, walking week bounds rather than converting every set."""
        weeks: set[date] = set()
        i, n = 0, len(self.ordered)
        while i < n:
            week = self.week_of(self.ats[i])
            end = bisect_left(self.ats, self.bounds(week)[1], i)
            if any(not s.warmup for s in self.ordered[i:end]):
                weeks.add(week)
            i = end
        return frozenset(weeks)

    @cached_property
    def first_training_week(self) -> date | None:
        return min(self.training_weeks, default=None)

    def due(self, week: date) -> bool:
        """The planned deload is due in `week` (§1), from the loaded weeks."""
        return planned_deload_due(
            week,
            self.settings.deload_every_weeks,
            self.deload,
            self.training_weeks,
            self.first_training_week,
        )

    def cycle_week(self, week: date) -> int:
        first = self.first_training_week
        if first is None:
            return 0
        return cycle_week(week, self.deload, self.training_weeks, first)

    def declines_upto(self, p: int) -> dict[int, Decline]:
        """Decline events at positions <= p, from the sessions that can matter for them.

        An event in (at(p) - 14 d, at(p)] compares sessions begun at most 42 days before it,
        so the scan starts at the first workout of the 57 days before p (linear, not whole).
        """
        since = self.ats[p] - DECLINE_WINDOW - TREND_WINDOW - timedelta(days=1)
        starts = self.workout_starts(p + 1, since)
        lo = starts[0] if starts else p + 1
        found = decline_events(self.ordered[lo : p + 1], self.tz, self.week_start, self.deload)
        return {lo + k: ev for k, ev in found.items()}

    def workout_starts(self, stop: int, since: datetime | None = None) -> list[int]:
        """Positions before `stop` where a workout starts (3 h or more after the previous set);
        with `since`, only workouts that start at or after it."""
        ats = self.ats
        lo = 0 if since is None else bisect_left(ats, since, 0, stop)
        return [i for i in range(lo, stop) if i == 0 or ats[i] - ats[i - 1] >= WORKOUT_GAP]

    def last_working(self, week: date) -> int | None:
        span = self.span(week)
        return next((i for i in reversed(span) if not self.ordered[i].warmup), None)

    def suggested_at(self, p: int) -> DeloadSignal | None:
        """Rule 5's condition at position p (ignores rules_off, as the deload rules do)."""
        week = self.week_of(self.ats[p])
        if week in self.deload or self.due(week):
            return None
        if any(week - WEEK * b in self.deload for b in range(1, DELOAD_COOLDOWN_WEEKS + 1)):
            return None
        lo = self.ats[p] - DECLINE_WINDOW
        declining: list[str] = []
        for pos in sorted(self.declines_upto(p)):
            if pos <= p and self.ats[pos] > lo:
                ex = self.ordered[pos].exercise
                if ex not in declining:
                    declining.append(ex)
        streak = self.streak_before(week)
        if len(declining) >= self._min_declining:
            return DeloadSignal(False, exercises=tuple(declining))
        if declining and streak:
            return DeloadSignal(False, exercises=tuple(declining), streak_weeks=self.streak_weeks)
        return None

    def deload_signal(self, upcoming: date) -> DeloadSignal | None:
        """§4: the reminder for the week `upcoming`: planned due, or rule 5 at the last working
        set of the week before it. None when `upcoming` is already marked as a deload."""
        if upcoming in self.deload:
            return None
        if self.due(upcoming):
            return DeloadSignal(True, cycle_week=self.cycle_week(upcoming))
        last = self.last_working(upcoming - WEEK)
        return None if last is None else self.suggested_at(last)
