"""A user's weekly slots: set one (the core computes its next run), the default summary,
keeping local times through a zone change, resuming after a block."""

from __future__ import annotations

from datetime import datetime

from core.deliveries import REMINDER, SUMMARY, Schedule, default_slot, scheduled
from core.model import Profile
from core.schedule import WeeklySlot
from storage.uow import UnitOfWork


async def set_slot(
    uow: UnitOfWork, user: Profile, kind: str, slot: WeeklySlot, enabled: bool, now: datetime
) -> Schedule:
    """Create or change a slot; it runs next at its first time after `now`."""
    schedule = scheduled(user.user_id, kind, slot, enabled=enabled, blocked=user.blocked, now=now)
    await uow.schedules.save(schedule, now)
    return schedule


def _default_summary(user: Profile, now: datetime) -> Schedule:
    """The Sunday 18:00 summary in the user's zone, running next at its first time after `now`."""
    slot = default_slot(SUMMARY, user.timezone, user.week_start)
    return scheduled(user.user_id, SUMMARY, slot, enabled=True, blocked=user.blocked, now=now)


async def ensure_default(uow: UnitOfWork, user: Profile, now: datetime) -> None:
    """The default summary for a user who has none (nothing changes if the user has one)."""
    if not any(s.kind == SUMMARY for s in await uow.schedules.for_user(user.user_id)):
        await uow.schedules.save(_default_summary(user, now), now)


async def start_default(uow: UnitOfWork, user: Profile, now: datetime) -> None:
    """The default summary of an account made just now (it cannot have a slot yet)."""
    await uow.schedules.add_first(_default_summary(user, now), now)


async def rezone(uow: UnitOfWork, user: Profile, now: datetime) -> None:
    """Keep each slot's local day and time in the user's (new) zone (DST-safe next runs)."""
    existing = await uow.schedules.for_user(user.user_id)
    if not any(s.kind == SUMMARY for s in existing):
        await ensure_default(uow, user, now)
    for s in existing:
        slot = (
            default_slot(REMINDER, user.timezone, user.week_start)
            if s.kind == REMINDER
            else WeeklySlot(s.slot.weekday, s.slot.local_time, user.timezone)
        )
        await set_slot(uow, user, s.kind, slot, s.enabled, now)


async def resume(uow: UnitOfWork, user: Profile, now: datetime) -> None:
    """After a block ends (the user wrote again): schedule the enabled slots again."""
    for s in await uow.schedules.for_user(user.user_id):
        if s.enabled and s.next_run_at is None:
            await set_slot(uow, user, s.kind, s.slot, True, now)
