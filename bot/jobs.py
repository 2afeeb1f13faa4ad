"""The scheduler tick on PTB's JobQueue: one repeating job per process, Telegram errors mapped."""

from __future__ import annotations

import logging
from typing import Any

from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter
from telegram.ext import Application

from bot.config import Settings
from bot.context import BotContext
from bot.render import Chat, send
from core.replies import Reply
from service import deliveries
from service.deliveries import Blocked, RetryLater, Send, TickConfig

log = logging.getLogger(__name__)

JOB_NAME = "deliveries"
FIRST_TICK_SECONDS = 5.0
# The fan-out uses half of the bot's message budget; the rest stays free for chat replies.
FANOUT_SHARE = 0.5
DEFAULT_FANOUT_RATE = 15.0  # msg/s when the rate limiter is off
TICK_BUSY_SHARE = 0.8  # a tick's cap: what the pace can send in 80 % of the interval
MIN_PER_TICK = 10


def tick_config(settings: Settings) -> TickConfig:
    limit = settings.tofailure_rate_limit
    rate = limit * FANOUT_SHARE if limit > 0 else DEFAULT_FANOUT_RATE
    cap = max(MIN_PER_TICK, int(rate * settings.tofailure_tick_seconds * TICK_BUSY_SHARE))
    return TickConfig(batch=min(100, cap), max_per_tick=cap, rate=rate)


def _gone(exc: BadRequest) -> bool:
    return "chat not found" in exc.message.lower() or "user is deactivated" in exc.message.lower()


def sender(bot: Bot) -> Send:
    """send() for the tick: Forbidden -> Blocked, network trouble -> RetryLater."""

    async def send_to(chat_id: int, reply: Reply) -> None:
        try:
            await send(Chat.by_id(bot, chat_id), reply)
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
    report = await deliveries.tick(context.services, sender(context.bot), config)
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
