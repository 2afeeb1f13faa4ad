"""Row <-> core dataclass conversion; nothing outside storage/ ever sees an ORM row."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from operator import attrgetter
from typing import Any

from core.logbook import SEQ_PER_MESSAGE
from core.model import (
    SET_FIELDS,
    Failure,
    Profile,
    SetEntry,
    SetFields,
    SetRecord,
    Unit,
    set_fields,
)
from storage.rows import SetRow, UserRow

# Plain columns, no ORM identity map: history loads are the hot path of every logged message.
# Where the set sits (id, message, position, time), then one column per field of SET_FIELDS.
_PLACEMENT = ("id", "log_message_id", "position", "at")
RECORD_COLUMNS = (
    SetRow.id,
    SetRow.log_message_id,
    SetRow.position,
    SetRow.logged_at,
    *(getattr(SetRow, name) for name in SET_FIELDS),
)
_RECORD_NAMES = (*_PLACEMENT, *SET_FIELDS)

_UNITS = {u.value: u for u in Unit}
_FAILURES = {f.value: f for f in Failure}


def _decimal(value: object) -> Decimal:
    # Numeric columns already come back as Decimal; avoid a second conversion per row.
    return value if isinstance(value, Decimal) else Decimal(str(value))


def set_records(rows: Iterable[Sequence[Any]]) -> list[SetRecord]:
    """Rows of RECORD_COLUMNS (extra columns after them are ignored), converted in bulk.

    Rows are read by index, not by attribute: attribute access on SQLAlchemy rows costs more
    than the rest of the conversion, and this runs over the whole rules window.
    """
    units, failures, per = _UNITS, _FAILURES, SEQ_PER_MESSAGE
    out = []
    for row in rows:
        values = dict(zip(_RECORD_NAMES, row, strict=False))  # extra columns: zip stops early
        seq = values.pop("log_message_id") * per + values.pop("position")
        values["unit"] = units[values["unit"]]
        values["failure"] = failures[values["failure"]] if values["failure"] else None
        values["weight"] = _decimal(values["weight"])
        for name in ("rpe", "rir"):
            if values[name] is not None:
                values[name] = _decimal(values[name])
        out.append(SetRecord(seq=seq, **values))
    return out


_FIELD_VALUES = attrgetter(*SET_FIELDS)  # one C call for the twelve (imports: per set)


def _field_columns(s: SetFields) -> dict[str, Any]:
    values = dict(zip(SET_FIELDS, _FIELD_VALUES(s), strict=True))
    values["unit"] = s.unit.value
    values["failure"] = s.failure.value if s.failure is not None else None
    return values


# The keys of set_row's dicts (the columns a logged set writes).
SET_ROW_KEYS = (
    *SET_FIELDS,
    "line",
    "user_id",
    "log_message_id",
    "position",
    "workout_id",
    "logged_at",
)


def set_fields_row(entry: SetEntry) -> dict[str, Any]:
    """A message's set's own columns (SET_FIELDS and its line), without its placement."""
    return {**_field_columns(entry), "line": entry.line}


def set_row(
    entry: SetEntry, *, user_id: int, log_id: int, position: int, workout_id: int, at: datetime
) -> dict[str, Any]:
    """The set_records row of a message's set, by column name."""
    return {
        **set_fields_row(entry),
        "user_id": user_id,
        "log_message_id": log_id,
        "position": position,
        "workout_id": workout_id,
        "logged_at": at,
    }


# The columns of an imported set row, in the order imported_set_values gives them.
IMPORTED_COLUMNS = (
    "user_id",
    "log_message_id",
    "position",
    "workout_id",
    *SET_FIELDS,
    "line",
    "logged_at",
    "import_key",
)
_UNIT, _FAILURE = SET_FIELDS.index("unit"), SET_FIELDS.index("failure")


def imported_set_values(
    record: SetRecord,
    *,
    user_id: int,
    log_id: int,
    position: int,
    workout_id: int,
    key: str,
    line: int,
) -> tuple[Any, ...]:
    """The set_records row of an imported set, placed at its own time under its workout's row:
    values in IMPORTED_COLUMNS order, in the types the drivers take as they are."""
    fields = list(_FIELD_VALUES(record))
    fields[_UNIT] = record.unit.value
    fields[_FAILURE] = record.failure.value if record.failure is not None else None
    return (user_id, log_id, position, workout_id, *fields, line, record.at, key)


def set_entry(record: SetRecord, line: int) -> SetEntry:
    """A stored set as the message line that produced it (what replies echo)."""
    return SetEntry(line=line, **set_fields(record))


def first_revision(now: datetime) -> int:
    """The sets revision of a new account: a time stamp, not 0, so an account made again after
    /forget never repeats a revision a process may still hold a cached window for. Every
    change to the sets bumps it, so an account still at its first revision has none."""
    return int(now.timestamp() * 1_000_000)


def profile(row: UserRow | Any, deload_weeks: tuple[date, ...] = ()) -> Profile:
    """A users row (ORM object or Core row with the table's columns) as a Profile."""
    return Profile(
        user_id=row.id,
        unit=Unit(row.unit),
        timezone=row.timezone,
        week_start=row.week_start,
        deload_every_weeks=row.deload_every_weeks,
        rules_off=frozenset(row.rules_off or ()),
        thresholds=tuple(sorted((k, float(v)) for k, v in (row.thresholds or {}).items())),
        deload_weeks=deload_weeks,
        awaiting=row.awaiting,
        sets_revision=row.sets_revision or 0,
        logged_sets=row.sets_revision != first_revision(row.created_at),
        unit_chosen=row.unit_chosen_at is not None,
        exercises_revision=row.exercises_revision,
        blocked=row.blocked_at is not None,
    )
