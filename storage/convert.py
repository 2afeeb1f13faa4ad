"""Row <-> core dataclass conversion; nothing outside storage/ ever sees an ORM row."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from core.model import Failure, Profile, SetEntry, SetRecord, Unit
from storage.rows import SetRow, UserRow

# Orders sets that share a time stamp (Telegram dates have one-second resolution): by message,
# then by position in it. No message holds this many sets (4096 characters).
SEQ_PER_MESSAGE = 10_000


def sequence(log_message_id: int, position: int) -> int:
    return log_message_id * SEQ_PER_MESSAGE + position


def set_record(row: SetRow) -> SetRecord:
    return SetRecord(
        at=row.logged_at,
        exercise=row.exercise,
        weight=Decimal(row.weight),
        unit=Unit(row.unit),
        reps=row.reps,
        failure=Failure(row.failure) if row.failure else None,
        rpe=Decimal(row.rpe) if row.rpe is not None else None,
        rir=Decimal(row.rir) if row.rir is not None else None,
        warmup=row.warmup,
        bodyweight=row.bodyweight,
        seconds=row.seconds,
        drop=row.drop,
        note=row.note,
        seq=sequence(row.log_message_id, row.position),
        id=row.id,
    )


def set_entry(row: SetRow) -> SetEntry:
    record = set_record(row)
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
        line=row.line,
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
    )
