"""The scheduler tick: claim due schedules, reserve each delivery once, build, send, record."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from core.deliveries import (
    FAILED,
    REMINDER,
    SENT,
    SKIPPED,
    Delivery,
    period_for,
    retry_at,
)
from core.schedule import catch_up, week_period_key
from service.context import Services
from service.pacing import Pacer
from service.weekly import Inputs, Outgoing, Request, compose_async, load
from storage.schedules import NewDelivery

log = logging.getLogger(__name__)


class Blocked(Exception):
    """The user blocked the bot (Telegram's 403): stop writing to them."""


class RetryLater(Exception):
    """A network problem: the same delivery is tried again after a backoff."""


Send = Callable[[Outgoing], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class TickConfig:
    batch: int = 100  # schedule rows claimed per transaction (short locks, fair sharing)
    max_per_tick: int = 900  # a tick's fan-out cap, so one tick ends well within its interval
    rate: float | None = 15.0  # messages/s for the fan-out; None = unpaced (tests)
    concurrency: int = 8  # sends in flight; pacing, not this, sets the rate
    charts: bool = True


@dataclass(slots=True)
class TickReport:
    claimed: int = 0  # deliveries this tick took on (new and retried)
    conflicts: int = 0  # due runs whose period another instance or earlier run already had
    sent: int = 0
    skipped: int = 0
    failed: int = 0
    blocked: int = 0
    sent_to: list[int] = field(default_factory=list)


async def tick(svc: Services, send: Send, config: TickConfig = TickConfig()) -> TickReport:
    """One tick: repeat claim -> commit -> build -> send until nothing is due or the cap."""
    report = TickReport()
    pacer = Pacer(config.rate)
    while report.claimed < config.max_per_tick:
        limit = min(config.batch, config.max_per_tick - report.claimed)
        claimed = await _claim(svc, limit, report)
        if not claimed:
            break
        report.claimed += len(claimed)
        await _deliver(svc, claimed, send, config, pacer, report)
    return report


async def _claim(svc: Services, limit: int, report: TickReport) -> list[Delivery]:
    """Due schedules and due retries, reserved and committed before anything is sent."""
    now = svc.clock()
    async with svc.uow() as uow:
        due = await uow.schedules.due(now, limit)
        wanted: list[NewDelivery] = []
        runs: list[tuple[int, str, datetime]] = []
        for d in due:
            s = d.schedule
            assert s.next_run_at is not None
            # However late the tick, one run: the latest missed one (no burst of old weeks).
            run, following = catch_up(s.slot, s.next_run_at, now)
            runs.append((s.user_id, s.kind, following))
            if run is not None:
                period = period_for(s.kind, run, s.slot.zone, d.week_start)
                wanted.append(NewDelivery(s.user_id, s.kind, period, run))
        reserved = await uow.schedules.reserve(wanted, now)
        await uow.schedules.advance(runs, now)
        retries = await uow.schedules.due_retries(now, max(limit - len(reserved), 0))
        await uow.commit()
    report.conflicts += len(wanted) - len(reserved)
    return reserved + retries


async def _deliver(
    svc: Services,
    claimed: Sequence[Delivery],
    send: Send,
    config: TickConfig,
    pacer: Pacer,
    report: TickReport,
) -> None:
    requests = {d.id: Request(d.user_id, d.kind, d.run_at) for d in claimed}
    async with svc.uow() as uow:
        inputs = await load(uow, list(requests.values()))
    queue: asyncio.Queue[Delivery] = asyncio.Queue()
    for d in claimed:
        queue.put_nowait(d)

    async def worker() -> None:
        while not queue.empty():
            d = queue.get_nowait()
            await _one(svc, d, requests[d.id], inputs.get(d.user_id), send, config, pacer, report)

    await asyncio.gather(*(worker() for _ in range(min(config.concurrency, len(claimed)))))


async def _one(
    svc: Services,
    d: Delivery,
    request: Request,
    inputs: Inputs | None,
    send: Send,
    config: TickConfig,
    pacer: Pacer,
    report: TickReport,
) -> None:
    if inputs is None:  # the user was deleted meanwhile
        await _record(svc, d, SKIPPED, report)
        return
    try:
        composed = await compose_async(request, inputs, svc.exercises, chart=config.charts)
    except Exception:  # one user's broken data must not stop everyone else's delivery
        log.exception("delivery %s failed to build", d.id)
        await _record_failure(svc, d, "build error", report)
        return
    if composed.outgoing is None:
        await _record(svc, d, SKIPPED, report)
        return
    await pacer.wait(composed.outgoing.messages)
    try:
        await send(composed.outgoing)
    except Blocked:
        async with svc.uow() as uow:
            await uow.schedules.mark_blocked(d.user_id, svc.clock())
            await uow.commit()
        report.blocked += 1
        return
    except RetryLater as exc:
        await _record_failure(svc, d, str(exc) or "network error", report)
        return
    except Exception as exc:  # an error the edge did not classify: retried like the network
        log.exception("delivery %s failed to send", d.id)
        await _record_failure(svc, d, type(exc).__name__, report)
        return
    reminded = composed.reminded
    period = week_period_key(reminded, inputs.profile.week_start) if reminded else None
    await _record(svc, d, SENT, report, reminder_period=period)
    report.sent_to.append(d.user_id)


async def _record(
    svc: Services, d: Delivery, status: str, report: TickReport, reminder_period: str | None = None
) -> None:
    now = svc.clock()
    async with svc.uow() as uow:
        await uow.schedules.record(d.id, status, now)
        if reminder_period is not None:
            # The summary carried the deload reminder: no separate reminder for that week.
            await uow.schedules.reserve(
                [NewDelivery(d.user_id, REMINDER, reminder_period, d.run_at)], now, status=SENT
            )
        await uow.commit()
    if status == SENT:
        report.sent += 1
    elif status == SKIPPED:
        report.skipped += 1


async def _record_failure(svc: Services, d: Delivery, error: str, report: TickReport) -> None:
    now = svc.clock()
    again = retry_at(d.attempts, now)
    async with svc.uow() as uow:
        await uow.schedules.record(d.id, FAILED, now, retry_at=again, error=error)
        await uow.commit()
    report.failed += 1
    if again is None:
        log.warning("delivery %s gave up after %s attempts", d.id, d.attempts)


__all__ = ["Blocked", "RetryLater", "Send", "TickConfig", "TickReport", "tick"]
