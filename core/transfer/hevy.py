"""Hevy export rows (imports.md): `set_type` normal/warmup/failure/dropset, unit in the header."""

from __future__ import annotations

from datetime import tzinfo
from decimal import Decimal

from core.model import Failure, Unit
from core.transfer import cells
from core.transfer.cells import CellError
from core.transfer.draft import (
    MAX_REPS,
    MAX_SECONDS,
    MAX_SET_INDEX,
    Draft,
    StartTimes,
    cell,
    checked_weight,
    settle,
)
from core.transfer.header import Layout
from core.transfer.model import ProblemCode, SkippedRow

_TYPES = ("normal", "warmup", "failure", "dropset")
_ONE = Decimal(1)


def _note(value: str, field: str) -> str | None:
    # Hevy writes a note's line breaks as the two characters `\n`.
    return cells.text(value, field).replace("\\n", "\n") or None


class HevyRows:
    """Reads the rows of one Hevy file; `weight_kg` or `weight_lbs` in the header is the unit."""

    def __init__(self, layout: Layout, zone: tzinfo, default_unit: Unit) -> None:
        c = layout.columns
        self._title = c["title"]
        self._start_time = c["start_time"]
        self._description = c.get("description")
        self._exercise = c["exercise"]
        self._exercise_notes = c.get("exercise_notes")
        self._index = c["set_index"]
        self._type = c["set_type"]
        self._weight = c.get("weight_kg", c.get("weight_lb", 0))
        self._unit = layout.dialect.unit or default_unit
        self._reps = c["reps"]
        self._distance = c.get("distance_km", c.get("distance_miles"))
        self._distance_unit = "km" if "distance_km" in c else "mi"
        self._seconds = c.get("seconds")
        self._rpe = c.get("rpe")
        self._start = StartTimes(lambda stamp: cells.hevy_time(stamp, "start_time", zone))

    def read(self, row: list[str], line: int) -> Draft | SkippedRow:
        """The row as a draft set or a skip; raises CellError for a cell it cannot read."""
        name = cells.text(row[self._exercise], "exercise")
        if not name:
            raise CellError(ProblemCode.NO_EXERCISE, "exercise", "")
        stamp = row[self._start_time].strip()
        title = cells.text(row[self._title], "title") or None
        set_type = row[self._type].strip().casefold() or "normal"
        if set_type not in _TYPES:
            raise CellError(
                ProblemCode.BAD_SET_TYPE, "set_type", row[self._type].strip(), ", ".join(_TYPES)
            )
        index = cells.whole(row[self._index], "set_index", MAX_SET_INDEX)
        draft = Draft(
            line=line,
            workout_ref=(stamp, title),
            workout_stamp=stamp,
            started_at=self._start(stamp),
            title=title,
            name=name,
            marker=f"{index} {set_type}",
            unit=self._unit,
            warmup=set_type == "warmup",
            drop=set_type == "dropset",
            exercise_note=_note(cell(row, self._exercise_notes), "exercise_notes"),
            workout_note=_note(cell(row, self._description), "description"),
        )
        weight = cells.decimal(row[self._weight], "weight")
        draft.weight = cells.denoise(checked_weight(weight, self._unit, "weight", signed=False))
        draft.reps = cells.whole(row[self._reps], "reps", MAX_REPS)
        draft.seconds = cells.whole(cell(row, self._seconds), "seconds", MAX_SECONDS)
        draft.rpe = cells.effort(cell(row, self._rpe), "rpe", _ONE)
        distance = cells.decimal(cell(row, self._distance), "distance")
        if distance is not None and distance < 0:
            raise CellError(ProblemCode.OUT_OF_RANGE, "distance", str(distance), "0 or more")
        reason = settle(draft, distance, self._distance_unit)
        if reason is not None:
            return SkippedRow(line, reason, name)
        if set_type == "failure":
            # Hevy's failure set: no further rep possible; a hold that could not go on.
            draft.failure = Failure.CONCENTRIC if draft.reps is not None else Failure.ISOMETRIC
        return draft
