"""The timeline's decline events: sessions per exercise, newest first, loaded only as far
back as lookups need (rules 5, 8 and 9)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from datetime import datetime, timedelta
from itertools import groupby
from operator import attrgetter
from typing import TYPE_CHECKING

from core.model import SetRecord
from core.training.declines import (
    TREND_WINDOW,
    Decline,
    EarlierSessions,
    Session,
    TrendReader,
    TrendSet,
    first_decline,
    session_declines,
)
from core.training.workouts import AT

if TYPE_CHECKING:
    from core.rules.timeline import Timeline

EXERCISE = attrgetter("exercise")
# Trend data is loaded backwards in chunks: weekly lifts find W1 and W2 within two chunks.
TREND_CHUNK = timedelta(days=7)


class DeclineIndex:
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

    def _sessions(self, lo_at: datetime, hi: int) -> Iterator[tuple[str, int, Session]]:
        """(exercise, index, session) of the workouts from the first set after lo_at to the
        workout of position hi, read in full."""
        tl = self.tl
        first = bisect_right(tl.sets, lo_at, key=AT)
        if first > hi:
            return
        w_lo = tl.workout_of(first)
        w_hi = tl.workout_of(hi)
        self.eager_to(w_lo)
        for ex, lst in list(self.by_ex.items()):  # lookups may load older exercises
            for n, ses in enumerate(lst):
                if ses.workout > w_hi:
                    continue
                if ses.workout < w_lo:
                    break
                yield ex, n, ses

    def declining(self, lo_at: datetime, hi: int) -> list[str]:
        """Exercises with a decline event at > lo_at and position <= hi, by first event."""
        found: list[tuple[int, str]] = []
        for ex, n, _ in self._sessions(lo_at, hi):
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
        tl.ensure_order(i, i + 1)  # the set that stays at position i
        if self.reader.trend_set(tl.sets[i], i) is None:
            # No RTF and no e1RM_known (most sets log no effort): never an event, so nothing
            # of the workout needs reading.
            return None
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
        out: list[tuple[int, datetime, str]] = []
        for ex, n, ses in self._sessions(lo_at, hi):
            for t, ev in zip(ses.sets, self._events(ex, n), strict=True):
                if ev is not None and t[1] > lo_at and t[0] <= hi:
                    out.append((t[0], t[1], ex))
        out.sort()
        return out
