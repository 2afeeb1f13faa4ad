"""One set and its chain (rules.md §1): canonical order, working and failure sets, effective
RIR, reps to failure, e1RM, drop chains and the failure tally."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import timedelta
from decimal import Decimal
from operator import attrgetter, lt

from core.model import SetFields, SetRecord, Unit
from core.units import KG_PER_LB_FLOAT, to_kg

# Fixed values of §1 (not user-settable).
E1RM_WINDOW = timedelta(days=84)
SAME_LOAD_PCT = 1
MAX_RIR_KNOWN = 4
MAX_E1RM_REPS = 10

_ZERO = Decimal(0)
_TEN = Decimal(10)
_KG = Unit.KG  # enum member lookups on the class are slow in hot loops
_AT_SEQ = attrgetter("at", "seq")  # the head of canonical_key, as one tuple per set


# --- canonical order -------------------------------------------------------------------------


def _opt(value: object) -> tuple[bool, object]:
    # None sorts before any value; the flag keeps mixed None/number tuples comparable.
    return (value is not None, value if value is not None else 0)


def canonical_key(s: SetRecord) -> tuple[object, ...]:
    """(at instant, seq, exercise, warm-ups first, kg, reps, seconds, failure, rir, rpe)."""
    return (
        s.at,
        s.seq,
        s.exercise,
        not s.warmup,
        to_kg(s.weight, s.unit),
        _opt(s.reps),
        _opt(s.seconds),
        s.failure.value if s.failure is not None else "",
        _opt(s.rir),
        _opt(s.rpe),
    )


def sort_canonical(sets: Iterable[SetRecord]) -> list[SetRecord]:
    """History in canonical order; input order never matters.

    Storage and messages hand sets over in (at, seq) order already. Where (at, seq) strictly
    rises the full key cannot reorder anything, and checking that (in C) costs far less than
    building every key (each converts a Decimal load to kg).
    """
    ordered = list(sets)
    heads = list(map(_AT_SEQ, ordered))
    if all(map(lt, heads, heads[1:])):
        return ordered
    return sorted(ordered, key=canonical_key)


# --- one set ---------------------------------------------------------------------------------


def is_working(s: SetFields) -> bool:
    return not s.warmup


def kg_of(s: SetFields) -> float:
    """The load in kg as a float (arithmetic only; storage keeps the Decimal as typed)."""
    w = float(s.weight)
    return w if s.unit is _KG else w * KG_PER_LB_FLOAT


def effective_rir(s: SetFields) -> Decimal | None:
    """Failure flag -> 0, else `rir`, else 10 - `rpe`, else unknown (an explicit rir wins)."""
    if s.failure is not None:
        return _ZERO
    if s.rir is not None:
        return s.rir
    if s.rpe is not None:
        return _TEN - s.rpe
    return None


def is_failure_set(s: SetFields) -> bool:
    """A working set whose effective RIR is 0 (RPE 9.5 is near failure, not failure)."""
    if s.warmup:
        return False
    if s.failure is not None:
        return True
    if s.rir is not None:
        return s.rir == 0
    return s.rpe is not None and s.rpe == _TEN


def rtf(s: SetFields) -> float | None:
    """Known reps to failure, reps + RIR, for rep-based working sets with RIR known and <= 4.

    Drop links have none (the chain's first set carries the effort information).
    """
    if s.warmup or s.drop or s.reps is None:
        return None
    rir = effective_rir(s)
    if rir is None or rir > MAX_RIR_KNOWN:
        return None
    return s.reps + float(rir)


def brzycki(kg: float, r: float) -> float:
    """Brzycki e1RM for r = reps + RIR in 1..10; at r = 1 it is the load itself."""
    return kg * 36.0 / (37.0 - r)


def _brzycki_reps(s: SetFields, need_known: bool) -> float | None:
    # r = reps + RIR of a working, non-drop set, where Brzycki is defined (1..10, RIR <= 4).
    if s.warmup or s.drop or s.reps is None or s.reps < 1:
        return None
    rir = effective_rir(s)
    if rir is None:
        if need_known:
            return None
        r = float(s.reps)  # unknown RIR counts as 0: a lower bound
    elif rir > MAX_RIR_KNOWN:
        return None
    else:
        r = s.reps + float(rir)
    if r < 1 or r > MAX_E1RM_REPS:
        return None
    return r


def _e1rm(s: SetFields, need_known: bool) -> float | None:
    r = _brzycki_reps(s, need_known)
    if r is None:
        return None
    kg = kg_of(s)
    if kg <= 0:
        return None
    return brzycki(kg, r)


def e1rm_reps(s: SetFields) -> float | None:
    """The r = reps + RIR that `e1rm` puts into Brzycki (unknown RIR as 0), None where e1rm is
    None. At one load e1RM grows with r, so a maximum of r stands for the best e1RM there."""
    r = _brzycki_reps(s, need_known=False)
    return r if r is not None and kg_of(s) > 0 else None


def e1rm(s: SetFields) -> float | None:
    """Brzycki e1RM in kg; unknown RIR counts as 0 (a lower bound). None where undefined."""
    return _e1rm(s, need_known=False)


def e1rm_at(s: SetFields, kg: float) -> float | None:
    """Brzycki e1RM of the set's reps + RIR (unknown RIR as 0) at the load `kg` instead of its
    own: a bodyweight set at bodyweight + added load. None where e1rm would be."""
    r = _brzycki_reps(s, need_known=False)
    return brzycki(kg, r) if r is not None and kg > 0 else None


def e1rm_known(s: SetFields) -> float | None:
    """e1RM only for sets whose RIR is known (failure flag, rir or rpe); trends use this."""
    return _e1rm(s, need_known=True)


def same_load(a: float, b: float) -> bool:
    """Loads differ by at most 1 % of the larger absolute value (225 lb ~ 102.5 kg)."""
    return abs(a - b) * 100 <= SAME_LOAD_PCT * max(abs(a), abs(b))


def is_heavy(
    s: SetFields, reference: float | None, heavy_max_reps: int, heavy_pct_e1rm: float
) -> bool:
    """Few reps (a 0-rep failed attempt too), or a load near the reference e1RM."""
    if s.reps is not None and s.reps <= heavy_max_reps:
        return True
    return reference is not None and kg_of(s) >= heavy_pct_e1rm * reference


def reference_e1rm(ordered: Sequence[SetRecord], s: SetRecord) -> float | None:
    """Max e1RM of working sets of s's exercise in [at(s) - 84 d, at(s)) (linear scan)."""
    lo = s.at - E1RM_WINDOW
    best: float | None = None
    for t in ordered:
        if t.exercise != s.exercise or not lo <= t.at < s.at:
            continue
        v = e1rm(t)
        if v is not None and (best is None or v > best):
            best = v
    return best


# --- drop chains -----------------------------------------------------------------------------


def is_link(ordered: Sequence[SetRecord], i: int) -> bool:
    """A drop set continuing the working set before it. A drop set after a warm-up (or first
    of all) has nothing to continue and counts as a set of its own."""
    return ordered[i].drop and not ordered[i].warmup and i > 0 and not ordered[i - 1].warmup


def counts_as_working(ordered: Sequence[SetRecord], i: int) -> bool:
    """Adds one to N: a working set that is not a link (a drop chain is one working set)."""
    return not ordered[i].warmup and not is_link(ordered, i)


def counts_as_failure(ordered: Sequence[SetRecord], i: int) -> bool:
    """Adds one to F: a failure set that is the first failure link of its chain."""
    if not is_failure_set(ordered[i]):
        return False
    j = i
    while is_link(ordered, j):
        j -= 1
        if is_failure_set(ordered[j]):
            return False
    return True


def failure_tally(ordered: Sequence[SetRecord]) -> tuple[int, int]:
    """(F, N) of a canonical sequence: chains count once, warm-ups not at all.

    One pass with what counts_as_working and counts_as_failure look back for (it runs over
    the whole workout on every logged message): whether the set before is a working set, and
    whether the chain so far has a failure set.
    """
    f = n = 0
    previous_working = chain_failed = False
    for s in ordered:
        failed = is_failure_set(s)
        if s.drop and not s.warmup and previous_working:  # a link (is_link)
            if failed and not chain_failed:
                f += 1
            chain_failed = chain_failed or failed
        else:
            if not s.warmup:
                n += 1
            if failed:
                f += 1
            chain_failed = failed
        previous_working = not s.warmup
    return f, n


def share_above(f: int, n: int, num: int, den: int) -> bool:
    """F/N > num/den compared exactly as rationals (6 of 20 is not above 0.30)."""
    return n > 0 and f * den > num * n
