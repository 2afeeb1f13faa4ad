"""The summary's trend sections (rules.md §5.6, §5.7): reps to failure per load, e1RM per lift."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from core.calendar import WEEK
from core.catalogue import Catalogue
from core.insights.window import WeekWindow
from core.model import Unit
from core.training.declines import TREND_WINDOW, reps_declined
from core.training.sets import e1rm_known, kg_of, rtf, same_load

TOP_RTF = 5
TOP_E1RM = 6
E1RM_WEEKS_BACK = 4
E1RM_TREND_CLASSES = ("avoid", "caution")


@dataclass(frozen=True, slots=True)
class RtfTrend:
    """`Curl 16 kg: 11 -> 12`: v_reps of the week's last session against the previous one."""

    exercise: str
    weight: Decimal  # as typed in the week's set, shown in its unit
    unit: Unit
    bodyweight: bool
    before: float
    now: float
    declining: bool  # the reps-decline test of §1 holds over the last three sessions


@dataclass(frozen=True, slots=True)
class E1rmTrend:
    exercise: str
    now_kg: float
    before_kg: float

    @property
    def change_pct(self) -> float:
        return (self.now_kg - self.before_kg) / self.before_kg * 100


@dataclass(slots=True)
class _Session:
    first_at: datetime
    excluded: bool  # its week is a deload week: never the comparison session
    sets: list[tuple[float, float, datetime]]  # (kg, RTF, at)

    def reps_at(self, kg: float) -> float | None:
        return max((r for k, r, _ in self.sets if same_load(k, kg)), default=None)


def _sessions(
    ww: WeekWindow, since: datetime, stop: int, exercises: set[str]
) -> dict[str, list[_Session]]:
    """Per exercise, the workouts since `since` with an RTF set of it, oldest first."""
    ats = ww.ats
    starts = ww.workout_starts(stop, since)
    out: dict[str, list[_Session]] = {}
    for a, b in zip(starts, [*starts[1:], stop], strict=True):
        here: dict[str, _Session] = {}
        excluded = ww.week_of(ats[a]) in ww.deload
        for i in range(a, b):
            s = ww.ordered[i]
            if s.exercise not in exercises:
                continue
            r = rtf(s)
            if r is None:
                continue
            ses = here.get(s.exercise)
            if ses is None:
                ses = here[s.exercise] = _Session(ats[a], excluded, [])
                out.setdefault(s.exercise, []).append(ses)
            ses.sets.append((kg_of(s), r, s.at))
    return out


def rtf_trends(ww: WeekWindow, span: range) -> list[RtfTrend]:
    """Top changes (by size) for each (exercise, load) with an RTF set in the week."""
    loads: dict[tuple[str, float], tuple[Decimal, Unit, bool]] = {}
    for i in span:
        s = ww.ordered[i]
        if rtf(s) is None:
            continue
        load = kg_of(s)
        if not any(ex == s.exercise and same_load(kg, load) for ex, kg in loads):
            loads[(s.exercise, load)] = (s.weight, s.unit, s.bodyweight)
    if not loads or span.start >= len(ww.ats):
        return []
    # Comparison sessions began at most 42 days before a set of the week.
    since = ww.ats[span.start] - TREND_WINDOW
    sessions = _sessions(ww, since, span.stop, {ex for ex, _ in loads})
    found: list[RtfTrend] = []
    for (ex, kg), (weight, unit, bodyweight) in loads.items():
        at_load = [ses for ses in sessions.get(ex, ()) if ses.reps_at(kg) is not None]
        if len(at_load) < 2:
            continue
        last = at_load[-1]
        latest_at = max(at for k, _, at in last.sets if same_load(k, kg))
        earlier = [
            ses
            for ses in reversed(at_load[:-1])
            if not ses.excluded and ses.first_at >= latest_at - TREND_WINDOW
        ]
        if not earlier:
            continue
        v0, v1 = last.reps_at(kg), earlier[0].reps_at(kg)
        assert v0 is not None and v1 is not None
        v2 = earlier[1].reps_at(kg) if len(earlier) > 1 else None
        declining = v2 is not None and reps_declined(v0, v1, v2)
        found.append(RtfTrend(ex, weight, unit, bodyweight, v1, v0, declining))
    found.sort(key=lambda t: (-abs(t.now - t.before), not t.declining, t.exercise))
    return found[:TOP_RTF]


def e1rm_trends(ww: WeekWindow, catalogue: Catalogue, week: date) -> list[E1rmTrend]:
    """Best e1RM (known RIR only) of each avoid/caution lift in the week vs the 4 weeks before."""
    week_start = ww.bounds(week)[0]
    back_start = ww.bounds(week - WEEK * E1RM_WEEKS_BACK)[0]
    now: dict[str, float] = {}
    before: dict[str, float] = {}
    span = ww.span(week)
    lo = ww.span(week - WEEK * E1RM_WEEKS_BACK).start
    for i in range(lo, span.stop):
        s = ww.ordered[i]
        if s.warmup or catalogue.failure_class(s.exercise) not in E1RM_TREND_CLASSES:
            continue
        if s.at < back_start:
            continue
        v = e1rm_known(s)
        if v is None:
            continue
        into = now if s.at >= week_start else before
        into[s.exercise] = max(into.get(s.exercise, v), v)
    trends = [E1rmTrend(ex, v, before[ex]) for ex, v in now.items() if before.get(ex)]
    trends.sort(key=lambda t: (-abs(t.change_pct), t.exercise))
    return trends[:TOP_E1RM]
