"""The scheduler tick on PTB's JobQueue: one repeating job per process, Telegram errors mapped."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter
from telegram.ext import Application, ExtBot

from bot.config import Settings
from bot.context import BotContext
from bot.render import Chat, send
from bot.send_budget import BULK
from core.replies import Reply
from service import deliveries, retention
from service.deliveries import Blocked, RetryLater, Send, TickConfig
from service.inbox import StorageUnavailable
from service.retention import Retention

log = logging.getLogger(__name__)

JOB_NAME = "deliveries"
PRUNE_JOB_NAME = "prune"
PRUNE_EVERY_S = 3600.0
FIRST_PRUNE_S = 60.0
FIRST_TICK_SECONDS = 5.0
DEFAULT_FANOUT_RATE = 15.0  # msg/s when the rate limiter is off
TICK_BUSY_SHARE = 0.8  # a tick's cap: what the pace can send in 80 % of the interval
MIN_PER_TICK = 10


def tick_config(settings: Settings) -> TickConfig:
    limit = settings.tofailure_rate_limit
    interval = settings.tofailure_tick_seconds
    if limit > 0:
        # The send budget paces the fan-out: bulk sends, behind replies to people, in one budget
        # for all instances. This instance's share is unknown (others may be fanning out too),
        # so a tick also stops claiming once 80 % of its interval has passed.
        cap = max(MIN_PER_TICK, int(limit * interval * TICK_BUSY_SHARE))
        busy = interval * TICK_BUSY_SHARE
        return TickConfig(batch=min(100, cap), max_per_tick=cap, rate=None, max_seconds=busy)
    cap = max(MIN_PER_TICK, int(DEFAULT_FANOUT_RATE * interval * TICK_BUSY_SHARE))
    return TickConfig(batch=min(100, cap), max_per_tick=cap, rate=DEFAULT_FANOUT_RATE)


def _gone(exc: BadRequest) -> bool:
    return "chat not found" in exc.message.lower() or "user is deactivated" in exc.message.lower()


def sender(bot: ExtBot[Any]) -> Send:
    """send() for the tick: Forbidden -> Blocked, network trouble -> RetryLater.

    Every send is bulk for the send budget: it waits while replies to people are due.
    """
    # PTB refuses rate_limit_args without a rate limiter (TOFAILURE_RATE_LIMIT=0).
    bulk: dict[str, Any] = {"rate_limit_args": BULK} if bot.rate_limiter is not None else {}

    async def send_to(chat_id: int, reply: Reply) -> None:
        try:
            await send(Chat.by_id(bot, chat_id, **bulk), reply)
        except Forbidden as exc:
            raise Blocked(exc.message) from exc
        except BadRequest as exc:
            if _gone(exc):
                raise Blocked(exc.message) from exc
            raise RetryLater(exc.message) from exc
        except (NetworkError, RetryAfter) as exc:  # TimedOut is a NetworkError
            raise RetryLater(exc.message) from exc

    return send_to


async def run_tick(context: BotContext) -> None:
    job = context.job
    config = job.data if job is not None and isinstance(job.data, TickConfig) else TickConfig()
    try:
        report = await deliveries.tick(context.services, sender(context.bot), config)
    except StorageUnavailable as exc:
        # Nothing is lost: due schedules stay due and the next tick catches up.
        outage = getattr(context.application, "outage", None)
        if outage is not None:
            outage.failed("running the scheduler tick", exc)
        return
    if report.claimed:
        log.info(
            "tick: %s claimed, %s sent, %s skipped, %s failed, %s blocked, %s taken elsewhere",
            report.claimed,
            report.sent,
            report.skipped,
            report.failed,
            report.blocked,
            report.conflicts,
        )


def schedule_ticks(app: Application[Any, Any, Any, Any, Any, Any], settings: Settings) -> None:
    """One repeating tick per process (polling or not); overlapping runs are skipped."""
    if app.job_queue is None:
        raise RuntimeError("python-telegram-bot[job-queue] is required for the scheduler")
    interval = settings.tofailure_tick_seconds
    app.job_queue.run_repeating(
        run_tick,
        interval=interval,
        first=min(FIRST_TICK_SECONDS, interval),
        name=JOB_NAME,
        data=tick_config(settings),
        job_kwargs={"max_instances": 1, "coalesce": True, "misfire_grace_time": None},
    )


def retention_of(settings: Settings) -> Retention:
    return Retention(
        inbox=timedelta(hours=settings.tofailure_inbox_keep_hours),
        deliveries=timedelta(days=settings.tofailure_deliveries_keep_days),
    )


async def run_prune(context: BotContext) -> None:
    job = context.job
    kept = job.data if job is not None and isinstance(job.data, Retention) else Retention()
    try:
        await retention.prune(context.services, kept)
    except StorageUnavailable:
        log.info("pruning skipped: the database is unavailable (next run in an hour)")


def schedule_pruning(app: Application[Any, Any, Any, Any, Any, Any], settings: Settings) -> None:
    """Hourly, in bounded batches: answered inbox updates and settled deliveries past their
    retention. Every instance prunes; the deletes are idempotent and short."""
    if app.job_queue is None:
        raise RuntimeError("python-telegram-bot[job-queue] is required for the scheduler")
    app.job_queue.run_repeating(
        run_prune,
        interval=PRUNE_EVERY_S,
        first=FIRST_PRUNE_S,
        name=PRUNE_JOB_NAME,
        data=retention_of(settings),
        job_kwargs={"max_instances": 1, "coalesce": True, "misfire_grace_time": None},
    )
