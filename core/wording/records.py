"""How records read: the 🏆 line under a logged set, /prs and /prs bench. Sets read as they
were typed (a 225 lb set stays `225 lb × 5`); computed values (e1RM) are in the user's unit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from core.calendar import Zone, local_date
from core.catalogue import Catalogue
from core.echo import format_sets_compact
from core.insights.records import E1RM_PR, HEAVIEST_PR, HOLD_PR, PR, REP_PR, PriorBest
from core.insights.stats.exercise import ExerciseBest, ExerciseRecords
from core.insights.stats.last_time import FAR_ABOVE
from core.model import SetEntry, SetFields, SetRecord, Unit, set_fields
from core.units import format_weight
from core.wording import numbers as n

TOP_OVERVIEW = 12


def sets_text(sets: Sequence[SetFields], catalogue: Catalogue, named: bool = False) -> str:
    """Sets as the lifter would type them, alike ones together: `80 kg × 8, 8, 7 F · 85 kg × 5`."""
    entries = [SetEntry(line=0, **{**set_fields(s), "note": None}) for s in sets]
    return " · ".join(format_sets_compact(entries, catalogue, named=named))


def set_text(s: SetFields, catalogue: Catalogue) -> str:
    return sets_text([s], catalogue)


def _typed(weight: PriorBest) -> str:
    return f"{format_weight(weight.weight)} {weight.unit.value}"


def _at_load(s: SetRecord, catalogue: Catalogue) -> str:
    """The load alone, as typed: `80 kg`, `+20 kg`, `bw`."""
    plain = replace(s, reps=1, seconds=None, failure=None, rpe=None, rir=None, warmup=False)
    return set_text(plain, catalogue).removesuffix(" × 1")


def _what(pr: PR, unit: Unit, catalogue: Catalogue) -> str:
    """`e1RM 105 kg`, `heaviest 225 lb × 5`, `9 reps at 80 kg`, `hold 2:30 min`."""
    if pr.kind == E1RM_PR:
        return f"e1RM {n.mass(pr.value, unit)}"
    if pr.kind == HEAVIEST_PR:
        word = "heaviest" if pr.value > 0 else "least assistance"
        return f"{word} {set_text(pr.record, catalogue)}"
    if pr.kind == REP_PR:
        return f"{n.count(int(pr.value), 'rep')} at {_at_load(pr.record, catalogue)}"
    return f"hold {n.duration(pr.value)}"


def pr_text(pr: PR, unit: Unit, catalogue: Catalogue) -> str:
    """Short, for lists: `Bench Press e1RM 105 kg`, `Curl 13 reps at 14 kg`."""
    return f"{catalogue.name_of(pr.exercise)} {_what(pr, unit, catalogue)}"


def pr_line(pr: PR, unit: Unit, catalogue: Catalogue) -> str:
    """The 🏆 line of a logging reply (or the warning for a load far above all before it)."""
    name = catalogue.name_of(pr.exercise)
    if pr.kind == FAR_ABOVE:
        return far_above_line(pr, unit, catalogue)
    if pr.kind == E1RM_PR:
        was = n.mass(pr.previous, unit)
        return f"🏆 e1RM PR on {name}: {n.mass(pr.value, unit)} (was {was})"
    if pr.kind == HEAVIEST_PR:
        done = set_text(pr.record, catalogue)
        if pr.value <= 0:
            return f"🏆 Least assistance yet on {name}: {done} (was {n.mass(pr.previous, unit)})"
        exercise = catalogue.get(pr.exercise)
        if pr.previous == 0 and exercise is not None and exercise.is_bodyweight:
            return f"🏆 Heaviest {name} yet: {done} (was bodyweight alone)"  # not "0 kg"
        return f"🏆 Heaviest {name} yet: {done} (was {n.mass(pr.previous, unit)})"
    if pr.kind == REP_PR:
        load = _at_load(pr.record, catalogue)
        reps = n.count(int(pr.value), "rep")
        return f"🏆 Rep PR on {name}: {reps} at {load} (was {int(pr.previous)})"
    return (
        f"🏆 Longest {name} yet: {n.duration(pr.value)} (was {n.duration(pr.previous)})"
        if pr.kind == HOLD_PR
        else f"🏆 PR on {name}"
    )


def far_above_line(pr: PR, unit: Unit, catalogue: Catalogue) -> str:
    """Why a set looks like a mistake, and the two fixes: another exercise, the other unit."""
    s = pr.record
    name = catalogue.name_of(pr.exercise)
    load = _at_load(s, catalogue)
    exercise = catalogue.get(pr.exercise)
    added = "+" if exercise is not None and exercise.is_bodyweight else ""
    numbers = f"{added}{format_weight(s.weight)}x{s.reps}"
    other_unit = s.unit.other
    other = "deadlift" if pr.exercise == "back_squat" else "squat"
    return (
        f"⚠️ {load} is far above your heaviest {name} so far ({n.mass(pr.previous, unit)}): "
        f"another exercise, or {other_unit.value}? ↩ Undo takes it back; then send it again "
        f"with the name or the unit, e.g. `{other} {numbers}` or `{numbers} {other_unit.value}`."
    )


def _best_line(e: ExerciseBest, unit: Unit, catalogue: Catalogue) -> str:
    parts: list[str] = []
    if e.e1rm is not None:
        parts.append(f"e1RM {n.mass(e.e1rm, unit)}")
    h = e.heaviest
    if h is not None and h.max_reps:
        if h.kg > 0:
            parts.append(f"heaviest {_typed(h)} × {h.max_reps}")
        elif h.kg < 0:
            parts.append(f"least assistance {_typed(h)} × {h.max_reps}")
        else:
            parts.append(f"{n.count(h.max_reps, 'rep')} at bodyweight")
    if e.hold is not None and e.hold.max_seconds:
        parts.append(f"longest hold {n.duration(e.hold.max_seconds)}")
    return f"{catalogue.name_of(e.exercise)}: " + " · ".join(parts or ["logged"])


def overview_text(
    bests: Sequence[ExerciseBest], unit: Unit, catalogue: Catalogue, when: str | None = None
) -> str:
    """`when`: the time the bests come from, for a question (`last month`); else all time."""
    title = "Your records" if when is None else f"Your best sets {when}"
    lines = [f"🏆 {title} (e1RM by Brzycki from your best set)"]
    lines += [_best_line(e, unit, catalogue) for e in bests[:TOP_OVERVIEW]]
    if len(bests) > TOP_OVERVIEW:
        lines.append(f"… and {n.count(len(bests) - TOP_OVERVIEW, 'more exercise')}.")
    lines.append("/prs bench: one exercise with dates and rep records")
    return "\n".join(lines)


def records_text(
    r: ExerciseRecords,
    unit: Unit,
    catalogue: Catalogue,
    zone: Zone,
    today: date,
    when: str | None = None,
) -> str:
    """Dates are the local days in `zone`; a day in another year than `today` gets its year.
    `when`: the time the records come from, for a question (`last month`)."""
    name = catalogue.name_of(r.exercise)
    b = r.bests

    def on(s: SetRecord | None) -> str:
        return f" on {n.day(local_date(s.at, zone), today)}" if s is not None else ""

    lines = [f"🏆 {name} records" if when is None else f"🏆 {name}: best sets {when}"]
    if b.e1rm is not None and b.e1rm_set is not None:
        lines.append(
            f"Best e1RM: {n.mass(b.e1rm, unit)} from {set_text(b.e1rm_set, catalogue)}"
            f"{on(b.e1rm_set)}"
        )
    if b.heaviest_set is not None and b.heaviest is not None and b.heaviest != 0:
        label = "Heaviest" if b.heaviest > 0 else "Least assistance"
        lines.append(f"{label}: {set_text(b.heaviest_set, catalogue)}{on(b.heaviest_set)}")
    if b.volume_set is not None and b.volume is not None:
        lines.append(
            f"Best set: {set_text(b.volume_set, catalogue)} = {n.mass(b.volume, unit)}"
            f"{on(b.volume_set)}"
        )
    if b.hold_set is not None and b.hold is not None:
        lines.append(f"Longest hold: {set_text(b.hold_set, catalogue)}{on(b.hold_set)}")
    if r.rep_records:
        lines.append("Most reps at a load:")
        lines += [f"  {set_text(x.record, catalogue)}{on(x.record)}" for x in r.rep_records]
    if r.recent and when is None:  # a PR is against everything before, not a time range
        recent = [
            f"{_what(pr, unit, catalogue)} ({n.day(local_date(pr.record.at, zone), today)})"
            for pr in r.recent
        ]
        lines.append("Latest PRs: " + " · ".join(recent))
    if r.streak >= 2 and when is None:
        lines.append(
            f"🔥 A PR in each of your last {n.count(r.streak, 'week')} of {name} "
            "(deload weeks don't break it)"
        )
    first, last = local_date(r.first_at, zone), local_date(r.last_at, zone)
    span = (
        f"on {n.day(first, today)}"
        if first == last
        else f"from {n.day(first, today)} to {n.day(last, today)}"
    )
    lines.append(f"{n.count(r.working_sets, 'working set')} {span}")
    return "\n".join(lines)
