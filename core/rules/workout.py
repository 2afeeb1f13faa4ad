"""Rules 1-4, once per workout: failure in a deload week, on a heavy compound, too many
failure sets, failure before the last set of a compound."""

from __future__ import annotations

from collections.abc import Callable

from core.rules.registry import (
    FAIL_HEAVY_COMPOUND,
    FAIL_IN_DELOAD,
    FAIL_NON_FINAL_SET,
    TOO_MANY_FAILURE_SETS,
)
from core.rules.scope import Hit
from core.rules.timeline import Timeline
from core.training.sets import kg_of
from core.wording import rules as wording


def _held_in_workout(tl: Timeline, rule: str, p: int, cond: Callable[[int], bool]) -> bool:
    w = tl.workout_of(p)
    a, b = tl.workout_range(w)
    tl.ensure_order(a, b)
    return tl.scope.held_before(rule, w, a, p, cond)


def fail_in_deload(tl: Timeline, p: int) -> Hit | None:
    """s is a failure set in a deload week."""

    def cond(i: int) -> bool:
        return tl.counts_failure(i) and tl.in_deload(i)

    if not cond(p) or _held_in_workout(tl, FAIL_IN_DELOAD, p, cond):
        return None
    return Hit(wording.fail_in_deload(), (("exercise", tl.sets[p].exercise),))


def _heavy_compound(tl: Timeline, i: int) -> bool:
    """Set i is a failure set on an `avoid` lift, or on a `caution` lift and heavy."""
    if not tl.counts_failure(i):
        return False
    s = tl.sets[i]
    cls = tl.catalogue.failure_class(s.exercise)
    if cls not in ("avoid", "caution") or tl.in_deload(i):
        return False
    if cls == "avoid" or (s.reps is not None and s.reps <= tl.heavy_max_reps):
        return True
    ref = tl.reference_e1rm(i)
    return ref is not None and kg_of(s) >= tl.heavy_pct * ref


def fail_heavy_compound(tl: Timeline, p: int) -> Hit | None:
    """Failure on an `avoid` lift at any load, or on a heavy `caution` lift."""
    if not _heavy_compound(tl, p):
        return None
    if _held_in_workout(tl, FAIL_HEAVY_COMPOUND, p, lambda i: _heavy_compound(tl, i)):
        return None
    s = tl.sets[p]
    cls = tl.catalogue.failure_class(s.exercise)
    name = tl.catalogue.name_of(s.exercise)
    kg = kg_of(s)
    by_reps = s.reps is not None and s.reps <= tl.heavy_max_reps
    ref = tl.reference_e1rm(p) if cls == "caution" else None
    pct = round(kg / ref * 100) if ref else None
    if pct is not None and kg < tl.heavy_pct * ref:  # type: ignore[operator]
        pct = None  # heavy by its reps alone: a low percentage would only confuse
    params: tuple[tuple[str, object], ...] = (
        ("exercise", s.exercise),
        ("class", cls),
        ("kg", kg),
        ("reps", s.reps),
        ("seconds", s.seconds),
        ("pct_e1rm", pct),
        ("reference_e1rm", ref),
        ("heavy_by_reps", by_reps),
    )
    if cls == "avoid":
        return Hit(wording.fail_heavy_avoid(name), params)
    amount = f"{s.reps}" if s.reps is not None else f"{s.seconds} s"
    load = wording.load_text(
        s.weight, s.unit, tl.settings.unit, bodyweight=s.bodyweight, amount=amount
    )
    message = wording.fail_heavy_caution(name, load, s.reps, by_reps, pct)
    return Hit(message, params)


def too_many_failure_sets(tl: Timeline, p: int) -> Hit | None:
    """F in the workout exceeds the limit: the 3rd failure set by default, not the 4th."""
    limit = tl.max_failures_workout

    def cond(i: int) -> bool:
        return tl.counts_failure(i) and not tl.in_deload(i) and tl.workout_failures(i) > limit

    if not cond(p) or _held_in_workout(tl, TOO_MANY_FAILURE_SETS, p, cond):
        return None
    n = tl.workout_failures(p)
    return Hit(wording.too_many_failure_sets(n, limit), (("count", n), ("limit", limit)))


def fail_non_final_set(tl: Timeline, p: int) -> Hit | None:
    """A `caution` working set after a failure set of the same exercise in this workout."""
    s = tl.sets[p]
    # p's own facts first (a new set: tie ordering never moves it); finding the
    # workout's first failures scans the whole workout.
    if s.warmup or tl.catalogue.failure_class(s.exercise) != "caution":
        return None
    w = tl.workout_of(p)
    firsts = tl.workout_first_failures(w)
    if not firsts:
        return None

    def cond(i: int) -> bool:
        s = tl.sets[i]
        first = firsts.get(s.exercise)
        return (
            first is not None
            and first < i
            and not s.warmup
            and not tl.is_link(i)
            and tl.catalogue.failure_class(s.exercise) == "caution"
            and not tl.in_deload(i)
        )

    if not cond(p) or _held_in_workout(tl, FAIL_NON_FINAL_SET, p, cond):
        return None
    first = firsts[s.exercise]
    return Hit(
        wording.fail_non_final_set(tl.catalogue.name_of(s.exercise)),
        (("exercise", s.exercise), ("failure_at", tl.sets[first].at.isoformat())),
    )
