"""Which export a header line belongs to: app, separator, unit and where each field sits."""

from __future__ import annotations

import csv
from dataclasses import dataclass

from core.model import Unit
from core.transfer.model import Dialect, ImportRejected, RejectCode, SourceFormat, UnitSource

# Our export's weigh-ins, a file of their own (core/transfer/export.py, bodyweight_lines).
BODYWEIGHT_COLUMNS = ("date", "time", "utc_offset", "weight", "unit", "note")
# Our own export (core/transfer/export.py writes exactly these, in this order).
NATIVE_COLUMNS = (
    "date",
    "time",
    "utc_offset",
    "workout",
    "workout_title",
    "exercise",
    "exercise_id",
    "weight",
    "unit",
    "bodyweight",
    "reps",
    "seconds",
    "failure",
    "rpe",
    "rir",
    "warmup",
    "drop",
    "note",
    "set_id",
    "export_id",
)


@dataclass(frozen=True, slots=True)
class _Spec:
    format: SourceFormat
    fields: dict[str, tuple[str, ...]]  # field -> accepted header names (casefolded)
    required: tuple[str, ...]
    german: frozenset[str] = frozenset()


# Strong: English (iOS `Duration`, Android `Workout Duration`), the quoted variant with units in
# the header, and the German headers of jjaju/statlift columns.json (imports.md).
_STRONG = _Spec(
    SourceFormat.STRONG,
    {
        "date": ("date", "datum"),
        "workout": ("workout name", "workout-name"),
        "exercise": ("exercise name", "name der übung"),
        "set_order": ("set order", "reihenfolge festlegen"),
        "weight": ("weight", "gewicht"),
        "weight_kg": ("weight (kg)", "gewicht (kg)"),
        "weight_lb": ("weight (lbs)", "weight (lb)", "gewicht (lbs)", "gewicht (lb)"),
        "weight_unit": ("weight unit",),
        "reps": ("reps", "wiederh."),
        "rpe": ("rpe",),
        "distance": ("distance", "distance (meters)", "distance (km)", "distance (miles)"),
        "distance_unit": ("distance unit",),
        "seconds": ("seconds", "sekunden"),
        "notes": ("notes", "notizen"),
        "workout_notes": ("workout notes", "workout-notizen"),
        "workout_number": ("workout #",),
    },
    ("date", "workout", "exercise", "set_order", "weight", "reps"),
    frozenset({"datum", "name der übung", "reihenfolge festlegen", "gewicht", "wiederh."}),
)
_HEVY = _Spec(
    SourceFormat.HEVY,
    {
        "title": ("title",),
        "start_time": ("start_time",),
        "description": ("description",),
        "exercise": ("exercise_title",),
        "exercise_notes": ("exercise_notes",),
        "set_index": ("set_index",),
        "set_type": ("set_type",),
        "weight_kg": ("weight_kg",),
        "weight_lb": ("weight_lbs",),
        "reps": ("reps",),
        "distance_km": ("distance_km",),
        "distance_miles": ("distance_miles",),
        "seconds": ("duration_seconds",),
        "rpe": ("rpe",),
    },
    ("title", "start_time", "exercise", "set_index", "set_type", "weight", "reps"),
)
_NATIVE = _Spec(
    SourceFormat.TOFAILURE,
    {name: (name,) for name in NATIVE_COLUMNS},
    ("date", "time", "exercise", "weight", "unit", "reps"),
)
_SPECS = (_NATIVE, _STRONG, _HEVY)

# How a missing field is named back to the user, in the app's own English header.
_SHOWN = {
    (SourceFormat.STRONG, "date"): "Date",
    (SourceFormat.STRONG, "workout"): "Workout Name",
    (SourceFormat.STRONG, "exercise"): "Exercise Name",
    (SourceFormat.STRONG, "set_order"): "Set Order",
    (SourceFormat.STRONG, "weight"): "Weight",
    (SourceFormat.STRONG, "reps"): "Reps",
    (SourceFormat.HEVY, "exercise"): "exercise_title",
    (SourceFormat.HEVY, "weight"): "weight_kg",
}


_VARIANTS = {
    "weight": ("weight_kg", "weight_lb"),
    "distance": ("distance_km", "distance_miles"),
}


@dataclass(frozen=True, slots=True)
class Layout:
    """A recognised header: the dialect, the index of each field, and the header as written."""

    dialect: Dialect
    columns: dict[str, int]
    names: tuple[str, ...]

    def name_of(self, field: str) -> str:
        """The column of a field as headed in the file, for messages that name it."""
        for candidate in (field, *_VARIANTS.get(field, ())):
            index = self.columns.get(candidate)
            if index is not None:
                return self.names[index]
        return field


def _normalise(cell: str) -> str:
    return " ".join(cell.strip().strip('"').split()).casefold()


def _columns(spec: _Spec, names: list[str]) -> dict[str, int]:
    by_name: dict[str, str] = {}
    for field, accepted in spec.fields.items():
        for name in accepted:
            by_name[name] = field
    columns: dict[str, int] = {}
    for index, name in enumerate(names):
        found = by_name.get(name)
        if found is not None and found not in columns:
            columns[found] = index
    return columns


def _has(columns: dict[str, int], field: str) -> bool:
    if field == "weight" and field not in columns:
        return "weight_kg" in columns or "weight_lb" in columns
    return field in columns


def _dialect(spec: _Spec, delimiter: str, columns: dict[str, int], names: list[str]) -> Dialect:
    german = any(name in spec.german for name in names)
    language = "de" if german else "en"
    if spec.format is SourceFormat.TOFAILURE or "weight_unit" in columns:
        return Dialect(spec.format, delimiter, UnitSource.COLUMN, None, language)
    if "weight" not in columns and "weight_lb" in columns:
        return Dialect(spec.format, delimiter, UnitSource.HEADER, Unit.LB, language)
    if "weight" not in columns and "weight_kg" in columns:
        return Dialect(spec.format, delimiter, UnitSource.HEADER, Unit.KG, language)
    return Dialect(spec.format, delimiter, UnitSource.ASSUMED, None, language)


def detect(header: str, line: int = 1) -> Layout:
    """The layout of a header line; ImportRejected naming what was expected when unknown."""
    closest: tuple[float, _Spec, tuple[str, ...]] | None = None
    for delimiter in (",", ";", "\t"):
        cells = next(csv.reader([header], delimiter=delimiter))
        names = [_normalise(cell) for cell in cells]
        if tuple(names) == BODYWEIGHT_COLUMNS:  # /export's second file, not a log
            raise ImportRejected(RejectCode.WEIGH_INS, line=line, detail=header)
        for spec in _SPECS:
            columns = _columns(spec, names)
            missing = tuple(f for f in spec.required if not _has(columns, f))
            if not missing:
                dialect = _dialect(spec, delimiter, columns, names)
                return Layout(dialect, columns, tuple(c.strip().strip('"') for c in cells))
            share = 1 - len(missing) / len(spec.required)
            if closest is None or share > closest[0]:
                closest = (share, spec, missing)
    if closest is not None and closest[0] >= 0.5:
        _, spec, missing = closest
        shown = tuple(_SHOWN.get((spec.format, f), f) for f in missing)
        raise ImportRejected(
            RejectCode.UNKNOWN_HEADER,
            line=line,
            detail=header,
            resembles=spec.format,
            missing=shown,
        )
    raise ImportRejected(RejectCode.UNKNOWN_HEADER, line=line, detail=header)
