"""Readings of numbers without roles (notation.md §11 N2–N5): which one to store, or which to offer.

A reading is written two ways: `spell` gives the group in a form whose every number carries its role
(a unit, a sign, `bw`, `@` before a load), so the line it goes into logs that reading and no other;
`describe` says it in words for the question.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from core.model import Unit
from core.plausibility import MAX_TYPICAL_SETS, Plausible, hold_ok, sets_ok, sets_typical

# What to do with a pair `A×B` on a weighted exercise (N3).
W, R, ASK_WP, ASK_RP, NEED_LOAD, NONE = "W", "R", "ask_wp", "ask_rp", "need_load", "none"
# A triple `A×B×C` (N5): load × reps × sets, sets × reps × load, or a question.
L, S, ASK = "L", "S", "ask"
# A pair on a bodyweight exercise (N4): added load, sets at bodyweight, or a question.
ADDED, SETS = "added", "sets"


@dataclass(frozen=True, slots=True)
class Part:
    """`count` sets of `reps` (or `seconds`) at one load; `load` None: not given yet."""

    count: int
    load: Decimal | None
    unit: Unit
    reps: int | None = None
    seconds: int | None = None
    bodyweight: bool = False  # the load is added to (or, negative, taken off) the body
    rpe: Decimal | None = None
    rir: Decimal | None = None


Reading = tuple[Part, ...]


def num(value: Decimal) -> str:
    """A number as the user would type it: `80`, `82.5`."""
    return format(value.normalize(), "f")


def _load_text(part: Part) -> str:
    load = part.load
    if load is None:
        return f"?{part.unit.value}"
    if part.bodyweight:
        if load == 0:
            return "bw"
        return f"{'+' if load > 0 else ''}{num(load)}{part.unit.value}"
    return f"{num(load)}{part.unit.value}"


def _amount(part: Part) -> str:
    return f"{part.seconds}s" if part.seconds is not None else str(part.reps)


def _effort(part: Part) -> str:
    text = f" rpe {num(part.rpe)}" if part.rpe is not None else ""
    return text + (f" rir {num(part.rir)}" if part.rir is not None else "")


def _spell_part(part: Part, first: bool) -> str:
    amount, load = _amount(part), _load_text(part)
    if part.count > 1 or part.load is None:
        if part.seconds is not None and part.bodyweight and part.load == 0:
            return f"{part.count}x{amount}"
        if part.bodyweight and part.load == 0:
            return f"bw {part.count}x{amount}"  # `bw` first: nothing after it can change it
        return f"{part.count}x{amount} @ {load}"
    if part.bodyweight and part.load == 0:
        # After another group a bare `45s` would take that group's load: say `bw`.
        return amount if part.seconds is not None and first else f"bw x {amount}"
    return f"{load} x {amount}"


def spell(reading: Reading, first: bool = True) -> str:
    """The group as a line fragment that logs exactly this reading (`3kg x 12`, `3x12 @ 15kg`).

    `first`: nothing comes before it on the line, so a list item can't continue another group.
    """
    out: list[str] = []
    previous: Part | None = None
    for part in reading:
        same_load = (
            previous is not None
            and previous.rpe is None
            and previous.rir is None
            and part.count == 1
            and previous.count == 1
            and (part.load, part.unit, part.bodyweight)
            == (previous.load, previous.unit, previous.bodyweight)
            and (part.reps is None) == (previous.reps is None)
        )
        spelled = _amount(part) if same_load else _spell_part(part, first and not out)
        out.append(spelled + _effort(part))
        previous = part
    return ", ".join(out)


def _describe_part(part: Part) -> str:
    amount = f"{part.seconds} s" if part.seconds is not None else str(part.reps)
    if part.load is None:
        at = " at a weight you left out"
    elif part.bodyweight and part.load == 0:
        at = " at bodyweight"
    elif part.bodyweight and part.load < 0:
        at = f" with {num(-part.load)} {part.unit.value} assistance"
    else:
        sign = "+" if part.bodyweight else ""
        at = f" at {sign}{num(part.load)} {part.unit.value}"
    if part.count > 1:
        return f"{part.count} sets of {amount}{at}"
    if part.load is not None and not (part.bodyweight and part.load == 0):
        return f"{at.removeprefix(' at ').removeprefix(' with ')} for {amount}"
    return f"{amount}{at}"


def _same_sets(a: Part, b: Part) -> bool:
    return (a.load, a.unit, a.reps, a.seconds, a.bodyweight, a.rpe, a.rir) == (
        b.load,
        b.unit,
        b.reps,
        b.seconds,
        b.bodyweight,
        b.rpe,
        b.rir,
    )


def merged(reading: Reading) -> Reading:
    """Equal sets in a row as one part with their count (`10, 10` at bodyweight: 2 sets of 10)."""
    out: list[Part] = []
    for part in reading:
        last = out[-1] if out else None
        if last is not None and _same_sets(last, part):
            out[-1] = replace(last, count=last.count + part.count)
        else:
            out.append(part)
    return tuple(out)


def describe(reading: Reading) -> str:
    """The reading in words (`3 sets of 12 at 15 kg`, `15 kg for 12, then 10 kg for 8`)."""
    texts = [_describe_part(p) + _effort_words(p) for p in merged(reading)]
    return ", then ".join(texts)


def _effort_words(part: Part) -> str:
    text = f" at RPE {num(part.rpe)}" if part.rpe is not None else ""
    return text + (f" with {num(part.rir)} in reserve" if part.rir is not None else "")


def weighted_pair(p: Plausible, a: Decimal, b: Decimal, unit: Unit, reps_word: bool) -> str:
    """N3: W (load A × B reps), R (load B × A reps), or what to ask."""
    w = p.load_ok(a, unit) and p.reps_ok(b)
    if w and a > MAX_TYPICAL_SETS:
        return W  # the common case (`bench 80x8`): P can't be typical
    r = not reps_word and a < b and p.load_ok(b, unit) and p.reps_ok(a)
    p_plausible = sets_ok(a) and p.reps_ok(b)
    p_typical = p_plausible and sets_typical(a)
    if w:
        return ASK_WP if p_typical else W
    if r:
        return ASK_RP if p_plausible else R
    return NEED_LOAD if p_plausible else NONE


def triple(p: Plausible, a: Decimal, b: Decimal, c: Decimal, unit: Unit) -> tuple[str, bool, bool]:
    """N5: (choice, L plausible, S plausible); choice is L, S or ASK."""
    reps_ok = p.reps_ok(b)
    l_plausible = reps_ok and p.load_ok(a, unit) and sets_ok(c)
    s_plausible = reps_ok and p.load_ok(c, unit) and sets_ok(a)
    l_typical = l_plausible and sets_typical(c)
    s_typical = s_plausible and sets_typical(a)
    if l_typical != s_typical:
        return (L if l_typical else S), l_plausible, s_plausible
    return ASK, l_plausible, s_plausible


def middle_plausible(p: Plausible, a: Decimal, b: Decimal, c: Decimal, unit: Unit) -> bool:
    """N5's M: load A × B sets × C reps, offered but never stored."""
    return p.load_ok(a, unit) and sets_ok(b) and p.reps_ok(c)


def bodyweight_pair(p: Plausible, a: Decimal, b: Decimal, weighted: bool, hold: bool) -> str:
    """N4: a bare A before × on a bodyweight exercise."""
    if weighted:
        return ADDED
    amount_ok = hold_ok(b) if hold else p.reps_ok(b)
    if a % 1 == 0 and 1 <= a <= 5 and amount_ok:
        return SETS
    return ASK
