"""Personal records (rules.md §5.5): e1RM and rep PRs against every earlier working set."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from core.model import SetRecord, Unit
from core.training.sets import brzycki, e1rm, is_link, kg_of, same_load
from core.units import to_kg

E1RM_PR = "e1rm"
REP_PR = "reps"


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


@dataclass(frozen=True, slots=True)
class PR:
    exercise: str
    kind: str  # e1rm | reps
    record: SetRecord
    value: float  # e1RM in kg, or reps
    previous: float


@dataclass(slots=True)
class _Bests:
    e1rm: float | None = None
    reps: dict[float, int] = field(default_factory=dict)  # kg -> max reps at that load

    def reps_at(self, kg: float) -> int | None:
        return max((r for load, r in self.reps.items() if same_load(load, kg)), default=None)

    def add(self, kg: float, reps: int | None, e1: float | None) -> None:
        if e1 is not None and (self.e1rm is None or e1 > self.e1rm):
            self.e1rm = e1
        if reps is not None and reps > self.reps.get(kg, -1):
            self.reps[kg] = reps


class RecordBook:
    """Bests per exercise, fed in canonical order; `check` says what a new set beat."""

    def __init__(self, prior: Iterable[PriorBest] = ()) -> None:
        self._by_exercise: dict[str, _Bests] = {}
        for p in prior:
            kg = float(to_kg(p.weight, p.unit))
            e1 = brzycki(kg, p.max_e1rm_r) if p.max_e1rm_r and kg > 0 else None
            self._get(p.exercise).add(kg, p.max_reps, e1)

    def _get(self, exercise: str) -> _Bests:
        return self._by_exercise.setdefault(exercise, _Bests())

    def absorb(self, ordered: Sequence[SetRecord], stop: int, start: int = 0) -> None:
        """Add ordered[start:stop] without looking for PRs (history before the week)."""
        for i in range(start, stop):
            s = ordered[i]
            if not s.warmup and not is_link(ordered, i):
                self._get(s.exercise).add(kg_of(s), s.reps, e1rm(s))

    def feed(self, ordered: Sequence[SetRecord], i: int) -> list[PR]:
        """Compare ordered[i] with everything fed before it, then add it; returns its PRs."""
        s = ordered[i]
        if s.warmup or is_link(ordered, i):
            return []
        kg, e1 = kg_of(s), e1rm(s)
        bests = self._by_exercise.get(s.exercise)
        prs: list[PR] = []
        if bests is not None:  # none on the first log of an exercise
            if e1 is not None and bests.e1rm is not None and e1 > bests.e1rm:
                prs.append(PR(s.exercise, E1RM_PR, s, e1, bests.e1rm))
            before = bests.reps_at(kg) if s.reps is not None else None
            if s.reps is not None and before is not None and s.reps > before:
                prs.append(PR(s.exercise, REP_PR, s, s.reps, before))
        self._get(s.exercise).add(kg, s.reps, e1)
        return prs


def best_per_exercise(prs: Iterable[PR]) -> list[PR]:
    """One PR per exercise: the highest e1RM PR, else the rep PR with the largest gain."""
    best: dict[str, PR] = {}
    for pr in prs:
        held = best.get(pr.exercise)
        if held is None or _rank(pr) > _rank(held):
            best[pr.exercise] = pr
    return sorted(best.values(), key=lambda p: (p.kind != E1RM_PR, -_gain(p), p.exercise))


def _gain(pr: PR) -> float:
    return (pr.value - pr.previous) / pr.previous if pr.previous else 0.0


def _rank(pr: PR) -> tuple[bool, float]:
    return (pr.kind == E1RM_PR, pr.value if pr.kind == E1RM_PR else _gain(pr))
