"""Rule finding messages and Why? texts: short, plain, in the user's unit."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from core.model import Unit
from core.rules.sources import RATIONALES, citations_for
from core.units import KG_PER_LB, format_weight
from core.wording import numbers
from core.wording.numbers import count


def kg_text(kg: float, unit: Unit, places: int = 1) -> str:
    """A computed kg value (e1RM) in the user's unit, without the unit name."""
    value = Decimal(repr(kg)) if unit is Unit.KG else Decimal(repr(kg)) / KG_PER_LB
    return format_weight(round(value, places))


def number(x: float) -> str:
    """12, 9.5: reps to failure can be half reps (RIR in 0.5 steps)."""
    return f"{x:g}"


def names(items: Sequence[str]) -> str:
    """`A`, `A and B`, `A, B and C`."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def fail_in_deload() -> str:
    return (
        "Deload week: no sets to failure. Stop with 3+ reps in reserve and do about half "
        "your usual sets."
    )


def fail_heavy_avoid(exercise: str) -> str:
    return (
        f"Failure on {exercise} is best avoided: form breaks down under a loaded spine or "
        "overhead bar. Stop 1–3 reps short (RIR 1–3)."
    )


def load_text(
    weight: Decimal, typed: Unit, unit: Unit, *, bodyweight: bool = False, amount: str = ""
) -> str:
    """A load as typed, with its reps when given, and the user's unit in brackets when typed
    in the other one: `225 lb × 5 (102 kg)`, `100 kg`, `BW+20 kg × 5`."""
    shown = numbers.load(weight, typed, bodyweight=bodyweight)
    if amount:
        shown += f" × {amount}"
    return shown + numbers.converted(weight, typed, unit)


def fail_heavy_caution(
    exercise: str,
    load: str,
    reps: int | None,
    by_reps: bool,
    pct: int | None,
) -> str:
    """Heavy by its reps (`by_reps`), by its load (`pct` of the e1RM), or both; `load` is
    the set's load and amount (`225 lb × 5 (102 kg)`)."""
    reasons = []
    if by_reps:
        reasons.append(count(reps or 0, "rep"))
    if pct is not None:
        reasons.append(f"{pct} % of your e1RM")
    return (
        f"{exercise} {load} to failure is heavy ({', '.join(reasons)}). On heavy compounds "
        "stop 1–3 reps short."
    )


def too_many_failure_sets(n: int, limit: int) -> str:
    plenty = "1 per workout is" if limit == 1 else f"1–{limit} per workout is"
    return (
        f"That's failure set {n} today. {plenty} plenty, mostly on isolation or machine "
        "work; keep the rest 1–3 reps short."
    )


def fail_non_final_set(exercise: str) -> str:
    return (
        f"You went to failure on {exercise} and kept going. On compounds keep failure, if "
        "any, for the last set."
    )


def deload_suggested(exercises: Sequence[str], streak_weeks: int | None) -> str:
    """`streak_weeks` when the failure-share streak, not a second exercise, tipped it."""
    if streak_weeks is not None:
        return (
            f"Performance is dropping on {names(exercises)} after {count(streak_weeks, 'week')} of "
            "heavy failure use. Consider a deload week: /deload."
        )
    return f"Performance is dropping on {names(exercises)}. Consider a deload week: /deload."


def failure_share_streak(weeks: int, pct: str) -> str:
    return (
        f"For {count(weeks, 'week')} over {pct} % of your working sets went to failure. Plan a "
        "lighter week or cut failure to 1–2 sets per workout."
    )


def failure_share_high(f: int, n: int, pct: int) -> str:
    return f"This week {f} of {count(n, 'working set')} ({pct} %) went to failure."


def reps_decline(exercise: str, load: str, values: Sequence[float]) -> str:
    v2, v1, v0 = (number(v) for v in values)
    return f"{exercise} {load}: {v2} → {v1} → {v0} reps to failure. Fatigue may be building."


def e1rm_decline(exercise: str, values: Sequence[float], unit: Unit) -> str:
    a, b, c = (kg_text(v, unit) for v in values)
    return f"{exercise} e1RM {a} → {b} → {c} {unit.value} over three sessions."


def deload_due(week: int, every: int) -> str:
    return f"Week {week} of your {every}-week cycle: time for a deload. /deload to start it."


def why(rule_id: str) -> str:
    """The Why? answer: the rationale, then the sources with DOI links."""
    lines = [RATIONALES[rule_id], "", "Sources:"]
    for c in citations_for(rule_id):
        lines.append(f"• {c.authors} ({c.year}). {c.title}. {c.journal} {c.volume}. {c.url}")
    return "\n".join(lines)
