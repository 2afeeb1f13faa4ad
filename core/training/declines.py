"""Reps-to-failure and e1RM declines over three sessions (rules.md §1): trend sets, sessions
per exercise and the decline events the rules and summaries share."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import partial
from itertools import compress
from operator import attrgetter, is_not, itemgetter, ne
from zoneinfo import ZoneInfo

from core.calendar import week_of
from core.model import SetRecord, Unit
from core.training.sets import MAX_E1RM_REPS, MAX_RIR_KNOWN, same_load
from core.training.workouts import workout_starts
from core.units import KG_PER_LB_FLOAT

# Fixed values of §1 (not user-settable).
TREND_WINDOW = timedelta(days=42)
DECLINE_WINDOW = timedelta(days=14)
TREND_SESSIONS = 3
REPS_DECLINE_MIN = 2.0
E1RM_DECLINE_RATIO = 0.95

_KG = Unit.KG  # enum member lookups on the class are slow in hot loops


# A trend set: (position in the canonical sequence, at, kg, RTF, e1RM_known). A plain tuple,
# not a NamedTuple: trends read thousands of sets per call and construction cost dominates.
TrendSet = tuple[int, datetime, float, float | None, float | None]


class TrendReader:
    """Reads trend sets (pos, at, kg, RTF, e1RM_known) fast: the hot loop of the engine.

    Same values as `rtf` and `e1rm_known`. Consecutive sets usually repeat a load, an RPE or
    an RIR, so each Decimal is converted only when it differs from the previous one:
    converting (or hashing) a fresh Decimal costs far more than comparing two.
    """

    __slots__ = ()

    def read(
        self, sets: Sequence[SetRecord], a: int, b: int, out: dict[str, list[TrendSet]]
    ) -> None:
        """Append the trend sets of positions [a, b) to `out` by exercise."""
        last_w: Decimal | None = None
        last_unit: Unit | None = None
        last_kg = 0.0
        last_rir: Decimal | None = None
        last_rir_f = 0.0
        last_rpe: Decimal | None = None
        last_rpe_f = 0.0
        for i in range(a, b):
            s = sets[i]
            if s.warmup or s.drop:
                continue
            reps = s.reps
            if reps is None:
                continue
            if s.failure is not None:
                rir = 0.0
            else:
                x = s.rir
                if x is not None:
                    if x != last_rir:
                        last_rir, last_rir_f = x, float(x)
                    rir = last_rir_f
                else:
                    x = s.rpe
                    if x is None:
                        continue  # RIR unknown: no RTF, no e1RM_known
                    if x != last_rpe:
                        last_rpe, last_rpe_f = x, 10.0 - float(x)
                    rir = last_rpe_f
            if rir > MAX_RIR_KNOWN:
                continue
            w = s.weight
            if w != last_w or s.unit is not last_unit:
                last_w, last_unit = w, s.unit
                last_kg = float(w) if s.unit is _KG else float(w) * KG_PER_LB_FLOAT
            kg = last_kg
            r = reps + rir
            e = kg * 36.0 / (37.0 - r) if reps >= 1 and kg > 0 and 1 <= r <= MAX_E1RM_REPS else None
            t: TrendSet = (i, s.at, kg, r, e)
            got = out.get(s.exercise)
            if got is None:
                out[s.exercise] = [t]
            else:
                got.append(t)

    def trend_set(self, s: SetRecord, pos: int) -> TrendSet | None:
        """The trend tuple of one set, or None when it has neither RTF nor e1RM_known."""
        out: dict[str, list[TrendSet]] = {}
        self.read((s,), 0, 1, out)
        return out[s.exercise][0] if out else None


def trend_set(s: SetRecord, pos: int) -> TrendSet | None:
    """The trend tuple of one set: (pos, at, kg, RTF, e1RM_known), or None."""
    return TrendReader().trend_set(s, pos)


WEIGHT = attrgetter("weight")
_E1RM = itemgetter(4)
_NOT_NONE = partial(is_not, None)
UNIT = attrgetter("unit")


class Session:
    """One exercise's sets in one workout: its trend sets in canonical order.

    `first_at` is the workout's first set (any exercise, warm-ups too); `excluded` says
    whether that set's week is a deload week (such sessions never serve as W1 or W2).
    A session can be built from raw records (`lazy`): as W1/W2 only its maxima count, so its
    trend sets are read on first use, and a load far from every working weight is ruled
    out without reading them.
    """

    __slots__ = (
        "_best",
        "_best_done",
        "_by_kg",
        "_raw",
        "_reader",
        "_reps_memo",
        "_sets",
        "_weights",
        "excluded",
        "first_at",
        "workout",
    )

    def __init__(
        self,
        workout: int,
        first_at: datetime,
        excluded: bool,
        sets: list[TrendSet] | None = None,
        raw: list[SetRecord] | None = None,
        reader: TrendReader | None = None,
    ) -> None:
        self.workout = workout
        self.first_at = first_at
        self.excluded = excluded
        self._sets = sets
        self._raw = raw
        self._reader = reader or TrendReader()
        self._best: float | None = None
        self._best_done = False
        self._by_kg: dict[float, float] | None = None
        self._weights: list[float] | None = None
        self._reps_memo: dict[float, float | None] | None = None

    @classmethod
    def lazy(
        cls,
        workout: int,
        first_at: datetime,
        excluded: bool,
        raw: list[SetRecord],
        reader: TrendReader,
    ) -> Session:
        return cls(workout, first_at, excluded, None, raw, reader)

    @property
    def sets(self) -> list[TrendSet]:
        got = self._sets
        if got is None:
            raw = self._raw or []
            out: dict[str, list[TrendSet]] = {}
            self._reader.read(raw, 0, len(raw), out)
            got = self._sets = [t for ts in out.values() for t in ts]
        return got

    def _near(self, load: float) -> bool:
        # Cheap pre-check for unread lazy sessions: some working set's weight is that load.
        raw = self._raw
        if self._sets is not None or raw is None:
            return True
        weights = self._weights
        if weights is None:
            if not all(map(_KG.__eq__, map(UNIT, raw))):
                return True  # other units: just read it
            # Weights where they change (comparing, not hashing: fresh Decimals hash slowly);
            # warm-up weights only add harmless false alarms.
            ws = list(map(WEIGHT, raw))
            changes = [ws[0], *compress(ws[1:], map(ne, ws[1:], ws))]
            weights = self._weights = [float(w) for w in changes]
        return any(same_load(w, load) for w in weights)

    def reps_at(self, load: float) -> float | None:
        """v_reps: the max RTF of sets at the same load (None if there is none)."""
        memo = self._reps_memo
        if memo is None:
            memo = self._reps_memo = {}
        elif load in memo:
            return memo[load]
        got = memo[load] = self._read_reps_at(load)
        return got

    def _read_reps_at(self, load: float) -> float | None:
        if not self._near(load):
            return None
        by_kg = self._by_kg
        if by_kg is None:
            by_kg = self._by_kg = {}
            for _, _, kg, r, _ in self.sets:
                if r is not None and r > by_kg.get(kg, -1.0):
                    by_kg[kg] = r
        best: float | None = None
        for kg, r in by_kg.items():
            if (best is None or r > best) and same_load(kg, load):
                best = r
        return best

    def best_e1rm(self) -> float | None:
        """v_e1rm: the max e1RM_known of the session."""
        if not self._best_done:
            self._best = max(filter(_NOT_NONE, map(_E1RM, self.sets)), default=None)
            self._best_done = True
        return self._best


@dataclass(frozen=True, slots=True)
class Decline:
    """A decline event: session values oldest first (v2, v1, v0); `load` only for reps."""

    kind: str  # "reps" | "e1rm"
    values: tuple[float, float, float]
    load: float | None


def reps_declined(v0: float, v1: float, v2: float) -> bool:
    """Strictly falling and down by at least 2 reps (12 -> 11 -> 10)."""
    return v0 < v1 < v2 and v2 - v0 >= REPS_DECLINE_MIN


def e1rm_declined(v0: float, v1: float, v2: float) -> bool:
    """Strictly falling and the latest at most 95 % of the oldest."""
    return v0 < v1 < v2 and v0 * 100 <= E1RM_DECLINE_RATIO * 100 * v2


EarlierSessions = Callable[[int], "Session | None"]


def _two_earlier(
    earlier: EarlierSessions, value: Callable[[Session], float | None], cutoff: datetime
) -> list[tuple[datetime, float]]:
    # The two most recent earlier non-deload sessions with a value, not older than cutoff.
    found: list[tuple[datetime, float]] = []
    k = 0
    while len(found) < TREND_SESSIONS - 1:
        ses = earlier(k)
        k += 1
        if ses is None or ses.first_at < cutoff:
            break
        if ses.excluded:
            continue
        v = value(ses)
        if v is not None:
            found.append((ses.first_at, v))
    return found


def _reps_at(load: float, ses: Session) -> float | None:
    return ses.reps_at(load)


def session_declines(current: Session, earlier: EarlierSessions) -> list[Decline | None]:
    """The decline event at each trend set of `current` (reps winning over e1RM).

    `earlier(k)` is the k-th session of the exercise before `current`, newest first, or None.
    W0 is `current` up to the set; W1, W2 the two most recent earlier sessions whose workout
    began at most 42 days before the set. The caller drops events in deload weeks.
    """
    sets = current.sets
    out: list[Decline | None] = []
    if not sets:
        return out
    # The earliest set has the loosest 42-day cutoff; each set re-checks its own below.
    loosest = sets[0][1] - TREND_WINDOW
    reps_prev: dict[float, list[tuple[datetime, float]]] = {}
    e1rm_prev: list[tuple[datetime, float]] | None = None
    seen: dict[float, float] = {}  # kg -> max RTF so far in W0
    best_e1rm: float | None = None
    for _, at, kg, rtf, e in sets:
        event: Decline | None = None
        if e is not None and (best_e1rm is None or e > best_e1rm):
            best_e1rm = e
        if rtf is not None:
            old = seen.get(kg)
            if old is None or rtf > old:
                seen[kg] = rtf
            prev = reps_prev.get(kg)
            if prev is None:
                prev = reps_prev[kg] = _two_earlier(earlier, partial(_reps_at, kg), loosest)
            # v0 >= this set's RTF, so it can only fall below v1 if this set does
            if len(prev) == 2 and rtf < prev[0][1] and prev[1][0] >= at - TREND_WINDOW:
                v1, v2 = prev[0][1], prev[1][1]
                v0 = max(r for k, r in seen.items() if same_load(k, kg))
                if reps_declined(v0, v1, v2):
                    event = Decline("reps", (v2, v1, v0), kg)
        if event is None and e is not None:
            if e1rm_prev is None:
                e1rm_prev = _two_earlier(earlier, Session.best_e1rm, loosest)
            if len(e1rm_prev) == 2 and e1rm_prev[1][0] >= at - TREND_WINDOW:
                v1, v2 = e1rm_prev[0][1], e1rm_prev[1][1]
                if best_e1rm is not None and e1rm_declined(best_e1rm, v1, v2):
                    event = Decline("e1rm", (v2, v1, best_e1rm), None)
        out.append(event)
    return out


def first_decline(current: Session, earlier: EarlierSessions) -> int | None:
    """Index in `current.sets` of its first decline event, as `session_declines` would find.

    Only a few sets need judging: W0's maxima only grow and each set's 42-day cutoff only
    tightens, so e1RM events are a prefix of the e1RM sets and reps events at one load a
    prefix of the sets at that load. The first e1RM set and the first set at each load
    therefore decide whether, and where first, the session has an event.
    """
    sets = current.sets
    if not sets:
        return None
    loosest = sets[0][1] - TREND_WINDOW
    e1rm_prev: list[tuple[datetime, float]] | None = None
    seen: dict[float, float] = {}
    for m, (_, at, kg, rtf, e) in enumerate(sets):
        if rtf is not None:
            old = seen.get(kg)
            if old is None:
                seen[kg] = rtf
                prev = _two_earlier(earlier, partial(_reps_at, kg), loosest)
                if len(prev) == 2 and rtf < prev[0][1] and prev[1][0] >= at - TREND_WINDOW:
                    v0 = max(r for k, r in seen.items() if same_load(k, kg))
                    if reps_declined(v0, prev[0][1], prev[1][1]):
                        return m
            elif rtf > old:
                seen[kg] = rtf
        if e is not None and e1rm_prev is None:  # the first e1RM set
            e1rm_prev = _two_earlier(earlier, Session.best_e1rm, loosest)
            if (
                len(e1rm_prev) == 2
                and e1rm_prev[1][0] >= at - TREND_WINDOW
                and e1rm_declined(e, e1rm_prev[0][1], e1rm_prev[1][1])
            ):
                return m
    return None


def decline_events(
    ordered: Sequence[SetRecord], tz: ZoneInfo, week_start: str, deload: Collection[date]
) -> dict[int, Decline]:
    """Every decline event of a canonical sequence, by position (linear; for summaries).

    None in deload weeks; sessions in deload weeks are skipped as W1/W2.
    """
    starts = workout_starts(ordered)
    ends = [*starts[1:], len(ordered)]
    fc = TrendReader()
    by_exercise: dict[str, list[Session]] = {}
    for w, (a, b) in enumerate(zip(starts, ends, strict=True)):
        first_at = ordered[a].at
        excluded = week_of(first_at, tz, week_start) in deload
        here: dict[str, list[TrendSet]] = {}
        fc.read(ordered, a, b, here)
        for ex, sets in here.items():
            by_exercise.setdefault(ex, []).append(Session(w, first_at, excluded, sets))
    events: dict[int, Decline] = {}
    for sessions in by_exercise.values():
        for n, ses in enumerate(sessions):

            def earlier(k: int, n: int = n, sessions: list[Session] = sessions) -> Session | None:
                j = n - 1 - k
                return sessions[j] if j >= 0 else None

            for t, ev in zip(ses.sets, session_declines(ses, earlier), strict=True):
                if ev is not None and week_of(t[1], tz, week_start) not in deload:
                    events[t[0]] = ev
    return events
