"""The durable inbox: updates are written before Telegram learns they arrived, then replayed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from service.services import Services

KEEP_DONE = timedelta(days=2)


async def store(
    svc: Services, updates: list[tuple[int, dict[str, Any]]], done: list[int] | None = None
) -> None:
    """Store a new batch and mark finished updates, in one transaction."""
    if not updates and not done:
        return
    async with svc.uow() as uow:
        now = svc.clock()
        if updates:
            await uow.inbox.store(updates, now)
        if done:
            await uow.inbox.mark_all_done(done, now)
        await uow.commit()


async def pending(svc: Services) -> list[tuple[int, dict[str, Any]]]:
    async with svc.uow() as uow:
        return await uow.inbox.pending()


async def purge(svc: Services) -> None:
    async with svc.uow() as uow:
        await uow.inbox.purge_done(svc.clock() - KEEP_DONE)
        await uow.commit()
