"""Bodyweight over time: the /bw trend (changes over 7 and 30 days, a 7-day average) and the
bodyweight in effect at a set, which bodyweight exercises add to their load in the stats."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from core.model import BodyweightEntry, SetRecord
from core.training.sets import e1rm, e1rm_at, kg_of
from core.units import to_kg

CHANGE_DAYS = (7, 30)
AVERAGE_DAYS = 7
RECENT = 7  # weigh-ins listed by /bw
CHART_SPAN = timedelta(days=365)  # the /bw chart: the last year of weigh-ins
# A set before the first weigh-in takes it when it came at most this much later: bodyweight
# moves about a kilogram a month, a weigh-in further off says nothing about the set.
AHEAD = timedelta(days=14)


def kg(entry: BodyweightEntry) -> float:
    return float(to_kg(entry.weight, entry.unit))


@dataclass(frozen=True, slots=True)
class Change:
    """The latest bodyweight against the one `days` days before it (the base's day)."""

    days: int
    kg: float
    since: BodyweightEntry


@dataclass(frozen=True, slots=True)
class Trend:
    latest: BodyweightEntry
    changes: tuple[Change, ...]  # over 7 and 30 days where the log reaches that far
    first: Change | None  # against the first weigh-in when no change above applies
    average_kg: float | None  # the last 7 days' mean, with two weigh-ins or more there
    recent: tuple[BodyweightEntry, ...]  # newest first
    days: int  # days with a weigh-in


def trend(entries: Sequence[BodyweightEntry]) -> Trend | None:
    """Each day's bodyweight, oldest first -> the trend; None without any."""
    if not entries:
        return None
    latest = entries[-1]
    days = [e.day for e in entries]
    changes: list[Change] = []
    for span in CHANGE_DAYS:
        k = bisect_right(days, latest.day - timedelta(days=span)) - 1
        if k >= 0 and (not changes or entries[k] is not changes[-1].since):
            base = entries[k]
            changes.append(Change((latest.day - base.day).days, kg(latest) - kg(base), base))
    first = None
    if not changes and len(entries) > 1:
        base = entries[0]
        first = Change((latest.day - base.day).days, kg(latest) - kg(base), base)
    week = [kg(e) for e in entries if e.day > latest.day - timedelta(days=AVERAGE_DAYS)]
    average = sum(week) / len(week) if len(week) >= 2 else None
    recent = tuple(entries[::-1][:RECENT])
    return Trend(latest, tuple(changes), first, average, recent, len(entries))


def rolling_average(entries: Sequence[BodyweightEntry]) -> list[tuple[date, float]]:
    """Each weigh-in day's mean of the weigh-ins in the 7 days up to it (the chart's line):
    a day's water and food move the scale by a kilogram; the week's mean shows the trend."""
    out = []
    start = 0
    total = 0.0
    values = [kg(e) for e in entries]
    for i, entry in enumerate(entries):
        total += values[i]
        while entries[start].day <= entry.day - timedelta(days=AVERAGE_DAYS):
            total -= values[start]
            start += 1
        out.append((entry.day, total / (i + 1 - start)))
    return out


class BodyweightLog:
    """The bodyweight in effect at an instant: the last weigh-in at or before it, else the
    first one if it came soon after (AHEAD); None when nothing is close."""

    __slots__ = ("_at", "_kg")

    def __init__(self, entries: Sequence[BodyweightEntry]) -> None:
        ordered = sorted(entries, key=lambda e: e.at)
        self._at = [e.at for e in ordered]
        self._kg = [kg(e) for e in ordered]

    def __bool__(self) -> bool:
        return bool(self._at)

    def kg_at(self, at: datetime) -> float | None:
        k = bisect_right(self._at, at) - 1
        if k >= 0:
            return self._kg[k]
        if self._at and self._at[0] - at <= AHEAD:
            return self._kg[0]
        return None


def e1rm_measure(
    sets: Sequence[SetRecord], body: BodyweightLog | None
) -> tuple[Callable[[SetRecord], float | None], bool]:
    """How the stats take a set's e1RM, and whether bodyweight counts in it.

    Where a bodyweight set (pull-ups, dips) has a known bodyweight, its e1RM is on bodyweight +
    added load (minus assistance), and a bodyweight set without one has none, so one series
    never mixes the two. Other sets, and everything when no weigh-in is close, as rules.md §1:
    on the load typed.
    """
    if body is None or not any(s.bodyweight and body.kg_at(s.at) is not None for s in sets):
        return e1rm, False

    def with_body(s: SetRecord) -> float | None:
        if not s.bodyweight:
            return e1rm(s)
        weight = body.kg_at(s.at)
        return None if weight is None else e1rm_at(s, weight + kg_of(s))

    return with_body, True
