"""One exercise over time (/chart): best e1RM per session, and reps to failure at the loads
trained most ("more reps before failure = getting stronger"), deload weeks marked."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from core.calendar import Zone, week_of
from core.insights.bodyweight import BodyweightLog, e1rm_measure
from core.insights.stats.exercise import sessions
from core.model import SetRecord, Unit
from core.training.sets import is_failure_set, kg_of, rtf, same_load

E1RM = "e1rm"  # kg
REPS = "reps"  # most reps in a session (bodyweight moves without added load)
HOLD = "hold"  # longest hold in a session, seconds
RTF_LOADS = 3

E1rmOf = Callable[[SetRecord], float | None]


@dataclass(frozen=True, slots=True)
class Point:
    at: datetime  # the session's start
    value: float
    failure: bool  # the set behind the value is a failure set
    deload: bool  # in a deload week
    record: SetRecord


@dataclass(frozen=True, slots=True)
class LoadSeries:
    """Reps to failure (reps + RIR, rules.md §1) at one load, one point per session."""

    weight: Decimal  # as typed in the latest set at this load
    unit: Unit
    bodyweight: bool
    kg: float
    points: tuple[Point, ...]


@dataclass(frozen=True, slots=True)
class Progress:
    exercise: str
    kind: str  # what `top` shows: e1rm | reps | hold
    top: tuple[Point, ...]
    rtf: tuple[LoadSeries, ...]  # heaviest first
    deload_weeks: tuple[date, ...]  # marked deload weeks within the span
    sessions: int
    with_body: bool = False  # the e1RM of bodyweight sets counts the bodyweight (weigh-ins)

    @property
    def failure_marked(self) -> bool:
        """Whether a point is drawn as a failure set (red): a session's plotted set that went
        to failure, outside deload weeks, on either panel."""
        points = (*self.top, *(q for series in self.rtf for q in series.points))
        return any(q.failure and not q.deload for q in points)


@dataclass(slots=True)
class _Load:
    kg: float
    latest: SetRecord
    points: list[Point] = field(default_factory=list)


def progress(
    exercise: str,
    ordered: Sequence[SetRecord],
    deload_weeks: Collection[date],
    zone: Zone,
    week_start: str,
    body: BodyweightLog | None = None,
) -> Progress | None:
    """From one exercise's working sets in canonical order; None when there are none. `body`:
    the user's weigh-ins, which bodyweight sets add to their load (bodyweight.e1rm_measure)."""
    found = [s for s in sessions(ordered, deload_weeks, zone, week_start) if s.working]
    if not found:
        return None
    e1rm, with_body = e1rm_measure(ordered, body)
    kind = _kind(ordered, e1rm)
    top: list[Point] = []
    loads: list[_Load] = []
    for ses in found:
        best = _best(ses.working, kind, e1rm)
        if best is not None:
            value, s = best
            top.append(Point(ses.start, value, is_failure_set(s), ses.deload, s))
        here: dict[int, tuple[float, SetRecord]] = {}
        for s in ses.working:
            r = rtf(s)
            if r is None:
                continue
            k = _load_index(loads, s)
            held = here.get(k)
            if held is None or r > held[0] or (r == held[0] and is_failure_set(s)):
                here[k] = (r, s)
        for k, (r, s) in here.items():
            loads[k].points.append(Point(ses.start, r, is_failure_set(s), ses.deload, s))
    first = week_of(found[0].start, zone, week_start)
    last = week_of(found[-1].start, zone, week_start)
    return Progress(
        exercise=exercise,
        kind=kind,
        top=tuple(top),
        rtf=_chosen(loads),
        deload_weeks=tuple(sorted(w for w in deload_weeks if first <= w <= last)),
        sessions=len(found),
        with_body=with_body and kind == E1RM,
    )


def _kind(ordered: Sequence[SetRecord], e1rm: E1rmOf) -> str:
    working = [s for s in ordered if not s.warmup]
    if any(e1rm(s) is not None for s in working):
        return E1RM
    if any(s.reps is not None for s in working):
        return REPS
    return HOLD


def _best(working: Sequence[SetRecord], kind: str, e1rm: E1rmOf) -> tuple[float, SetRecord] | None:
    best: tuple[float, SetRecord] | None = None
    for s in working:
        if kind == E1RM:
            value = e1rm(s)
        elif kind == REPS:
            value = float(s.reps) if s.reps is not None else None
        else:
            value = float(s.seconds) if s.seconds is not None else None
        if value is not None and (best is None or value > best[0]):
            best = (value, s)
    return best


def _load_index(loads: list[_Load], s: SetRecord) -> int:
    kg = kg_of(s)
    for k, load in enumerate(loads):
        if same_load(load.kg, kg):
            load.latest = s
            return k
    loads.append(_Load(kg, s))
    return len(loads) - 1


def _chosen(loads: list[_Load]) -> tuple[LoadSeries, ...]:
    """The loads with two or more sessions outside deload weeks, trained most recently (the
    ones a lifter works with now), heaviest first."""
    usable = [x for x in loads if sum(not p.deload for p in x.points) >= 2]
    usable.sort(
        key=lambda x: (-max(p.at for p in x.points if not p.deload).timestamp(), -len(x.points))
    )
    chosen = sorted(usable[:RTF_LOADS], key=lambda x: -x.kg)
    return tuple(
        LoadSeries(x.latest.weight, x.latest.unit, x.latest.bodyweight, x.kg, tuple(x.points))
        for x in chosen
    )
