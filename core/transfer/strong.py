"""Strong export rows (imports.md): `Set Order` W/F/D/Note/Rest Timer, units by dialect."""

from __future__ import annotations

from datetime import tzinfo
from decimal import Decimal

from core.model import Failure, Unit
from core.transfer import cells
from core.transfer.cells import CellError
from core.transfer.draft import (
    MAX_REPS,
    MAX_SECONDS,
    Draft,
    StartTimes,
    cell,
    checked_weight,
    settle,
)
from core.transfer.header import Layout
from core.transfer.model import ProblemCode, SkippedRow, SkipReason

_ORDER_FORMS = "a number, W, F, D, Note or Rest Timer"
_ONE = Decimal(1)


def _distance_unit(header: str) -> str:
    lowered = header.casefold()
    for word, unit in (("meter", "m"), ("km", "km"), ("mile", "mi")):
        if word in lowered:
            return unit
    return ""


class StrongRows:
    """Reads the rows of one Strong file; the header decided the columns and the unit."""

    def __init__(self, layout: Layout, zone: tzinfo, default_unit: Unit) -> None:
        c = layout.columns
        self._date = c["date"]
        self._workout = c["workout"]
        self._exercise = c["exercise"]
        self._order = c["set_order"]
        self._weight = c.get("weight", c.get("weight_kg", c.get("weight_lb", 0)))
        self._reps = c["reps"]
        self._unit_column = c.get("weight_unit")
        self._unit = layout.dialect.unit or default_unit
        self._rpe = c.get("rpe")
        self._distance = c.get("distance")
        self._seconds = c.get("seconds")
        self._notes = c.get("notes")
        self._workout_notes = c.get("workout_notes")
        self._number = c.get("workout_number")
        self._distance_column_unit = _distance_unit(layout.name_of("distance"))
        self._distance_unit_column = c.get("distance_unit")
        self._start = StartTimes(lambda stamp: cells.local_time(stamp, "date", zone))

    def read(self, row: list[str], line: int) -> Draft | SkippedRow:
        """The row as a draft set or a skip; raises CellError for a cell it cannot read."""
        name = cells.text(row[self._exercise], "exercise")
        order = row[self._order].strip()
        kind = order.casefold()
        if kind in ("rest timer", "rest"):
            return SkippedRow(line, SkipReason.REST_TIMER, name)
        if not name:
            raise CellError(ProblemCode.NO_EXERCISE, "exercise", "")
        stamp = row[self._date].strip()
        title = cells.text(row[self._workout], "workout") or None
        number = cell(row, self._number).strip()
        draft = Draft(
            line=line,
            workout_ref=(stamp, title, number),
            workout_stamp=stamp,
            started_at=self._start(stamp),
            title=title,
            name=name,
            marker=kind,
            workout_note=cells.text(cell(row, self._workout_notes), "workout_notes") or None,
        )
        note = cells.text(cell(row, self._notes), "notes") or None
        if kind == "note":
            draft.is_note_row = True
            draft.exercise_note = note
            return draft
        draft.note = note
        if kind == "w":
            draft.warmup = True
        elif kind == "f":
            # Strong's failure tag: no further rep with good form (imports.md, notation.md §6).
            draft.failure = Failure.TECHNICAL
        elif kind == "d":
            draft.drop = True
        elif not kind.isdigit():
            try:
                cells.whole(kind, "set_order", 10_000)
            except CellError:
                raise CellError(
                    ProblemCode.BAD_SET_TYPE, "set_order", order, _ORDER_FORMS
                ) from None
        unit = self._unit
        if self._unit_column is not None:
            unit = cells.unit(row[self._unit_column], "weight_unit", self._unit)
        draft.unit = unit
        draft.weight = checked_weight(
            cells.decimal(row[self._weight], "weight"), unit, "weight", signed=False
        )
        draft.weight = cells.denoise(draft.weight)
        draft.reps = cells.whole(row[self._reps], "reps", MAX_REPS)
        draft.seconds = cells.whole(cell(row, self._seconds), "seconds", MAX_SECONDS)
        draft.rpe = cells.effort(cell(row, self._rpe), "rpe", _ONE)
        distance = cells.decimal(cell(row, self._distance), "distance")
        if distance is not None and distance < 0:
            raise CellError(ProblemCode.OUT_OF_RANGE, "distance", str(distance), "0 or more")
        distance_unit = self._distance_column_unit
        if self._distance_unit_column is not None:
            distance_unit = row[self._distance_unit_column].strip()
        reason = settle(draft, distance, distance_unit)
        return draft if reason is None else SkippedRow(line, reason, name)
