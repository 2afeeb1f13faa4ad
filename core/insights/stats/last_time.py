"""What a logging reply adds (what an app shows on the set screen): the last session of the
exercise next to the set just logged, and the PR it beat."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from core.insights.records import ALL_KINDS, HEAVIEST_PR, PR, PriorBest, RecordBook, headline
from core.model import SetRecord
from core.training.sets import is_link, kg_of, rtf, same_load, sort_canonical

# A heaviest set this far above every earlier one is no progress a body makes between two
# sessions (a few % a week is fast): a typo, a line that continued the wrong exercise, or a load
# in the other unit (`deadlift 405x1` from a kg user). The reply says so instead of a 🏆.
FAR_ABOVE = "far_above"
FAR_ABOVE_RATIO = 1.5
FAR_ABOVE_KG = 40.0


@dataclass(frozen=True, slots=True)
class LastTime:
    """The last session's sets at the set's load (or all its working sets, when it had none
    there), and the change against the matching one."""

    shown: tuple[SetRecord, ...]
    matched: SetRecord | None  # the set compared with (same load, same place in the order)
    rtf_change: float | None  # reps to failure now minus then, when both are known
    seconds_change: int | None  # for holds


def _main_sets(sets: Iterable[SetRecord]) -> list[SetRecord]:
    """Working sets that are not drop links (a chain is shown by its first set)."""
    ordered = sort_canonical(sets)
    return [s for i, s in enumerate(ordered) if not s.warmup and not is_link(ordered, i)]


def last_time(
    previous: Sequence[SetRecord], today: Sequence[SetRecord], s: SetRecord
) -> LastTime | None:
    """`previous`: the last earlier session of s's exercise; `today`: its sets in the current
    workout up to and including s. None when s is a warm-up or there is no earlier session."""
    if s.warmup:
        return None
    before = [t for t in _main_sets(previous) if t.exercise == s.exercise]
    if not before:
        return None
    kg, timed = kg_of(s), s.reps is None
    alike = [t for t in before if same_load(kg_of(t), kg) and (t.reps is None) == timed]
    if not alike:
        return LastTime(tuple(before), None, None, None)
    mine = [
        t
        for t in _main_sets(today)
        if t.exercise == s.exercise and same_load(kg_of(t), kg) and (t.reps is None) == timed
    ]
    place = next((k for k, t in enumerate(mine) if t is s), len(mine) - 1)
    matched = alike[min(max(place, 0), len(alike) - 1)]
    now, then = rtf(s), rtf(matched)
    rtf_change = now - then if now is not None and then is not None else None
    seconds_change = (
        s.seconds - matched.seconds
        if s.seconds is not None and matched.seconds is not None
        else None
    )
    return LastTime(tuple(alike), matched, rtf_change, seconds_change)


def new_records(
    prior: Iterable[PriorBest],
    earlier: Sequence[SetRecord],
    new: Sequence[SetRecord],
    workout_start: datetime,
) -> PR | None:
    """The one PR a logging reply shows for `new`: against `prior` (aggregated bests of older
    history) and `earlier` (the loaded sets before the message, canonical order). A heaviest
    set far above all earlier ones comes back as a FAR_ABOVE "PR" instead: a likely mistake.

    Only exercises done before this workout have records to beat: the first session's ramp
    from 60 to 100 kg breaks no record. Earlier sets of this workout count, so the same
    record is not announced twice (and a load kept after the warning is not doubted again).
    """
    book = RecordBook(prior, kinds=ALL_KINDS)
    exercises = {s.exercise for s in new}
    mine = [s for s in earlier if s.exercise in exercises]
    before = sum(1 for s in mine if s.at < workout_start)
    book.absorb(mine, before)
    known = set(book.exercises())
    ordered = [*mine, *new]
    book.absorb(ordered, len(mine), before)
    found: list[PR] = []
    for i in range(len(mine), len(ordered)):
        found.extend(pr for pr in book.feed(ordered, i) if pr.exercise in known)
    doubtful = next((pr for pr in found if far_above(pr)), None)
    return replace(doubtful, kind=FAR_ABOVE) if doubtful is not None else headline(found)


def far_above(pr: PR) -> bool:
    """A heaviest set at least 1.5 times and 40 kg above the heaviest before it (loads on an
    assistance machine, negative here, never)."""
    if pr.kind != HEAVIEST_PR or pr.previous <= 0:
        return False
    return pr.value >= pr.previous * FAR_ABOVE_RATIO and pr.value - pr.previous >= FAR_ABOVE_KG
