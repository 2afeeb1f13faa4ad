"""The composition root: settings -> engine -> services -> the PTB Application; bot/'s one
door to storage (the entry point gets what it needs of storage from here)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from telegram import Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)
from telegram.request import HTTPXRequest

from bot.config import Settings
from bot.context import BotContext, BotData
from bot.durable import DurableApplication, DurableBot, PerChatProcessor, replay_pending
from bot.errors import on_error
from bot.files import TelegramFiles
from bot.handlers import buttons, commands, documents, texts
from bot.jobs import schedule_ticks
from service.commands import COMMANDS
from service.files import Files, LocalFiles, NoFiles
from service.services import Services
from storage.db import DatabaseUrlError as DatabaseUrlError
from storage.db import make_engine, make_session_factory
from storage.db import url_password as url_password
from storage.migrate import migrate
from storage.uow import UnitOfWorkFactory

log = logging.getLogger(__name__)

MAX_CONCURRENT_UPDATES = 64


def build_services(settings: Settings, files: Files | None = None) -> tuple[Services, Any]:
    engine = make_engine(settings.database_url)
    sessions = UnitOfWorkFactory(make_session_factory(engine))
    return Services(uow=sessions, files=files or NoFiles()), engine


@asynccontextmanager
async def running_services(settings: Settings) -> AsyncIterator[Services]:
    """Services over a migrated database, disposed of afterwards (the terminal chat and the
    operator commands: files to import are paths on this machine)."""
    services, engine = build_services(settings, LocalFiles())
    try:
        await migrate(engine)
        yield services
    finally:
        await engine.dispose()


def register_handlers(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    # Commands answer new messages only: an edited "/undo" must not undo again.
    new = filters.UpdateType.MESSAGE
    for name, use_case in COMMANDS.items():
        app.add_handler(CommandHandler(name, commands.command_handler(use_case), filters=new))
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


def build_application(settings: Settings) -> Application[Any, Any, Any, Any, Any, Any]:
    files = TelegramFiles()
    services, engine = build_services(settings, files)
    rate_limiter = (
        AIORateLimiter(overall_max_rate=settings.tofailure_rate_limit, max_retries=3)
        if settings.tofailure_rate_limit > 0
        else None
    )
    bot_kwargs: dict[str, Any] = {}
    if settings.telegram_base_url:
        bot_kwargs["base_url"] = settings.telegram_base_url
    if settings.telegram_base_file_url:
        bot_kwargs["base_file_url"] = settings.telegram_base_file_url
    bot = DurableBot(
        settings.token,
        services=services,
        request=HTTPXRequest(connection_pool_size=MAX_CONCURRENT_UPDATES + 8),
        get_updates_request=HTTPXRequest(connection_pool_size=1, read_timeout=30),
        rate_limiter=rate_limiter,
        **bot_kwargs,
    )

    async def post_init(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        await migrate(engine)
        await app.bot.set_my_commands(list(commands.MENU))
        await replay_pending(app)

    async def post_shutdown(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        if isinstance(app.bot, DurableBot):
            await app.bot.flush_done()
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
    app.bot_data.services = services
    files.bot = app.bot
    register_handlers(app)
    schedule_ticks(app, settings)  # in every process, also the one that does not poll
    return app


ALLOWED_UPDATES = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY]
