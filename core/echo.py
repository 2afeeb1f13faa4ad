"""Sets written back in the notation, as bot replies echo them (`Bench Press 80 kg × 8 F`)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from core.catalogue import Catalogue
from core.model import Failure, SetEntry
from core.units import format_weight

_CODES = {
    Failure.CONCENTRIC: "Fc",
    Failure.ECCENTRIC: "Fe",
    Failure.ISOMETRIC: "Fi",
    Failure.TECHNICAL: "Ft",
}


def format_set(entry: SetEntry, catalogue: Catalogue) -> str:
    """One set on one line; parsing it back (with the set's unit as default) gives the same set."""
    text = f"{catalogue.name_of(entry.exercise)} {_amount(entry, catalogue)}{_markers(entry)}"
    if entry.drop:
        text += " (drop set)"
    return text + _note(entry.note)


def format_sets_compact(
    entries: Sequence[SetEntry], catalogue: Catalogue, *, named: bool = True
) -> list[str]:
    """Sets of one exercise and load share a line (`Bench Press 80 kg × 8, 8, 6 F`); drops chain.
    Without `named` the exercise name is left out (`80 kg × 8, 8, 6 F`)."""
    lines: list[str] = []
    current: list[str] = []
    previous: SetEntry | None = None
    for entry in entries:
        if previous is not None and entry.drop and entry.exercise == previous.exercise:
            current.append(f" > {_amount(entry, catalogue)}{_markers(entry)}")
        elif previous is not None and _same_group(previous, entry):
            item = str(entry.reps) if entry.reps is not None else f"{entry.seconds}s"
            current.append(f", {item}{_markers(entry, warmup=False)}")
        else:
            if previous is not None:
                lines.append("".join(current) + _note(previous.note))
            name = f"{catalogue.name_of(entry.exercise)} " if named else ""
            current = [f"{name}{_amount(entry, catalogue)}{_markers(entry, warmup=False)}"]
            if entry.warmup:
                current.append(" w")
        previous = entry
    if previous is not None:
        lines.append("".join(current) + _note(previous.note))
    return lines


def format_sets_counted(entries: Sequence[SetEntry], catalogue: Catalogue) -> str:
    """Sets in a few words, equal sets counted (`3 sets × 12`, `3 sets × 5 @ 100 kg`, `+3 kg ×
    12`, `80 kg × 8 rir 1`): every field that tells two readings apart, notes left out."""
    parts: list[str] = []
    i = 0
    while i < len(entries):
        entry = entries[i]
        n = 1
        while i + n < len(entries) and _same_set(entry, entries[i + n]):
            n += 1
        if entry.drop and parts:
            parts[-1] += f" > {_counted(entry, n, catalogue)}"
        else:
            parts.append(_counted(entry, n, catalogue))
        i += n
    return ", ".join(parts)


def _same_set(a: SetEntry, b: SetEntry) -> bool:
    """Two sets a count can stand for: equal in every field but the note and line."""
    return (
        a.exercise == b.exercise
        and a.weight == b.weight
        and a.unit == b.unit
        and a.bodyweight == b.bodyweight
        and a.reps == b.reps
        and a.seconds == b.seconds
        and a.failure == b.failure
        and a.rpe == b.rpe
        and a.rir == b.rir
        and a.warmup == b.warmup
        and not a.drop
        and not b.drop
    )


def _counted(entry: SetEntry, count: int, catalogue: Catalogue) -> str:
    if count == 1:
        return f"{_amount(entry, catalogue)}{_markers(entry)}"
    amount = str(entry.reps) if entry.reps is not None else f"{entry.seconds}s"
    at = "" if entry.bodyweight and entry.weight == 0 else f" @ {_load(entry)}"
    return f"{count} sets × {amount}{at}{_markers(entry)}"


def _same_group(a: SetEntry, b: SetEntry) -> bool:
    # A warm-up marks a whole group, so a group is only ever all warm-up or none.
    return (
        a.exercise == b.exercise
        and a.weight == b.weight
        and a.unit == b.unit
        and a.bodyweight == b.bodyweight
        and (a.reps is None) == (b.reps is None)
        and a.warmup == b.warmup
        and a.note == b.note
        and a.line == b.line
        and not b.drop
    )


def _amount(entry: SetEntry, catalogue: Catalogue) -> str:
    """`80 kg × 8`, `bw × 10`, `+20 kg × 8`, `-30 kg × 8`, `60s`, `40 kg × 60s`."""
    count = str(entry.reps) if entry.reps is not None else f"{entry.seconds}s"
    exercise = catalogue.get(entry.exercise)
    # A hold of a bodyweight exercise is written as its time alone (`Plank 60s`).
    if (
        entry.seconds is not None
        and entry.bodyweight
        and entry.weight == 0
        and exercise is not None
        and exercise.is_bodyweight
    ):
        return count
    return f"{_load(entry)} × {count}"


def _load(entry: SetEntry) -> str:
    weight = format_weight(entry.weight)
    if not entry.bodyweight:
        return f"{weight} {entry.unit.value}"
    if entry.weight == 0:
        return "bw"
    sign = "+" if entry.weight > 0 else ""
    return f"{sign}{weight} {entry.unit.value}"


def _markers(entry: SetEntry, warmup: bool = True) -> str:
    parts: list[str] = []
    if entry.failure is not None:
        default = Failure.ISOMETRIC if entry.seconds is not None else Failure.CONCENTRIC
        parts.append("F" if entry.failure is default else _CODES[entry.failure])
    if entry.rpe is not None:
        parts.append(f"@{_number(entry.rpe)}")
    if entry.rir is not None:
        parts.append(f"rir {_number(entry.rir)}")
    if warmup and entry.warmup:
        parts.append("w")
    return "".join(f" {p}" for p in parts)


def _note(note: str | None) -> str:
    return f" # {note}" if note else ""


def _number(value: Decimal) -> str:
    return format_weight(value)
