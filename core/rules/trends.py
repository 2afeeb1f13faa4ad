"""Rules 8-9, once per exercise and workout: reps to failure or e1RM falling over three
sessions (reps winning when both fall)."""

from __future__ import annotations

from core.rules.scope import Hit
from core.rules.timeline import Timeline
from core.wording import rules as wording


def _decline(tl: Timeline, p: int, kind: str) -> Hit | None:
    ev = tl.decline_at(p)
    if ev is None or ev.kind != kind or tl.earlier_decline_in_workout(p):
        return None
    s = tl.sets[p]
    name = tl.catalogue.name_of(s.exercise)
    params: tuple[tuple[str, object], ...] = (
        ("exercise", s.exercise),
        ("values", ev.values),
        ("kg", ev.load),
    )
    if kind == "reps":
        load = wording.load_text(s.weight, s.unit, tl.settings.unit, bodyweight=s.bodyweight)
        return Hit(wording.reps_decline(name, load, ev.values), params)
    return Hit(wording.e1rm_decline(name, ev.values, tl.settings.unit), params)


def reps_decline(tl: Timeline, p: int) -> Hit | None:
    """s is a reps decline event, the first decline event of its exercise this workout."""
    return _decline(tl, p, "reps")


def e1rm_decline(tl: Timeline, p: int) -> Hit | None:
    """s is an e1RM (not a reps) decline event, the first decline event of its exercise
    this workout."""
    return _decline(tl, p, "e1rm")
