"""One evaluation's view of the sets: canonical order, workouts, weeks and lazy aggregates.

Built once per `evaluate` call. Everything is indexed by position in `sets` (history in
canonical order, then the new sets as given), found by bisection on time, and computed only
for the ranges a rule asks about, so a call costs little more than sorting the window.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from datetime import date, datetime
from fractions import Fraction
from operator import attrgetter

from core.calendar import WeekGrid
from core.catalogue import Catalogue
from core.model import SetRecord
from core.rules.decline_index import DeclineIndex
from core.rules.order import TieOrder, prefix
from core.rules.scope import ScopeMemo
from core.rules.settings import RuleSettings
from core.training.declines import DECLINE_WINDOW, Decline
from core.training.deloads import cycle_week, deload_weeks, planned_deload_due
from core.training.sets import (
    E1RM_WINDOW,
    counts_as_failure,
    counts_as_working,
    e1rm,
    is_failure_set,
    share_above,
)
from core.training.workouts import AT, workout_starts

WARMUP = attrgetter("warmup")
DROP = attrgetter("drop")


class Timeline:
    """The prefix history + new sets, with the §1 definitions evaluated on demand."""

    def __init__(
        self,
        settings: RuleSettings,
        catalogue: Catalogue,
        history: Sequence[SetRecord],
        new_sets: Sequence[SetRecord],
    ) -> None:
        self.settings = settings
        self.catalogue = catalogue
        self.tz = settings.zone
        self.week_start = settings.week_start
        self.sets, self.n_hist = prefix(settings, history, new_sets)
        self._ties = TieOrder(self.sets, self.n_hist)
        sets = self.sets
        if not sets:
            raise ValueError("nothing to evaluate")
        self.grid = WeekGrid(sets[0].at, sets[-1].at, self.tz, self.week_start)
        self.current_week = self.grid.week(sets[-1].at)
        self.deload = deload_weeks(
            settings.past_deload_weeks, self.current_week, settings.deload_week
        )
        self.wstarts = workout_starts(sets)
        share = settings.share_limit()
        self.share_num, self.share_den = share.numerator, share.denominator
        self.min_week_failures = settings.int_threshold("min_failure_sets_week")
        self.streak_weeks = settings.int_threshold("share_streak_weeks")
        self.max_failures_workout = settings.int_threshold("max_failure_sets_per_workout")
        self.heavy_max_reps = settings.int_threshold("heavy_max_reps")
        self.heavy_pct = settings.threshold("heavy_pct_e1rm")
        self.min_declining = settings.int_threshold("deload_suggest_min_exercises")
        self.scope = ScopeMemo()
        # Caches (positions never move once their tie runs are ordered, see ensure_order).
        self._workout_cum: dict[int, list[int]] = {}
        self._workout_firsts: dict[int, dict[str, int]] = {}
        self._week_cum: dict[int, tuple[list[int], list[int]]] = {}
        self._week_total: dict[int, tuple[int, int]] = {}
        self._training: tuple[frozenset[date], date | None] | None = None
        self._due: dict[int, bool] = {}
        self._streak: dict[int, bool] = {}
        self._ref: dict[str, list[tuple[datetime, float]]] = {}
        self._declines = DeclineIndex(self)

    # --- order -------------------------------------------------------------------------------

    def ensure_order(self, a: int, b: int) -> None:
        """Put history sets sharing a time stamp in canonical order, for runs meeting [a-1, b)."""
        self._ties.ensure(a, b)

    # --- places --------------------------------------------------------------------------------

    def week_index(self, i: int) -> int:
        return self.grid.index(self.sets[i].at)

    def week_date(self, k: int) -> date:
        return self.grid.weeks[k]

    def week_is_deload(self, k: int) -> bool:
        return self.grid.weeks[k] in self.deload

    def date_is_deload(self, d: date) -> bool:
        return d in self.deload

    def in_deload(self, i: int) -> bool:
        return self.week_is_deload(self.week_index(i))

    def week_range(self, k: int) -> tuple[int, int]:
        starts = self.grid.starts
        sets = self.sets
        return (
            bisect_left(sets, starts[k], key=AT),
            bisect_left(sets, starts[k + 1], key=AT),
        )

    def workout_of(self, i: int) -> int:
        return bisect_right(self.wstarts, i) - 1

    def workout_range(self, w: int) -> tuple[int, int]:
        ws = self.wstarts
        return ws[w], ws[w + 1] if w + 1 < len(ws) else len(self.sets)

    def workout_first_at(self, w: int) -> datetime:
        return self.sets[self.wstarts[w]].at

    def workout_excluded(self, w: int) -> bool:
        """Its first set's week is a deload week (not a trend session)."""
        return self.grid.week(self.workout_first_at(w)) in self.deload

    def position_at(self, at: datetime) -> int:
        """First position with a time >= at."""
        return bisect_left(self.sets, at, key=AT)

    # --- one set -------------------------------------------------------------------------------

    def counts_failure(self, i: int) -> bool:
        """Adds one to F (drop chains count once, at their first failure link)."""
        s = self.sets[i]
        if not is_failure_set(s):
            return False
        if not s.drop:
            return True
        self._order_chain(i)
        return counts_as_failure(self.sets, i)

    def counts_working(self, i: int) -> bool:
        """Adds one to N (a drop chain is one working set)."""
        s = self.sets[i]
        if s.warmup:
            return False
        if not s.drop:
            return True
        self._order_chain(i)
        return counts_as_working(self.sets, i)

    def is_link(self, i: int) -> bool:
        s = self.sets[i]
        if not s.drop or s.warmup or i == 0:
            return False
        self._order_chain(i)
        return not self.sets[i - 1].warmup

    def _order_chain(self, i: int) -> None:
        # A chain reaches back through consecutive drop sets; order them and their head,
        # one tie run at a time (ordering a run can change which set precedes).
        j = i
        while True:
            self.ensure_order(j, j + 1)
            if j == 0 or not self.sets[j].drop:
                return
            j -= 1

    # --- tallies -------------------------------------------------------------------------------

    def workout_failures(self, i: int) -> int:
        """F in i's workout up to and including i."""
        w = self.workout_of(i)
        cum = self._workout_cum.get(w)
        a, b = self.workout_range(w)
        if cum is None:
            self.ensure_order(a, b)
            cum = []
            c = 0
            for j in range(a, b):
                if self.counts_failure(j):
                    c += 1
                cum.append(c)
            self._workout_cum[w] = cum
        return cum[i - a]

    def workout_first_failures(self, w: int) -> dict[str, int]:
        """Position of the first failure set of each exercise in workout w."""
        got = self._workout_firsts.get(w)
        if got is None:
            a, b = self.workout_range(w)
            self.ensure_order(a, b)
            got = {}
            sets = self.sets
            for j in range(a, b):
                s = sets[j]
                if s.exercise not in got and is_failure_set(s):
                    got[s.exercise] = j
            self._workout_firsts[w] = got
        return got

    def week_tally(self, i: int) -> tuple[int, int]:
        """(F, N) of i's week up to and including i."""
        k = self.week_index(i)
        a, b = self.week_range(k)
        entry = self._week_cum.get(k)
        if entry is None:
            self.ensure_order(a, b)
            fs: list[int] = []
            ns: list[int] = []
            f = n = 0
            for j in range(a, b):
                if self.counts_working(j):
                    n += 1
                if self.counts_failure(j):
                    f += 1
                fs.append(f)
                ns.append(n)
            entry = self._week_cum[k] = (fs, ns)
        return entry[0][i - a], entry[1][i - a]

    def week_total(self, k: int) -> tuple[int, int]:
        """(F, N) over a whole week of the grid (0, 0 outside it)."""
        if k < 0 or k >= len(self.grid.weeks):
            return 0, 0
        got = self._week_total.get(k)
        if got is None:
            a, b = self.week_range(k)
            seg = self.sets[a:b]
            if any(map(DROP, seg)):
                self.ensure_order(a, b)
                f = sum(1 for j in range(a, b) if self.counts_failure(j))
                n = sum(1 for j in range(a, b) if self.counts_working(j))
            else:
                n = len(seg) - sum(map(WARMUP, seg))
                f = sum(map(is_failure_set, seg))
            got = self._week_total[k] = (f, n)
        return got

    def share_high(self, f: int, n: int) -> bool:
        """F >= min_failure_sets_week and F/N > max_failure_share."""
        return f >= self.min_week_failures and share_above(f, n, self.share_num, self.share_den)

    def share_pct(self) -> Fraction:
        return Fraction(self.share_num * 100, self.share_den)

    # --- weeks ---------------------------------------------------------------------------------

    def _training_weeks(self) -> tuple[frozenset[date], date | None]:
        if self._training is None:
            weeks: set[date] = set()
            first: date | None = None
            for k, d in enumerate(self.grid.weeks):
                a, b = self.week_range(k)
                if a < b and not all(map(WARMUP, self.sets[a:b])):
                    weeks.add(d)
                    if first is None:
                        first = d
            self._training = (frozenset(weeks), first)
        return self._training

    def due(self, k: int) -> bool:
        """A planned deload is due in week k (whatever the DELOAD_DUE switch says)."""
        got = self._due.get(k)
        if got is None:
            weeks, first = self._training_weeks()
            got = planned_deload_due(
                self.grid.weeks[k],
                self.settings.deload_every_weeks,
                self.deload,
                weeks,
                first,
            )
            self._due[k] = got
        return got

    def cycle_week(self, k: int) -> int:
        weeks, first = self._training_weeks()
        if first is None:
            return 0
        return cycle_week(self.grid.weeks[k], self.deload, weeks, first)

    def streak(self, k: int) -> bool:
        """Rule 6's week condition: each of the previous `share_streak_weeks` weeks was high."""
        got = self._streak.get(k)
        if got is None:
            got = all(
                self.share_high(*self.week_total(k - j)) for j in range(1, self.streak_weeks + 1)
            )
            self._streak[k] = got
        return got

    # --- e1RM ----------------------------------------------------------------------------------

    def reference_e1rm(self, i: int) -> float | None:
        """Max e1RM of the exercise's working sets in [at - 84 d, at) (strictly earlier)."""
        s = self.sets[i]
        series = self._ref.get(s.exercise)
        if series is None:
            ex = s.exercise
            series = []
            for t in self.sets:
                if t.exercise == ex and not t.warmup:
                    v = e1rm(t)
                    if v is not None:
                        series.append((t.at, v))
            self._ref[ex] = series
        lo = bisect_left(series, s.at - E1RM_WINDOW, key=_first)
        hi = bisect_left(series, s.at, key=_first)
        return max((v for _, v in series[lo:hi]), default=None)

    # --- declines ------------------------------------------------------------------------------

    def decline_at(self, i: int) -> Decline | None:
        """The decline event at set i, if any (none in deload weeks)."""
        return self._declines.decline_at(i)

    def earlier_decline_in_workout(self, i: int) -> bool:
        """Some earlier set of i's exercise in i's workout was a decline event."""
        return self._declines.earlier_in_workout(i)

    def decline_events(self, lo_at: datetime, hi: int) -> list[tuple[int, datetime, str]]:
        """(position, at, exercise) of decline events with at > lo_at and position <= hi."""
        return self._declines.events(lo_at, hi)

    def declining_exercises(self, i: int) -> list[str]:
        """Exercises with a decline event in (at - 14 d, at], i included, by first event."""
        return self._declines.declining(self.sets[i].at - DECLINE_WINDOW, i)


def _first(pair: tuple[datetime, float]) -> datetime:
    return pair[0]
