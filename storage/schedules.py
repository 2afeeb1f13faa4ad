"""Schedules and the delivery ledger: claim due rows, reserve deliveries once, record outcomes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import cast

from sqlalchemy import Table, and_, bindparam, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.deliveries import (
    BLOCKED,
    FAILED,
    LEASE,
    PENDING,
    Delivery,
    DueSchedule,
    NewDelivery,
    Schedule,
)
from core.schedule import WeeklySlot
from storage.db import upsert_for
from storage.prepared import Prepared
from storage.rows import DeliveryRow, ScheduleRow, UserRow

_SCHEDULES = cast(Table, ScheduleRow.__table__)
# A new account's first slot, on the first contact's own transaction (no session needed).
_ADD_FIRST = Prepared(
    lambda insert_: (
        insert_(_SCHEDULES)
        .values({c.key: bindparam(c.key) for c in _SCHEDULES.columns})
        .on_conflict_do_nothing(index_elements=["user_id", "kind"])
    )
)


def _schedule(row: ScheduleRow) -> Schedule:
    return Schedule(
        user_id=row.user_id,
        kind=row.kind,
        slot=WeeklySlot(row.weekday, row.local_time, row.zone),
        enabled=row.enabled,
        next_run_at=row.next_run_at,
    )


def _delivery(row: DeliveryRow) -> Delivery:
    return Delivery(row.id, row.user_id, row.kind, row.period, row.run_at, row.attempts)


class Schedules:
    """Per-user weekly slots and the deliveries ledger."""

    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    # --- a user's slots --------------------------------------------------------------------

    async def for_user(self, user_id: int) -> list[Schedule]:
        rows = await self._s.scalars(
            select(ScheduleRow).where(ScheduleRow.user_id == user_id).order_by(ScheduleRow.kind)
        )
        return [_schedule(r) for r in rows]

    async def save(self, schedule: Schedule, now: datetime) -> None:
        """Create or change a slot, exactly as given (next run included)."""
        row = await self._s.get(ScheduleRow, (schedule.user_id, schedule.kind))
        if row is None:
            row = ScheduleRow(user_id=schedule.user_id, kind=schedule.kind)
            self._s.add(row)
        slot = schedule.slot
        row.weekday, row.local_time, row.zone = slot.weekday, slot.local_time, slot.zone
        row.enabled, row.next_run_at, row.updated_at = schedule.enabled, schedule.next_run_at, now
        await self._s.flush()

    async def add_first(self, schedule: Schedule, now: datetime) -> None:
        """A new account's slot (one it has already stays as it is)."""
        slot = schedule.slot
        await _ADD_FIRST.run(
            self._s,
            {  # every column of schedules (the statement names them all)
                "user_id": schedule.user_id,
                "kind": schedule.kind,
                "weekday": slot.weekday,
                "local_time": slot.local_time,
                "zone": slot.zone,
                "enabled": schedule.enabled,
                "next_run_at": schedule.next_run_at,
                "updated_at": now,
            },
        )

    # --- the tick ---------------------------------------------------------------------------

    async def due(self, now: datetime, limit: int, user_id: int | None = None) -> list[DueSchedule]:
        """Lock up to `limit` due rows, oldest first, skipping rows another instance holds;
        `user_id`: only that user's (the terminal chat runs its own user's schedules).

        PostgreSQL: FOR UPDATE SKIP LOCKED. SQLite ignores the clause; its BEGIN IMMEDIATE
        (storage.db) already serialises writers, so one tick at a time claims.
        """
        mine = () if user_id is None else (ScheduleRow.user_id == user_id,)
        rows = await self._s.execute(
            select(ScheduleRow, UserRow.week_start)
            .join(UserRow, UserRow.id == ScheduleRow.user_id)
            .where(ScheduleRow.enabled.is_(True), ScheduleRow.next_run_at <= now, *mine)
            .order_by(ScheduleRow.next_run_at)
            .limit(limit)
            .with_for_update(skip_locked=True, of=ScheduleRow)
        )
        return [DueSchedule(_schedule(row), week_start) for row, week_start in rows]

    async def advance(self, runs: Sequence[tuple[int, str, datetime]], now: datetime) -> None:
        """Move claimed rows to their next run (the ORM's bulk UPDATE by primary key)."""
        if runs:
            await self._s.execute(
                update(ScheduleRow),
                [
                    {"user_id": u, "kind": k, "next_run_at": at, "updated_at": now}
                    for u, k, at in runs
                ],
            )

    async def reserve(
        self, wanted: Sequence[NewDelivery], now: datetime, status: str = PENDING
    ) -> list[Delivery]:
        """Insert ledger rows; returns only those this call created (a conflict = taken)."""
        if not wanted:
            return []
        leased = now + LEASE if status == PENDING else None
        values = [
            {
                "user_id": w.user_id,
                "kind": w.kind,
                "period": w.period,
                "run_at": w.run_at,
                "status": status,
                "attempts": 1 if status == PENDING else 0,
                "next_attempt_at": leased,
                "created_at": now,
                "sent_at": None if status == PENDING else now,
            }
            # A fixed key order keeps two transactions from waiting on each other in a cycle.
            for w in sorted(wanted, key=lambda w: (w.user_id, w.kind, w.period))
        ]
        # ON CONFLICT DO NOTHING is how a reservation loses to another instance without an
        # error that would abort the whole (PostgreSQL) transaction.
        stmt = (
            upsert_for(self._s)(DeliveryRow)
            .values(values)
            .on_conflict_do_nothing(index_elements=["user_id", "kind", "period"])
            .returning(DeliveryRow)
        )
        rows = await self._s.scalars(stmt)
        return sorted((_delivery(r) for r in rows), key=lambda d: d.id)

    async def due_retries(
        self, now: datetime, limit: int, user_id: int | None = None
    ) -> list[Delivery]:
        """Lock failed deliveries whose backoff passed and expired leases; lease them again
        (`user_id`: only that user's)."""
        mine = () if user_id is None else (DeliveryRow.user_id == user_id,)
        rows = list(
            await self._s.scalars(
                select(DeliveryRow)
                .where(
                    DeliveryRow.next_attempt_at <= now,
                    DeliveryRow.status.in_((PENDING, FAILED)),
                    *mine,
                )
                .order_by(DeliveryRow.next_attempt_at)
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
        )
        for row in rows:
            row.status, row.attempts, row.next_attempt_at = PENDING, row.attempts + 1, now + LEASE
        await self._s.flush()
        return [_delivery(r) for r in rows]

    async def record(
        self,
        delivery_id: int,
        status: str,
        now: datetime,
        *,
        retry_at: datetime | None = None,
        error: str | None = None,
    ) -> None:
        await self._s.execute(
            update(DeliveryRow)
            .where(DeliveryRow.id == delivery_id)
            .values(
                status=status,
                next_attempt_at=retry_at,
                sent_at=now if status != FAILED else None,
                error=error[:200] if error else None,
            )
        )

    async def mark_blocked(self, user_id: int, now: datetime) -> None:
        """403: remember it, unschedule the user's slots and settle what is still queued."""
        await self._s.execute(update(UserRow).where(UserRow.id == user_id).values(blocked_at=now))
        await self._s.execute(
            update(ScheduleRow)
            .where(ScheduleRow.user_id == user_id)
            .values(next_run_at=None, updated_at=now)
        )
        await self._s.execute(
            update(DeliveryRow)
            .where(and_(DeliveryRow.user_id == user_id, DeliveryRow.status.in_((PENDING, FAILED))))
            .values(status=BLOCKED, next_attempt_at=None, sent_at=now)
        )

    # --- retention ----------------------------------------------------------------------------

    async def prune_settled(self, created_before: datetime, limit: int) -> int:
        """Delete up to `limit` settled ledger rows created before `created_before`.

        Settled: no further attempt is planned (sent, skipped, blocked, failed for good);
        pending and to-be-retried rows stay whatever their age.
        """
        batch = (
            select(DeliveryRow.id)
            .where(DeliveryRow.created_at < created_before, DeliveryRow.next_attempt_at.is_(None))
            .order_by(DeliveryRow.id)
            .limit(limit)
        )
        result = await self._s.execute(delete(DeliveryRow).where(DeliveryRow.id.in_(batch)))
        return int(getattr(result, "rowcount", 0) or 0)
