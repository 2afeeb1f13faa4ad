"""A row as read from any format, before names are mapped; the rules all formats share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from core.model import Failure, Unit
from core.plausibility import HARD_LIMIT
from core.transfer.cells import CellError
from core.transfer.exercises import is_warm_up_activity
from core.transfer.model import ProblemCode, SkipReason
from core.wording import transfer as say

ZERO = Decimal(0)
MAX_REPS = 1000  # above the parser's 100: apps log long sets (abs, calves, band work)
MAX_SECONDS = 24 * 3600
MAX_SET_INDEX = 10_000


@dataclass(slots=True)
class Draft:
    """One set row (or a Strong `Note` row) with every cell read and checked."""

    line: int
    workout_ref: object  # changes exactly when a new workout starts
    workout_stamp: str  # the workout start as written: part of the idempotency key
    started_at: datetime
    title: str | None
    name: str
    marker: str  # the set's place as written (`W`, `3`, `0 warmup`): part of the key
    weight: Decimal = ZERO
    unit: Unit = Unit.KG
    reps: int | None = None
    seconds: int | None = None
    failure: Failure | None = None
    rpe: Decimal | None = None
    rir: Decimal | None = None
    warmup: bool = False
    drop: bool = False
    note: str | None = None
    exercise_note: str | None = None
    workout_note: str | None = None
    extra_note: str | None = None  # values with no field of their own (a distance, a time)
    is_note_row: bool = False
    at: datetime | None = None  # the set's own time (our export); else the workout start
    exercise_id: str | None = None  # given by our export
    bodyweight: bool | None = None  # given by our export; else from the catalogue
    source_id: int | None = None
    export_id: str | None = None


def cell(row: list[str], index: int | None) -> str:
    """The cell of an optional column: empty when the file has no such column."""
    return row[index] if index is not None else ""


class StartTimes:
    """Every row repeats its workout's start: each distinct one is read once."""

    __slots__ = ("_read", "_stamp", "_start")

    def __init__(self, read: Callable[[str], datetime]) -> None:
        self._read = read
        self._stamp = ""
        self._start: datetime | None = None

    def __call__(self, stamp: str) -> datetime:
        if stamp != self._stamp or self._start is None:
            self._start = self._read(stamp)
            self._stamp = stamp
        return self._start


def checked_weight(value: Decimal | None, unit: Unit, field: str, signed: bool) -> Decimal:
    """A load within the parser's limits (1000 kg / 2200 lb); negative only where `signed`."""
    if value is None:
        return ZERO
    low = -HARD_LIMIT[unit] if signed else ZERO
    if not low <= value <= HARD_LIMIT[unit]:
        raise CellError(
            ProblemCode.OUT_OF_RANGE, field, str(value), f"{low}–{HARD_LIMIT[unit]} {unit}"
        )
    return value


def settle(draft: Draft, distance: Decimal | None, distance_unit: str) -> SkipReason | None:
    """Why a row of another app is not a set, or None once its reps or time are settled."""
    reps = draft.reps or None
    seconds = draft.seconds or None
    if is_warm_up_activity(draft.name) and not draft.weight:
        return SkipReason.WARM_UP_ACTIVITY
    if distance and not draft.weight:
        return SkipReason.CARDIO
    if reps is None and seconds is None:
        return SkipReason.CARDIO if distance else SkipReason.EMPTY_SET
    # One of reps or time per set, as a typed set has (notation.md §1): the time of a rep set
    # and a loaded carry's distance are kept in the set's note.
    extra = [say.distance_note(distance, distance_unit)] if distance else []
    if reps is not None and seconds is not None:
        extra.append(say.time_note(seconds))
        seconds = None
    draft.reps, draft.seconds = reps, seconds
    draft.extra_note = join_notes(*extra)
    return None


def join_notes(*parts: str | None) -> str | None:
    kept: list[str] = []
    for part in parts:
        if part and part not in kept:
            kept.append(part)
    return "; ".join(kept) if kept else None
