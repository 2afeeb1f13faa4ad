"""Personal records (rules.md §5.5 and the stats): e1RM, heaviest set, rep and hold records
against every earlier working set."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from core.model import SetRecord, Unit
from core.training.sets import brzycki, e1rm_at, is_link, kg_of, same_load
from core.units import to_kg

E1RM_PR = "e1rm"
HEAVIEST_PR = "heaviest"
REP_PR = "reps"
HOLD_PR = "hold"
# The weekly summary reports e1RM and rep PRs only (rules.md §5.5); stats report all four.
SUMMARY_KINDS = frozenset({E1RM_PR, REP_PR})
ALL_KINDS = frozenset({E1RM_PR, HEAVIEST_PR, REP_PR, HOLD_PR})


@dataclass(frozen=True, slots=True)
class PriorBest:
    """Aggregated earlier working sets of one exercise at one typed load.

    Storage computes these with one GROUP BY over the history older than the loaded window,
    so PRs compare against all stored sets without loading them.
    """

    exercise: str
    weight: Decimal
    unit: Unit
    max_reps: int | None  # most reps at this load (rep PRs)
    max_e1rm_r: float | None  # largest reps + RIR with an e1RM (0 for unknown RIR, a bound)
    max_seconds: int | None = None  # longest hold at this load (timed sets)
    sets: int = 0  # how many working sets at this load
    last_at: datetime | None = None  # the latest of them

    @property
    def kg(self) -> float:
        return float(to_kg(self.weight, self.unit))

    @property
    def e1rm(self) -> float | None:
        """The best e1RM at this load (Brzycki of the largest reps + RIR)."""
        kg = self.kg
        return brzycki(kg, self.max_e1rm_r) if self.max_e1rm_r and kg > 0 else None


@dataclass(frozen=True, slots=True)
class PR:
    exercise: str
    kind: str  # e1rm | heaviest | reps | hold
    record: SetRecord
    value: float  # e1RM or load in kg, reps, or seconds
    previous: float


@dataclass(frozen=True, slots=True)
class Bests:
    """One exercise's records so far; the sets that hold them when they were fed as sets
    (the earliest set reaching each value: when it was first done)."""

    exercise: str
    e1rm: float | None
    e1rm_set: SetRecord | None
    heaviest: float | None  # kg of the heaviest set with at least one rep
    heaviest_set: SetRecord | None
    hold: int | None  # longest hold, seconds
    hold_set: SetRecord | None
    volume: float | None  # the best set's kg × reps (load > 0)
    volume_set: SetRecord | None
    reps: tuple[tuple[float, int, SetRecord | None], ...]  # (kg, most reps, set), heaviest first


@dataclass(slots=True)
class _Bests:
    e1rm: float | None = None
    e1rm_set: SetRecord | None = None
    heaviest: float | None = None
    heaviest_set: SetRecord | None = None
    hold: int | None = None
    hold_set: SetRecord | None = None
    volume: float | None = None
    volume_set: SetRecord | None = None
    reps: dict[float, int] = field(default_factory=dict)  # kg -> max reps at that load
    reps_sets: dict[float, SetRecord] = field(default_factory=dict)

    def reps_at(self, kg: float) -> int | None:
        return max((r for load, r in self.reps.items() if same_load(load, kg)), default=None)

    def add(
        self,
        kg: float,
        reps: int | None,
        e1: float | None,
        seconds: int | None,
        s: SetRecord | None = None,
    ) -> None:
        if e1 is not None and (self.e1rm is None or e1 > self.e1rm):
            self.e1rm, self.e1rm_set = e1, s
        if reps is not None and reps >= 1 and (self.heaviest is None or kg > self.heaviest):
            self.heaviest, self.heaviest_set = kg, s
        if seconds is not None and (self.hold is None or seconds > self.hold):
            self.hold, self.hold_set = seconds, s
        if reps and kg > 0 and (self.volume is None or kg * reps > self.volume):
            self.volume, self.volume_set = kg * reps, s
        if reps is not None and reps > self.reps.get(kg, -1):
            self.reps[kg] = reps
            if s is not None:
                self.reps_sets[kg] = s

    def heavier(self, kg: float) -> bool:
        """A new heaviest: more than the best so far, and not the same load (1 %)."""
        return self.heaviest is not None and kg > self.heaviest and not same_load(kg, self.heaviest)

    def snapshot(self, exercise: str) -> Bests:
        reps = sorted(self.reps.items(), reverse=True)
        return Bests(
            exercise,
            self.e1rm,
            self.e1rm_set,
            self.heaviest,
            self.heaviest_set,
            self.hold,
            self.hold_set,
            self.volume,
            self.volume_set,
            tuple((kg, r, self.reps_sets.get(kg)) for kg, r in reps),
        )


class RecordBook:
    """Bests per exercise, fed in canonical order; `feed` says what a new set beat.

    `kinds` are the PRs `feed` reports: the weekly summary's two, or all four for stats.
    Warm-ups and drop links never count (rules.md §1).
    """

    def __init__(
        self, prior: Iterable[PriorBest] = (), kinds: frozenset[str] = SUMMARY_KINDS
    ) -> None:
        self._by_exercise: dict[str, _Bests] = {}
        self._kinds = kinds
        for p in prior:
            self._get(p.exercise).add(p.kg, p.max_reps, p.e1rm, p.max_seconds)

    def _get(self, exercise: str) -> _Bests:
        # Not setdefault: its default, a _Bests with two dicts, would be built on every set.
        got = self._by_exercise.get(exercise)
        if got is None:
            got = self._by_exercise[exercise] = _Bests()
        return got

    def absorb(self, ordered: Sequence[SetRecord], stop: int, start: int = 0) -> None:
        """Add ordered[start:stop] without looking for PRs (history before the week)."""
        for i in range(start, stop):
            s = ordered[i]
            if not s.warmup and not is_link(ordered, i):
                kg = kg_of(s)  # once: e1rm(s) would convert the Decimal load again
                self._get(s.exercise).add(kg, s.reps, e1rm_at(s, kg), s.seconds, s)

    def feed(self, ordered: Sequence[SetRecord], i: int) -> list[PR]:
        """Compare ordered[i] with everything fed before it, then add it; returns its PRs."""
        s = ordered[i]
        if s.warmup or is_link(ordered, i):
            return []
        kg = kg_of(s)
        e1 = e1rm_at(s, kg)
        bests = self._by_exercise.get(s.exercise)
        prs: list[PR] = []
        if bests is not None:  # none on the first log of an exercise
            kinds = self._kinds
            if E1RM_PR in kinds and e1 is not None and bests.e1rm is not None and e1 > bests.e1rm:
                prs.append(PR(s.exercise, E1RM_PR, s, e1, bests.e1rm))
            if HEAVIEST_PR in kinds and s.reps and bests.heavier(kg):
                assert bests.heaviest is not None
                prs.append(PR(s.exercise, HEAVIEST_PR, s, kg, bests.heaviest))
            before = bests.reps_at(kg) if s.reps is not None else None
            if REP_PR in kinds and s.reps is not None and before is not None and s.reps > before:
                prs.append(PR(s.exercise, REP_PR, s, s.reps, before))
            if (
                HOLD_PR in kinds
                and s.seconds is not None
                and bests.hold is not None
                and s.seconds > bests.hold
            ):
                prs.append(PR(s.exercise, HOLD_PR, s, s.seconds, bests.hold))
        self._get(s.exercise).add(kg, s.reps, e1, s.seconds, s)
        return prs

    def bests(self, exercise: str) -> Bests | None:
        found = self._by_exercise.get(exercise)
        return None if found is None else found.snapshot(exercise)

    def exercises(self) -> list[str]:
        return list(self._by_exercise)


def best_per_exercise(prs: Iterable[PR]) -> list[PR]:
    """One PR per exercise: the highest e1RM PR, else the rep PR with the largest gain."""
    best: dict[str, PR] = {}
    for pr in prs:
        held = best.get(pr.exercise)
        if held is None or _rank(pr) > _rank(held):
            best[pr.exercise] = pr
    return sorted(best.values(), key=lambda p: (p.kind != E1RM_PR, -_gain(p), p.exercise))


def headline(prs: Iterable[PR]) -> PR | None:
    """The one PR a logging reply shows: e1RM before heaviest before reps before hold, then
    the largest gain."""
    order = (E1RM_PR, HEAVIEST_PR, REP_PR, HOLD_PR)
    return min(prs, key=lambda p: (order.index(p.kind), -_gain(p)), default=None)


def _gain(pr: PR) -> float:
    return (pr.value - pr.previous) / abs(pr.previous) if pr.previous else 0.0


def _rank(pr: PR) -> tuple[bool, float]:
    return (pr.kind == E1RM_PR, pr.value if pr.kind == E1RM_PR else _gain(pr))
