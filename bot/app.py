"""The composition root: settings -> engine -> services -> the PTB Application; bot/'s one
door to storage (the entry point gets what it needs of storage from here)."""

from __future__ import annotations

import asyncio
import gc
import logging
import signal
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from telegram import Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.aiohttp_request import bot_api_requests
from bot.config import Settings
from bot.context import BotContext, BotData
from bot.durable import (
    AnswerMarks,
    DurableApplication,
    DurableBot,
    PerChatProcessor,
    replay_pending,
)
from bot.errors import on_error
from bot.files import TelegramFiles
from bot.handlers import buttons, commands, documents, texts
from bot.jobs import schedule_pruning, schedule_ticks
from bot.outage import Outage
from bot.send_budget import SendBudget, SendBudgetLimiter
from core.send_budget import Limits
from service.charts import ChartPool
from service.commands import COMMANDS
from service.files import Files, LocalFiles, NoFiles
from service.inbox import ChatLocks
from service.services import Services
from storage.db import DatabaseUrlError as DatabaseUrlError
from storage.db import make_engine, make_session_factory, open_pool
from storage.db import url_password as url_password
from storage.migrate import at_head, migrate
from storage.send_budget import RedisBuckets
from storage.send_budget import redis_password as redis_password
from storage.uow import UnitOfWorkFactory

log = logging.getLogger(__name__)

MAX_CONCURRENT_UPDATES = 64


def build_services(settings: Settings, files: Files | None = None) -> tuple[Services, Any]:
    engine = make_engine(settings.database_url, pool_size=settings.tofailure_db_pool_size)
    sessions = UnitOfWorkFactory(make_session_factory(engine))
    charts = ChartPool(settings.tofailure_chart_workers)
    return Services(uow=sessions, files=files or NoFiles(), charts=charts), engine


@asynccontextmanager
async def running_services(settings: Settings) -> AsyncIterator[Services]:
    """Services over a migrated database, disposed of afterwards (the terminal chat and the
    operator commands: files to import are paths on this machine)."""
    services, engine = build_services(settings, LocalFiles())
    try:
        await migrate(engine)
        yield services
    finally:
        services.charts.close()
        await engine.dispose()


def register_handlers(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    # Commands answer new messages only: an edited "/undo" must not undo again. One handler for
    # every word (aliases too; PTB matches `/word@thisbot`, other bots' commands fall through
    # to the hint below): a logged set is checked against it once, not once per word.
    new = filters.UpdateType.MESSAGE
    app.add_handler(CommandHandler(tuple(COMMANDS), commands.on_command, filters=new))
    app.add_handler(MessageHandler(new & filters.TEXT & ~filters.COMMAND, texts.on_text))
    app.add_handler(
        MessageHandler(
            filters.UpdateType.EDITED_MESSAGE & filters.TEXT & ~filters.COMMAND,
            texts.on_edited_text,
        )
    )
    # A file to import: in a private chat, or in a group with /import as its caption.
    to_import = filters.ChatType.PRIVATE | filters.CaptionRegex(r"^/import\b")
    app.add_handler(MessageHandler(new & filters.Document.ALL & to_import, documents.on_document))
    # Anything else a user sends gets a hint rather than silence.
    app.add_handler(MessageHandler(new & filters.COMMAND, commands.unknown_command))
    app.add_handler(MessageHandler(new & ~filters.TEXT, commands.not_text))
    app.add_handler(CallbackQueryHandler(buttons.on_button))
    app.add_error_handler(on_error)


def build_rate_limiter(settings: Settings) -> SendBudgetLimiter | None:
    """One send budget per bot token: in Redis when configured (shared by all instances)."""
    if settings.tofailure_rate_limit <= 0:
        return None
    limits = Limits.telegram(settings.tofailure_rate_limit)
    shared = None
    if settings.tofailure_redis_url:
        head = settings.token.split(":", 1)[0]
        bot_id = int(head) if head.isdecimal() else 0  # the budget is per bot token
        shared = RedisBuckets(settings.tofailure_redis_url, bot_id, limits)
    return SendBudgetLimiter(SendBudget(limits, shared), max_retries=3)


def build_application(
    settings: Settings,
    built: tuple[Services, Any] | None = None,
    *,
    replay: bool = True,
) -> DurableApplication:
    """The Application; `replay` queues the inbox's unanswered updates at start (polling;
    webhook instances drain them per chat instead, see bot/webhook.py)."""
    services, engine = built or build_services(settings, TelegramFiles())
    outage = Outage()
    rate_limiter = build_rate_limiter(settings)
    bot_kwargs: dict[str, Any] = {}
    if settings.telegram_base_url:
        bot_kwargs["base_url"] = settings.telegram_base_url
    if settings.telegram_base_file_url:
        bot_kwargs["base_file_url"] = settings.telegram_base_file_url
    sends, updates = bot_api_requests()
    bot = DurableBot(
        settings.token,
        services=services,
        request=sends,
        get_updates_request=updates,
        rate_limiter=rate_limiter,
        outage=outage,
        **bot_kwargs,
    )

    async def post_init(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        await migrate(engine)
        await open_pool(engine)
        await app.bot.set_my_commands(list(commands.MENU))
        if replay:
            await replay_pending(app)
        # Everything built so far (imports, catalogue, Application) lives as long as the
        # process: out of the collector's sight, a full collection no longer walks its ~200 000
        # objects (100 ms on the benchmark machine, in the middle of whichever reply runs then).
        # Collected first, so the start's garbage (the migration's) is freed, not kept for good.
        gc.collect()
        gc.freeze()

    async def post_shutdown(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        if isinstance(app, DurableApplication) and app.marks is not None:
            await app.marks.flush()
        services.charts.close()
        await engine.dispose()

    context_types = ContextTypes(context=BotContext, bot_data=BotData)
    app = (
        ApplicationBuilder()
        .application_class(DurableApplication)
        .bot(bot)
        .context_types(context_types)
        .concurrent_updates(PerChatProcessor(MAX_CONCURRENT_UPDATES))
        .post_init(post_init)
        .post_shutdown(post_shutdown)
        .build()
    )
    assert isinstance(app, DurableApplication)
    app.outage = outage
    app.marks = AnswerMarks(services, outage, bot.intake)
    app.bot_data.services = services
    if isinstance(services.files, TelegramFiles):
        services.files.bot = app.bot  # documents to import are fetched through this bot
    register_handlers(app)
    schedule_ticks(app, settings)  # in every process, also the one that does not poll
    schedule_pruning(app, settings)
    return app


ALLOWED_UPDATES = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY]


@dataclass(frozen=True, slots=True)
class WebhookParts:
    """What a webhook instance runs: the Application, the per-chat locks shared with the other
    instances, and the health probe (whether the schema is at the newest migration)."""

    app: DurableApplication
    services: Services
    locks: ChatLocks
    schema_current: Callable[[], Awaitable[bool]]


def build_webhook(settings: Settings) -> WebhookParts:
    services, engine = build_services(settings, TelegramFiles())
    app = build_application(settings, (services, engine), replay=False)

    async def schema_current() -> bool:
        return await at_head(engine)

    return WebhookParts(app, services, ChatLocks(engine), schema_current)


def stop_on_signals() -> asyncio.Event:
    """An event set by SIGINT or SIGTERM (systemd's stop), for the modes that run their own loop."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    return stop
