"""Row <-> core dataclass conversion; nothing outside storage/ ever sees an ORM row."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from core.logbook import SEQ_PER_MESSAGE
from core.model import Failure, Profile, SetEntry, SetRecord, Unit
from storage.rows import SetRow, UserRow

# Plain columns, no ORM identity map: history loads are the hot path of every logged message.
RECORD_COLUMNS = (
    SetRow.id,
    SetRow.log_message_id,
    SetRow.position,
    SetRow.logged_at,
    SetRow.exercise,
    SetRow.weight,
    SetRow.unit,
    SetRow.reps,
    SetRow.failure,
    SetRow.rpe,
    SetRow.rir,
    SetRow.warmup,
    SetRow.bodyweight,
    SetRow.seconds,
    SetRow.drop,
    SetRow.note,
)


_UNITS = {u.value: u for u in Unit}
_FAILURES = {f.value: f for f in Failure}


def _decimal(value: object) -> Decimal:
    # Numeric columns already come back as Decimal; avoid a second conversion per row.
    return value if isinstance(value, Decimal) else Decimal(str(value))


def set_records(rows: Iterable[Sequence[Any]]) -> list[SetRecord]:
    """Rows of RECORD_COLUMNS (extra columns after them are ignored), converted in bulk.

    Positional unpacking: attribute access on SQLAlchemy rows costs more than the rest of
    the conversion, and this runs over the whole rules window on every logged message.
    """
    units, failures, per = _UNITS, _FAILURES, SEQ_PER_MESSAGE
    out = []
    for r in rows:
        rid, log_id, position, at, exercise, weight, unit, reps, failure, rpe, rir = r[:11]
        warmup, bodyweight, seconds, drop, note = r[11:16]
        out.append(
            SetRecord(
                at,
                exercise,
                weight if isinstance(weight, Decimal) else Decimal(str(weight)),
                units[unit],
                reps,
                failures[failure] if failure else None,
                None if rpe is None else _decimal(rpe),
                None if rir is None else _decimal(rir),
                warmup,
                bodyweight,
                seconds,
                drop,
                note,
                log_id * per + position,
                rid,
            )
        )
    return out


def set_entry(record: SetRecord, line: int) -> SetEntry:
    """A stored set as the message line that produced it (what replies echo)."""
    return SetEntry(
        exercise=record.exercise,
        weight=record.weight,
        unit=record.unit,
        bodyweight=record.bodyweight,
        reps=record.reps,
        seconds=record.seconds,
        failure=record.failure,
        rpe=record.rpe,
        rir=record.rir,
        warmup=record.warmup,
        drop=record.drop,
        note=record.note,
        line=line,
    )


def profile(row: UserRow, deload_weeks: tuple[date, ...] = ()) -> Profile:
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
    )
