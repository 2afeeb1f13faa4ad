"""Pruning: answered inbox updates and settled deliveries go once nothing can need them."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta

from service.services import Services
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)

# Telegram re-sends an unconfirmed update for at most 24 h; two days of answered updates
# cover that and leave a window to look into what happened.
INBOX_KEEP = timedelta(days=2)
# A delivery row blocks a second summary for its (user, kind, period). A late tick performs
# only the latest missed run (core.schedule.catch_up), never one older than a week, so a
# period can come up again for two weeks at most; five weeks leave a month to audit.
DELIVERIES_KEEP = timedelta(days=35)
MIN_DELIVERIES_KEEP = timedelta(days=14)
BATCH = 1000  # rows per statement: short transactions, short locks
MAX_BATCHES = 50  # per run; the rest waits for the next run


@dataclass(frozen=True, slots=True)
class Retention:
    inbox: timedelta = INBOX_KEEP
    deliveries: timedelta = DELIVERIES_KEEP
    batch: int = BATCH
    max_batches: int = MAX_BATCHES

    def __post_init__(self) -> None:
        if self.deliveries < MIN_DELIVERIES_KEEP:
            raise ValueError("deliveries must be kept at least 14 days (exactly-once sending)")


@dataclass(slots=True)
class Pruned:
    inbox: int = 0
    deliveries: int = 0


async def prune(svc: Services, retention: Retention = Retention()) -> Pruned:
    """Delete in bounded batches, one transaction each, until nothing is due or the cap."""
    now = svc.clock()

    async def inbox(uow: UnitOfWork) -> int:
        return await uow.inbox.prune_answered(now - retention.inbox, retention.batch)

    async def ledger(uow: UnitOfWork) -> int:
        return await uow.schedules.prune_settled(now - retention.deliveries, retention.batch)

    pruned = Pruned(
        await _in_batches(svc, inbox, retention), await _in_batches(svc, ledger, retention)
    )
    if pruned.inbox or pruned.deliveries:
        log.info("pruned %d inbox update(s), %d delivery row(s)", pruned.inbox, pruned.deliveries)
    return pruned


async def _in_batches(
    svc: Services, delete_batch: Callable[[UnitOfWork], Awaitable[int]], retention: Retention
) -> int:
    total = 0
    for _ in range(retention.max_batches):
        async with svc.uow() as uow:
            gone = await delete_batch(uow)
            await uow.commit()
        total += gone
        if gone < retention.batch:
            break
    return total
