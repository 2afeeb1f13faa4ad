"""Rows of our own export (header.NATIVE_COLUMNS): every value of a set, time with its offset."""

from __future__ import annotations

import re
from datetime import datetime, tzinfo
from decimal import Decimal

from core.model import Failure, Unit
from core.training.workouts import continues_workout
from core.transfer import cells
from core.transfer.cells import CellError
from core.transfer.draft import MAX_REPS, MAX_SECONDS, Draft, checked_weight
from core.transfer.header import Layout
from core.transfer.model import MAX_CELL_CHARS, ProblemCode, SkippedRow, SkipReason

YES = "yes"
_TRUE = frozenset({"yes", "y", "true", "1", "x", "✓"})
_FALSE = frozenset({"", "no", "n", "false", "0"})
_FAILURES = {f.value: f for f in Failure}
_FAILURE_FORMS = ", ".join(_FAILURES)
_ID = re.compile(r"\w+")
# `UTC+01:00` as we write it (a bare `+01:00` turns into a time in spreadsheets), `+01:00`,
# `UTC`, `Z`, or empty: the user's zone.
_OFFSET = re.compile(r"(?:UTC|GMT|Z)?([+-]\d{2}:\d{2}(?::\d{2})?)?", re.IGNORECASE)
_DOTTED_DAY = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_MAX_SET_ID = 2**63 - 1
_ZERO = Decimal(0)
_ONE = Decimal(1)


# Spreadsheets run a cell that starts like a formula (OWASP "CSV injection"): our export writes
# such text behind a `'`, which the import removes again, so every note comes back unchanged.
_FORMULA_START = frozenset("=+-@\t\r")
_ESCAPED_START = _FORMULA_START | {"'"}


def protect(text: str) -> str:
    if text and (
        text[0] in _FORMULA_START
        or (text[0] == "'" and len(text) > 1 and text[1] in _ESCAPED_START)
    ):
        return "'" + text
    return text


def unprotect(text: str) -> str:
    if len(text) > 1 and text[0] == "'" and text[1] in _ESCAPED_START:
        return text[1:]
    return text


class NativeRows:
    """Reads the rows of one of our exports, columns found by name (a spreadsheet may reorder)."""

    def __init__(self, layout: Layout, zone: tzinfo, default_unit: Unit) -> None:
        self._c = layout.columns
        self._zone = zone
        self._last_at: datetime | None = None
        self._gap_ref = 0

    def _get(self, row: list[str], field: str) -> str:
        index = self._c.get(field)
        return row[index] if index is not None else ""

    def _flag(self, row: list[str], field: str) -> bool:
        value = self._get(row, field).strip().casefold()
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        raise CellError(ProblemCode.BAD_FLAG, field, value)

    def _at(self, row: list[str]) -> datetime:
        day, clock = self._get(row, "date").strip(), self._get(row, "time").strip()
        offset = self._get(row, "utc_offset").strip()
        written = f"{day} {clock}{' ' + offset if offset else ''}"
        zone_part = _OFFSET.fullmatch(offset)
        dotted = _DOTTED_DAY.fullmatch(day)
        if dotted is not None:  # re-saved by a spreadsheet in a day-first locale: 02.03.2026
            day = f"{dotted[3]}-{int(dotted[2]):02d}-{int(dotted[1]):02d}"
        try:
            if zone_part is None:
                raise CellError(ProblemCode.BAD_DATE, "date", written)
            tail = zone_part[1] or ("+00:00" if offset else "")
            return cells.local_time(f"{day} {clock}{tail}", "date", self._zone)
        except CellError:
            raise CellError(
                ProblemCode.BAD_DATE, "date", written, "2026-03-02, 18:04:11, UTC+01:00"
            ) from None

    def _workout_ref(self, row: list[str], at: datetime) -> object:
        written = self._get(row, "workout").strip()
        if written:
            return written
        # Rows added by hand without a workout number: the 3-hour rule of rules.md §1.
        if not continues_workout(self._last_at, at):
            self._gap_ref += 1
        return ("gap", self._gap_ref)

    def read(self, row: list[str], line: int) -> Draft | SkippedRow:
        """The row as a draft set or a skip; raises CellError for a cell it cannot read."""
        at = self._at(row)
        name = unprotect(cells.text(self._get(row, "exercise"), "exercise"))
        exercise_id = self._get(row, "exercise_id").strip().lower() or None
        if exercise_id is not None and not _ID.fullmatch(exercise_id):
            raise CellError(ProblemCode.BAD_ID, "exercise_id", exercise_id, "like bench_press")
        if not name and exercise_id is None:
            raise CellError(ProblemCode.NO_EXERCISE, "exercise", "")
        title = unprotect(cells.text(self._get(row, "workout_title"), "workout_title")) or None
        unit = cells.unit(self._get(row, "unit"), "unit", None)
        weight = checked_weight(
            cells.decimal(self._get(row, "weight"), "weight"), unit, "weight", True
        )
        reps = cells.whole(self._get(row, "reps"), "reps", MAX_REPS) or None
        seconds = cells.whole(self._get(row, "seconds"), "seconds", MAX_SECONDS) or None
        failure_text = self._get(row, "failure").strip().casefold()
        failure = _FAILURES.get(failure_text)
        if failure_text and failure is None:
            raise CellError(ProblemCode.BAD_FAILURE, "failure", failure_text, _FAILURE_FORMS)
        note = unprotect(self._get(row, "note"))
        if len(note) > MAX_CELL_CHARS:
            raise CellError(ProblemCode.TOO_LONG, "note", note[:40], f"{MAX_CELL_CHARS} characters")
        set_id = self._get(row, "set_id").strip()
        ref = self._workout_ref(row, at)
        self._last_at = at
        if reps is None and seconds is None:
            return SkippedRow(line, SkipReason.EMPTY_SET, name or exercise_id or "")
        return Draft(
            line=line,
            workout_ref=ref,
            workout_stamp=at.isoformat(),
            started_at=at,
            title=title,
            name=name or exercise_id or "",
            marker="",
            weight=weight if weight else _ZERO,
            unit=unit,
            reps=reps,
            seconds=seconds,
            failure=failure,
            rpe=cells.effort(self._get(row, "rpe"), "rpe", _ONE),
            rir=cells.effort(self._get(row, "rir"), "rir", _ZERO),
            warmup=self._flag(row, "warmup"),
            drop=self._flag(row, "drop"),
            note=note or None,
            at=at,
            exercise_id=exercise_id,
            bodyweight=self._flag(row, "bodyweight"),
            source_id=cells.whole(set_id, "set_id", _MAX_SET_ID) if set_id else None,
            export_id=self._get(row, "export_id").strip() or None,
        )
