"""Per exercise and period: working sets, failure sets, reps, tonnage (rules.md §1, §5.1-5.4),
from stored sets or from storage's counts of alike sets; muscles and classes from them."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from core.catalogue import CUSTOM_PREFIX, Catalogue
from core.model import SetFields, SetRecord, Unit
from core.training.sets import counts_as_failure, counts_as_working, is_failure_set, kg_of
from core.units import KG_PER_LB_FLOAT

CLASSES = ("avoid", "caution", "suited", "unknown")
SECONDARY_SHARE = 0.5  # a set adds 1 to each primary muscle and ½ to each secondary one
# Where a user's own exercise made without a muscle counts in sets per muscle (issue 10).
CUSTOM_MUSCLE = "custom"


@dataclass(frozen=True, slots=True)
class SetGroup:
    """Sets that count alike, counted by storage (one row of a GROUP BY over a period).

    `like` holds what decides how a set counts (exercise, unit, warm-up, bodyweight and the
    effort markers); its weight and reps are not used: `positive_load` says whether the
    group's load is above 0. Never drop links: a message with a drop
    chain comes as its sets, since a chain counts once (rules.md §1).
    """

    period: int  # index of the period the sets fall in
    like: SetFields
    sets: int
    reps: int  # Σ reps
    load_reps: float  # Σ weight × reps (typed unit)
    positive_load: bool


@dataclass(slots=True)
class ExerciseTally:
    working_sets: int = 0  # a drop chain is one set
    failure_sets: int = 0
    reps: int = 0  # every working set, drop links included
    tonnage_kg: float = 0.0  # Σ kg × reps of working sets with load > 0 (added load only)
    bodyweight_sets: bool = False


class Tallies:
    """Exercise tallies per period (a week, usually), fed sets or storage's groups."""

    def __init__(self) -> None:
        self._by_period: dict[int, dict[str, ExerciseTally]] = defaultdict(dict)

    def _get(self, period: int, exercise: str) -> ExerciseTally:
        found = self._by_period[period].get(exercise)
        if found is None:
            found = self._by_period[period][exercise] = ExerciseTally()
        return found

    def add_sets(self, period: int, ordered: Sequence[SetRecord], span: Iterable[int]) -> None:
        """ordered[i] for i in span, counted in context (drop chains need the set before)."""
        for i in span:
            s = ordered[i]
            if s.warmup:
                continue
            t = self._get(period, s.exercise)
            t.working_sets += counts_as_working(ordered, i)
            t.failure_sets += counts_as_failure(ordered, i)
            if s.reps:
                t.reps += s.reps
                kg = kg_of(s)
                if kg > 0:
                    t.tonnage_kg += kg * s.reps
            t.bodyweight_sets = t.bodyweight_sets or s.bodyweight

    def add_group(self, group: SetGroup) -> None:
        like = group.like
        if like.warmup:
            return
        t = self._get(group.period, like.exercise)
        t.working_sets += group.sets
        if is_failure_set(like):
            t.failure_sets += group.sets
        t.reps += group.reps
        if group.positive_load:
            per_unit = 1.0 if like.unit is Unit.KG else KG_PER_LB_FLOAT
            t.tonnage_kg += group.load_reps * per_unit
        t.bodyweight_sets = t.bodyweight_sets or like.bodyweight

    def period(self, period: int) -> dict[str, ExerciseTally]:
        return dict(self._by_period.get(period, {}))


def tally_periods(
    bounds: Sequence[datetime], groups: Iterable[SetGroup], messages: Iterable[Sequence[SetRecord]]
) -> Tallies:
    """Storage's groups plus the messages it returned whole (drop chains, canonical order),
    each counted in the period of `bounds` its time falls in."""
    tallies = Tallies()
    for group in groups:
        tallies.add_group(group)
    for message in messages:
        if message:
            period = bisect_right(bounds, message[0].at) - 1
            tallies.add_sets(period, message, range(len(message)))
    return tallies


def merged(periods: Iterable[Mapping[str, ExerciseTally]]) -> dict[str, ExerciseTally]:
    """Several periods' tallies added up per exercise."""
    out: dict[str, ExerciseTally] = {}
    for tallies in periods:
        for exercise, t in tallies.items():
            into = out.setdefault(exercise, ExerciseTally())
            into.working_sets += t.working_sets
            into.failure_sets += t.failure_sets
            into.reps += t.reps
            into.tonnage_kg += t.tonnage_kg
            into.bodyweight_sets = into.bodyweight_sets or t.bodyweight_sets
    return out


def totals(tallies: Mapping[str, ExerciseTally]) -> ExerciseTally:
    """All exercises of a period together."""
    return merged({"": t} for t in tallies.values()).get("", ExerciseTally())


def muscle_sets(tallies: Mapping[str, ExerciseTally], catalogue: Catalogue) -> dict[str, float]:
    """Working sets per muscle group: 1 per primary muscle, ½ per secondary (§5.3).

    A user's own exercise counts for the muscle it was given (in the user's catalogue), or
    under "custom" when it has none; an id no catalogue knows otherwise adds nothing."""
    sets: dict[str, float] = defaultdict(float)
    for exercise, t in tallies.items():
        if not t.working_sets:
            continue
        ex = catalogue.get(exercise)
        if ex is None or not (ex.primary_muscles or ex.secondary_muscles):
            if exercise.startswith(CUSTOM_PREFIX):
                sets[CUSTOM_MUSCLE] += t.working_sets
            continue
        for m in ex.primary_muscles:
            sets[m] += t.working_sets
        for m in ex.secondary_muscles:
            sets[m] += SECONDARY_SHARE * t.working_sets
    return dict(sets)


def by_class(
    tallies: Mapping[str, ExerciseTally], catalogue: Catalogue
) -> tuple[tuple[str, int, int], ...]:
    """(class, F_c, N_c) for each class trained, in CLASSES order (§5.4)."""
    f: dict[str, int] = defaultdict(int)
    n: dict[str, int] = defaultdict(int)
    for exercise, t in tallies.items():
        c = catalogue.failure_class(exercise)
        f[c] += t.failure_sets
        n[c] += t.working_sets
    return tuple((c, f[c], n[c]) for c in CLASSES if n[c])
