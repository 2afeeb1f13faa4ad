"""The scheduler tick: claim due schedules, reserve each delivery once, build, send, record."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from core.calendar import week_period_key
from core.deliveries import (
    FAILED,
    REMINDER,
    SENT,
    SKIPPED,
    Delivery,
    NewDelivery,
    period_for,
    retry_at,
)
from core.replies import Reply
from core.schedule import catch_up
from service.pacing import Pacer
from service.services import Services
from service.weekly import Inputs, Request, compose_async, load

log = logging.getLogger(__name__)


class Blocked(Exception):
    """The user blocked the bot (Telegram's 403): stop writing to them."""


class RetryLater(Exception):
    """A network problem: the same delivery is tried again after a backoff."""


Send = Callable[[int, Reply], Awaitable[None]]  # (chat id, message)


@dataclass(frozen=True, slots=True)
class TickConfig:
    batch: int = 100  # schedule rows claimed per transaction (short locks, fair sharing)
    max_per_tick: int = 900  # a tick's fan-out cap, so one tick ends well within its interval
    rate: float | None = 15.0  # messages/s for the fan-out; None = unpaced (or paced by the edge)
    concurrency: int = 8  # sends in flight; pacing, not this, sets the rate
    # Summaries built at once, in threads: each holds the GIL while it computes and renders,
    # so one at a time leaves the event loop (chat replies) at least half the interpreter.
    builders: int = 1
    charts: bool = True
    # Stop claiming more once a tick has run this long (None: no limit). With a send budget
    # shared by several instances, a tick cannot know its pace in advance.
    max_seconds: float | None = None
    # Only this user's schedules (the terminal chat); None: everyone's.
    only_user: int | None = None


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
    run = _Tick(svc, send, config)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + config.max_seconds if config.max_seconds is not None else None
    while run.report.claimed < config.max_per_tick:
        if deadline is not None and loop.time() >= deadline:
            break
        claimed = await run.claim(min(config.batch, config.max_per_tick - run.report.claimed))
        if not claimed:
            break
        run.report.claimed += len(claimed)
        await run.deliver(claimed)
    return run.report


class _Tick:
    """One tick's state: the pace and the build slot are shared by all its batches."""

    def __init__(self, svc: Services, send: Send, config: TickConfig) -> None:
        self.svc, self.send, self.config = svc, send, config
        self.report = TickReport()
        self.pacer = Pacer(config.rate)
        self.building = asyncio.Semaphore(config.builders)

    async def claim(self, limit: int) -> list[Delivery]:
        """Due schedules and due retries, reserved and committed before anything is sent."""
        now = self.svc.clock()
        async with self.svc.uow() as uow:
            only = self.config.only_user
            due = await uow.schedules.due(now, limit, only)
            wanted: list[NewDelivery] = []
            runs: list[tuple[int, str, datetime]] = []
            for d in due:
                s = d.schedule
                assert s.next_run_at is not None
                # However late the tick, one run: the latest missed one (no burst of weeks).
                run, following = catch_up(s.slot, s.next_run_at, now)
                runs.append((s.user_id, s.kind, following))
                if run is not None:
                    period = period_for(s.kind, run, s.slot.zone, d.week_start)
                    wanted.append(NewDelivery(s.user_id, s.kind, period, run))
            reserved = await uow.schedules.reserve(wanted, now)
            await uow.schedules.advance(runs, now)
            retries = await uow.schedules.due_retries(now, max(limit - len(reserved), 0), only)
            await uow.commit()
        self.report.conflicts += len(wanted) - len(reserved)
        return reserved + retries

    async def deliver(self, claimed: Sequence[Delivery]) -> None:
        requests = {d.id: Request(d.user_id, d.kind, d.run_at) for d in claimed}
        async with self.svc.uow() as uow:
            inputs = await load(uow, list(requests.values()))
        queue: asyncio.Queue[Delivery] = asyncio.Queue()
        for d in claimed:
            queue.put_nowait(d)

        async def worker() -> None:
            while not queue.empty():
                d = queue.get_nowait()
                await self.one(d, requests[d.id], inputs.get(d.user_id))

        workers = min(self.config.concurrency, len(claimed))
        await asyncio.gather(*(worker() for _ in range(workers)))

    async def one(self, d: Delivery, request: Request, inputs: Inputs | None) -> None:
        if inputs is None:  # the user was deleted meanwhile
            await self.record(d, SKIPPED)
            return
        try:
            async with self.building:
                composed = await compose_async(
                    request, inputs, self.svc.catalogue, self.svc.charts, chart=self.config.charts
                )
        except Exception:  # one user's broken data must not stop everyone else's delivery
            log.exception("delivery %s failed to build", d.id)
            await self.record_failure(d, "build error")
            return
        if composed.reply is None:
            await self.record(d, SKIPPED)
            return
        await self.pacer.wait(composed.reply.messages)
        try:
            await self.send(d.user_id, composed.reply)
        except Blocked:
            async with self.svc.uow() as uow:
                await uow.schedules.mark_blocked(d.user_id, self.svc.clock())
                await uow.commit()
            self.report.blocked += 1
            return
        except RetryLater as exc:
            await self.record_failure(d, str(exc) or "network error")
            return
        except Exception as exc:  # an error the edge did not classify: retried like the network
            log.exception("delivery %s failed to send", d.id)
            await self.record_failure(d, type(exc).__name__)
            return
        reminded = composed.reminded
        period = week_period_key(reminded, inputs.profile.week_start) if reminded else None
        await self.record(d, SENT, reminder_period=period)
        self.report.sent_to.append(d.user_id)

    async def record(self, d: Delivery, status: str, reminder_period: str | None = None) -> None:
        now = self.svc.clock()
        async with self.svc.uow() as uow:
            await uow.schedules.record(d.id, status, now)
            if reminder_period is not None:
                # The summary carried the deload reminder: no separate reminder for that week.
                await uow.schedules.reserve(
                    [NewDelivery(d.user_id, REMINDER, reminder_period, d.run_at)], now, status=SENT
                )
            await uow.commit()
        if status == SENT:
            self.report.sent += 1
        elif status == SKIPPED:
            self.report.skipped += 1

    async def record_failure(self, d: Delivery, error: str) -> None:
        now = self.svc.clock()
        again = retry_at(d.attempts, now)
        async with self.svc.uow() as uow:
            await uow.schedules.record(d.id, FAILED, now, retry_at=again, error=error)
            await uow.commit()
        self.report.failed += 1
        if again is None:
            log.warning("delivery %s gave up after %s attempts", d.id, d.attempts)


__all__ = ["Blocked", "RetryLater", "Send", "TickConfig", "TickReport", "tick"]
