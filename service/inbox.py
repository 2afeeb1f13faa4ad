"""The durable inbox: updates are written before Telegram learns they arrived, then replayed.

Intake stores an update (polling: each getUpdates batch before the next call confirms it;
webhook: before the HTTP 200). Each chat's unanswered updates are its queue, handled in
update_id order; marks say when an update's writes committed (done) and when it was answered.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from service.services import Services
from storage.errors import StorageUnavailable, is_unavailable
from storage.inbox import (
    ARRIVAL,
    HANDLING,
    Arrival,
    ChatLease,
    ChatLocks,
    NewUpdate,
    WaitingUpdate,
)
from storage.uow import UnitOfWork, driver_first

# The edge (bot/) meets storage only through bot.app; what it needs of the inbox is here.
__all__ = [
    "ARRIVAL",
    "HANDLING",
    "Arrival",
    "ChatLease",
    "ChatLocks",
    "NewUpdate",
    "StorageUnavailable",
    "WaitingUpdate",
    "chats_waiting",
    "has_waiting",
    "is_unavailable",
    "mark_answered",
    "pending",
    "store",
    "waiting",
]


async def store(svc: Services, updates: Sequence[NewUpdate]) -> set[int]:
    """Store a batch in one transaction; the ids that were new (the others arrived before)."""
    if not updates:
        return set()
    token = HANDLING.set(None)
    try:
        async with svc.uow() as uow:
            new = await uow.inbox.store(updates, svc.clock())
            await uow.commit()
            return new
    finally:
        HANDLING.reset(token)


async def mark_answered(
    svc: Services, update_ids: Sequence[int], arrivals: Sequence[Arrival] = ()
) -> None:
    """`arrivals`: those of the updates the inbox may not hold yet (stored with the mark)."""
    if not update_ids:
        return
    token = HANDLING.set(None)
    try:
        # Each mark stands alone (storing an update with its mark, or marking a stored one).
        async def mark(uow: UnitOfWork) -> None:
            await uow.inbox.mark_answered(update_ids, svc.clock(), arrivals)
            await uow.commit()

        await driver_first(svc.uow, mark, apart=True)
        for arrival in arrivals:
            arrival.mark_stored()
    finally:
        HANDLING.reset(token)


async def pending(svc: Services) -> list[tuple[int, dict[str, Any]]]:
    async with svc.uow() as uow:
        return await uow.inbox.pending()


async def waiting(
    svc: Services, chat_id: int | None, after: int, limit: int
) -> list[WaitingUpdate]:
    async with svc.uow() as uow:
        return await uow.inbox.waiting(chat_id, after, limit)


async def has_waiting(svc: Services, chat_id: int | None) -> bool:
    async with svc.uow() as uow:
        return await uow.inbox.has_waiting(chat_id)


async def chats_waiting(svc: Services, older_than: timedelta, limit: int) -> list[int | None]:
    now: datetime = svc.clock()
    async with svc.uow() as uow:
        return await uow.inbox.chats_waiting(now - older_than, limit)
