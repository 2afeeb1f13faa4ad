"""One evaluation's view of the sets: canonical order, workouts, weeks and lazy aggregates.

Built once per `evaluate` call. Everything is indexed by position in `sets` (history in
canonical order, then the new sets as given), found by bisection on time, and computed only
for the ranges a rule asks about, so a call costs little more than sorting the window.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from fractions import Fraction
from itertools import compress, groupby, pairwise
from operator import attrgetter, eq, gt

from core.calendar import WeekGrid
from core.catalogue import Catalogue
from core.model import SetRecord
from core.rules.scope import ScopeMemo
from core.rules.settings import RuleSettings
from core.rules.window import history_since
from core.training import (
    AT,
    DECLINE_WINDOW,
    E1RM_WINDOW,
    TREND_WINDOW,
    Decline,
    EarlierSessions,
    Session,
    TrendReader,
    TrendSet,
    canonical_key,
    counts_as_failure,
    counts_as_working,
    cycle_week,
    deload_weeks,
    e1rm,
    first_decline,
    is_failure_set,
    planned_deload_due,
    session_declines,
    share_above,
    workout_starts,
)

WARMUP = attrgetter("warmup")
DROP = attrgetter("drop")
SEQ = attrgetter("seq")
EXERCISE = attrgetter("exercise")
# Trend data is loaded backwards in chunks: weekly lifts find W1 and W2 within two chunks.
TREND_CHUNK = timedelta(days=7)


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
        for s in new_sets:
            if s.at.tzinfo is None or s.at.utcoffset() is None:
                raise ValueError("set times must be timezone-aware")
        new = list(_absolute(new_sets, new_sets))
        for a, b in pairwise(new):
            if b.at < a.at:
                raise ValueError("new sets must be in time order")
        since = history_since(new[0].at, settings).astimezone(UTC) if new else None
        if since is not None and history and history[0].at < since:
            # More history than needed (it usually comes oldest first): cut, then sort.
            hist = sorted([s for s in history if s.at >= since], key=AT)
        else:
            # Timsort is linear on the usual already-ordered input; ties are fixed lazily.
            hist = sorted(history, key=AT)
        if hist and _absolute(hist, (hist[0], hist[-1])) is not hist:
            hist = sorted(_absolute(hist, hist), key=AT)  # zone times sort by wall clock
        if since is not None and hist:
            lo = bisect_left(hist, since, key=AT)
            if lo:
                del hist[:lo]
            if hist and hist[-1].at > new[0].at:
                raise ValueError("new sets must not be earlier than history")
        self.sets: list[SetRecord] = hist + new
        self.n_hist = len(hist)
        self._fixed = bytearray(len(hist))  # 1 = tie run already in canonical order
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
        self._trends = _Trends(self)

    # --- order -------------------------------------------------------------------------------

    def ensure_order(self, a: int, b: int) -> None:
        """Put history sets sharing a time stamp in canonical order, for runs meeting [a-1, b).

        Sorting by time alone keeps ties in input order; storage usually hands them over by
        `seq` already, so most runs only need checking. A run is ordered once and never
        again, so positions seen after ordering stay valid.
        """
        a = max(a - 1, 0)
        b = min(b, self.n_hist)
        fixed = self._fixed
        i = fixed.find(0, a, b) if a < b else -1
        while i >= 0:
            j = fixed.find(1, i, b)
            end = b if j < 0 else j
            self._fix_ties(i, end)
            i = fixed.find(0, end, b) if end < b else -1

    def _fix_ties(self, a: int, b: int) -> None:
        sets = self.sets
        n = self.n_hist
        while a > 0 and sets[a - 1].at == sets[a].at:  # whole runs only
            a -= 1
        while b < n and sets[b].at == sets[b - 1].at:
            b += 1
        seg = sets[a:b]
        ats = list(map(AT, seg))
        eqs = list(map(eq, ats[1:], ats))  # eqs[k]: seg[k + 1] ties with seg[k]
        if any(eqs):
            seqs = list(map(SEQ, seg))
            # Fast path, all in C: every tie already ordered by a strictly rising seq.
            if not all(map(gt, compress(seqs[1:], eqs), compress(seqs, eqs))):
                self._sort_runs(a, seg, eqs)
        self._fixed[a:b] = b"\x01" * (b - a)

    def _sort_runs(self, a: int, seg: list[SetRecord], eqs: list[bool]) -> None:
        k = 0
        while k < len(eqs):
            if not eqs[k]:
                k += 1
                continue
            start = k
            while k < len(eqs) and eqs[k]:
                k += 1
            run = seg[start : k + 1]
            run.sort(key=canonical_key)
            self.sets[a + start : a + k + 1] = run

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
        return self._trends.decline_at(i)

    def earlier_decline_in_workout(self, i: int) -> bool:
        """Some earlier set of i's exercise in i's workout was a decline event."""
        return self._trends.earlier_in_workout(i)

    def decline_events(self, lo_at: datetime, hi: int) -> list[tuple[int, datetime, str]]:
        """(position, at, exercise) of decline events with at > lo_at and position <= hi."""
        return self._trends.events(lo_at, hi)

    def declining_exercises(self, i: int) -> list[str]:
        """Exercises with a decline event in (at - 14 d, at], i included, by first event."""
        return self._trends.declining(self.sets[i].at - DECLINE_WINDOW, i)


def _absolute(sets: Sequence[SetRecord], probe: Sequence[SetRecord]) -> Sequence[SetRecord]:
    """Sets whose times do arithmetic on instants.

    Python subtracts and compares datetimes sharing a tzinfo by wall clock, wrong across DST
    for zone-aware times. Set times carry a fixed UTC offset (rules.md §1: ISO 8601 with
    offset; storage gives UTC), which is exact. Checking every set would cost as much as the
    rest of a call, so only `probe` (new sets, the ends of the history) is looked at; a log
    in a zone is converted to UTC once here.
    """
    if all(type(s.at.tzinfo) is timezone for s in probe):
        return sets
    return [
        s if type(s.at.tzinfo) is timezone else replace(s, at=s.at.astimezone(UTC)) for s in sets
    ]


def _first(pair: tuple[datetime, float]) -> datetime:
    return pair[0]


class _Trends:
    """Sessions per exercise, newest first, loaded only as far back as lookups need.

    Workouts that can hold a decline event being asked about are read in full ("eager":
    trend sets with positions, canonical order). Older workouts only serve as W1/W2, which
    need maxima alone, so they are grouped by exercise as raw records ("lazy") and read on
    demand, a chunk at a time.
    """

    def __init__(self, tl: Timeline) -> None:
        self.tl = tl
        n = len(tl.wstarts)
        self.eager_lo = n  # workouts >= eager_lo are read in full
        self.lazy_lo = n  # workouts >= lazy_lo are loaded in some form
        self.by_ex: dict[str, list[Session]] = {}
        self.slot: dict[tuple[str, int], int] = {}  # (exercise, workout) -> index in by_ex
        self.events_of: dict[tuple[str, int], list[Decline | None]] = {}
        self.first_of: dict[tuple[str, int], tuple[int, datetime] | None] = {}
        self.reader = TrendReader()

    def _put(self, ex: str, ses: Session) -> None:
        key = (ex, ses.workout)
        n = self.slot.get(key)
        lst = self.by_ex.setdefault(ex, [])
        if n is None:
            self.slot[key] = len(lst)
            lst.append(ses)  # older than everything loaded: order stays newest first
        else:
            lst[n] = ses  # a lazy session read in full

    def eager_to(self, w: int) -> None:
        """Read every workout from w to the newest in full."""
        tl = self.tl
        sets = tl.sets
        fc = self.reader
        while self.eager_lo > max(w, 0):
            self.eager_lo -= 1
            wk = self.eager_lo
            if wk < self.lazy_lo:
                self.lazy_to(wk + 1)
            a, b = tl.workout_range(wk)
            tl.ensure_order(a, b)
            here: dict[str, list[TrendSet]] = {}
            fc.read(sets, a, b, here)
            first_at = sets[a].at
            excluded = tl.workout_excluded(wk)
            for ex, ts in here.items():
                self._put(ex, Session(wk, first_at, excluded, ts))
            self.lazy_lo = min(self.lazy_lo, wk)

    def lazy_to(self, w: int) -> None:
        """Load workouts from w up to the loaded ones as raw records per exercise."""
        tl = self.tl
        sets = tl.sets
        while self.lazy_lo > max(w, 0):
            self.lazy_lo -= 1
            wk = self.lazy_lo
            a, b = tl.workout_range(wk)
            here: dict[str, list[SetRecord]] = {}
            for ex, grp in groupby(sets[a:b], key=EXERCISE):
                got = here.get(ex)
                if got is None:
                    here[ex] = list(grp)
                else:
                    got.extend(grp)
            first_at = sets[a].at
            excluded = tl.workout_excluded(wk)
            for ex, raw in here.items():
                self._put(ex, Session.lazy(wk, first_at, excluded, raw, self.reader))

    def _extend(self, limit: datetime) -> bool:
        """Load one more chunk of older workouts; False when none is left inside `limit`."""
        tl = self.tl
        if self.lazy_lo <= 0 or tl.workout_first_at(self.lazy_lo) < limit:
            return False
        target = tl.workout_first_at(self.lazy_lo - 1) - TREND_CHUNK
        w = tl.workout_of(tl.position_at(max(target, limit)))
        self.lazy_to(min(w, self.lazy_lo - 1))
        return True

    def _earlier(self, lst: list[Session], n: int) -> EarlierSessions:
        current = lst[n]
        limit = current.sets[0][1] - TREND_WINDOW if current.sets else current.first_at

        def earlier(k: int) -> Session | None:
            j = n + 1 + k
            while j >= len(lst):
                if not self._extend(limit):
                    return None
            return lst[j]

        return earlier

    def _events(self, ex: str, n: int) -> list[Decline | None]:
        key = (ex, n)
        got = self.events_of.get(key)
        if got is None:
            lst = self.by_ex[ex]
            current = lst[n]
            got = session_declines(current, self._earlier(lst, n))
            tl = self.tl
            for m, ev in enumerate(got):
                if ev is not None and tl.in_deload(current.sets[m][0]):
                    got[m] = None  # none in deload weeks (the set's own week)
            self.events_of[key] = got
        return got

    def _first_event(self, ex: str, n: int, lo_at: datetime) -> tuple[int, datetime] | None:
        """(position, at) of the session's first decline event with at > lo_at."""
        lst = self.by_ex[ex]
        sets = lst[n].sets
        if not sets:
            return None
        tl = self.tl
        key = (ex, n)
        whole = sets[0][1] > lo_at and tl.grid.index(sets[0][1]) == tl.grid.index(sets[-1][1])
        if whole and key not in self.events_of:
            # Inside the window and one week: the first-event shortcut is exact.
            if key not in self.first_of:
                first: tuple[int, datetime] | None = None
                if not tl.in_deload(sets[0][0]):
                    m = first_decline(lst[n], self._earlier(lst, n))
                    if m is not None:
                        first = (sets[m][0], sets[m][1])
                self.first_of[key] = first
            return self.first_of[key]
        for t, ev in zip(sets, self._events(ex, n), strict=True):
            if ev is not None and t[1] > lo_at:
                return t[0], t[1]
        return None

    def declining(self, lo_at: datetime, hi: int) -> list[str]:
        """Exercises with a decline event at > lo_at and position <= hi, by first event."""
        tl = self.tl
        first = bisect_right(tl.sets, lo_at, key=AT)
        if first > hi:
            return []
        w_lo = tl.workout_of(first)
        w_hi = tl.workout_of(hi)
        self.eager_to(w_lo)
        found: list[tuple[int, str]] = []
        for ex, lst in list(self.by_ex.items()):  # lookups may load older exercises
            for n, ses in enumerate(lst):
                if ses.workout > w_hi:
                    continue
                if ses.workout < w_lo:
                    break
                got = self._first_event(ex, n, lo_at)
                if got is not None and got[0] <= hi:
                    found.append((got[0], ex))
        # an exercise counts once, at its earliest event in the window
        best: dict[str, int] = {}
        for pos, ex in found:
            if pos < best.get(ex, pos + 1):
                best[ex] = pos
        return sorted(best, key=best.__getitem__)

    def _locate(self, i: int) -> tuple[str, int, int] | None:
        tl = self.tl
        w = tl.workout_of(i)  # workout bounds never split a tie run, so this is stable
        self.eager_to(w)  # orders the workout's ties before position i is read
        ex = tl.sets[i].exercise
        n = self.slot.get((ex, w))
        if n is None:
            return None
        for m, t in enumerate(self.by_ex[ex][n].sets):
            if t[0] == i:
                return ex, n, m
        return None

    def decline_at(self, i: int) -> Decline | None:
        where = self._locate(i)
        if where is None:
            return None
        ex, n, m = where
        return self._events(ex, n)[m]

    def earlier_in_workout(self, i: int) -> bool:
        where = self._locate(i)
        if where is None:
            return False
        ex, n, m = where
        return any(ev is not None for ev in self._events(ex, n)[:m])

    def events(self, lo_at: datetime, hi: int) -> list[tuple[int, datetime, str]]:
        tl = self.tl
        first = bisect_right(tl.sets, lo_at, key=AT)
        if first > hi:
            return []
        w_lo = tl.workout_of(first)
        w_hi = tl.workout_of(hi)
        self.eager_to(w_lo)
        out: list[tuple[int, datetime, str]] = []
        for ex, lst in list(self.by_ex.items()):  # lookups may load older exercises
            for n, ses in enumerate(lst):
                if ses.workout > w_hi:
                    continue
                if ses.workout < w_lo:
                    break
                for t, ev in zip(ses.sets, self._events(ex, n), strict=True):
                    if ev is not None and t[1] > lo_at and t[0] <= hi:
                        out.append((t[0], t[1], ex))
        out.sort()
        return out
