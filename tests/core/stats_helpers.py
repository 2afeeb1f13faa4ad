"""Hand-made sets for the stats tests: one line per set, times in UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from core.model import Failure, SetRecord, Unit


def at(day: int, hour: float = 18.0, month: int = 3) -> datetime:
    """A time in March 2026 (2 March is a Monday)."""
    return datetime(2026, month, day, tzinfo=UTC) + timedelta(hours=hour)


def st(
    when: datetime,
    exercise: str,
    weight: float,
    reps: int | None,
    *,
    f: bool = False,
    rir: float | None = None,
    rpe: float | None = None,
    unit: Unit = Unit.KG,
    seq: int = 0,
    **kw: object,
) -> SetRecord:
    return SetRecord(
        at=when,
        exercise=exercise,
        weight=Decimal(str(weight)),
        unit=unit,
        reps=reps,
        failure=Failure.CONCENTRIC if f else None,
        rir=Decimal(str(rir)) if rir is not None else None,
        rpe=Decimal(str(rpe)) if rpe is not None else None,
        seq=seq,
        **kw,  # type: ignore[arg-type]
    )


def session(
    start: datetime, exercise: str, *sets: tuple[float, int | None, dict[str, object]]
) -> list[SetRecord]:
    """Sets of one exercise two minutes apart."""
    return [
        st(start + timedelta(minutes=2 * k), exercise, w, r, **kw)
        for k, (w, r, kw) in enumerate(sets)
    ]
