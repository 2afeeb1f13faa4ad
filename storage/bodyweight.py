"""Weigh-ins: a chat message's entry written with its message, and each local day's bodyweight
(the latest entry of that day) read for /bw, the logging reply, the stats and the export."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, distinct, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.model import BodyweightEntry, Unit, WeighIn
from storage.rows import WeighInRow

_UNITS = {u.value: u for u in Unit}
_ENTRY = (
    WeighInRow.day,
    WeighInRow.weight,
    WeighInRow.unit,
    WeighInRow.weighed_at,
    WeighInRow.note,
)
# The day's last entry last: a later message wins, and of two at the same instant the later row.
_ORDER = (WeighInRow.day, WeighInRow.weighed_at, WeighInRow.log_message_id)


def _entry(row: Sequence[Any]) -> BodyweightEntry:
    day, weight, unit, at, note = row
    value = weight if isinstance(weight, Decimal) else Decimal(str(weight))
    return BodyweightEntry(day, value.normalize(), _UNITS[unit], at, note)


def _last_per_day(rows: Iterable[Sequence[Any]]) -> list[BodyweightEntry]:
    """Rows in _ORDER -> one entry per day, the day's latest."""
    days: dict[date, Sequence[Any]] = {}
    for row in rows:
        days[row[0]] = row
    return [_entry(row) for row in days.values()]


async def add(
    session: AsyncSession, log_id: int, user_id: int, weigh_in: WeighIn, day: date, at: datetime
) -> None:
    """Store the weigh-in of a message that has none stored (the user's local `day`)."""
    await session.execute(
        insert(WeighInRow).values(
            log_message_id=log_id,
            user_id=user_id,
            day=day,
            weight=weigh_in.weight,
            unit=weigh_in.unit.value,
            note=weigh_in.note,
            line=weigh_in.line,
            weighed_at=at,
        )
    )


async def remove(session: AsyncSession, log_id: int) -> None:
    """The message's weigh-in, if any, is gone (an undo, or an edit that replaces it)."""
    await session.execute(delete(WeighInRow).where(WeighInRow.log_message_id == log_id))


async def of_message(session: AsyncSession, log_id: int) -> WeighIn | None:
    row = (
        await session.execute(
            select(WeighInRow.weight, WeighInRow.unit, WeighInRow.note, WeighInRow.line).where(
                WeighInRow.log_message_id == log_id
            )
        )
    ).first()
    if row is None:
        return None
    weight, unit, note, line = row
    value = weight if isinstance(weight, Decimal) else Decimal(str(weight))
    return WeighIn(value.normalize(), _UNITS[unit], note, line)


class Bodyweight:
    """A user's bodyweight per local day, read."""

    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def days(self, user_id: int, since: date | None = None) -> list[BodyweightEntry]:
        """Each day's bodyweight from `since` on (every day without it), oldest first."""
        query = select(*_ENTRY).where(WeighInRow.user_id == user_id)
        if since is not None:
            query = query.where(WeighInRow.day >= since)
        return _last_per_day((await self._s.execute(query.order_by(*_ORDER))).all())

    async def day(self, user_id: int, day: date) -> list[BodyweightEntry]:
        """Every entry of one day, oldest first (the last one is the day's bodyweight)."""
        rows = await self._s.execute(
            select(*_ENTRY)
            .where(WeighInRow.user_id == user_id, WeighInRow.day == day)
            .order_by(*_ORDER)
        )
        return [_entry(row) for row in rows.all()]

    async def before(self, user_id: int, day: date) -> BodyweightEntry | None:
        """The bodyweight of the last day before `day` with a weigh-in."""
        row = (
            await self._s.execute(
                select(*_ENTRY)
                .where(WeighInRow.user_id == user_id, WeighInRow.day < day)
                .order_by(*(c.desc() for c in _ORDER))
                .limit(1)
            )
        ).first()
        return None if row is None else _entry(row)

    async def count(self, user_id: int) -> int:
        """Days with a weigh-in."""
        found = await self._s.scalar(
            select(func.count(distinct(WeighInRow.day))).where(WeighInRow.user_id == user_id)
        )
        return int(found or 0)
