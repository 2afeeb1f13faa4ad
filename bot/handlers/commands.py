"""Commands (the service's one table) and the fallbacks: unknown commands, non-text messages."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from telegram import BotCommand, Update

from bot.context import BotContext
from bot.extract import command
from bot.render import Chat, send
from core.replies import Reply
from core.wording import chat as words
from service import commands
from service.commands import UseCase

Handler = Callable[[Update, BotContext], Coroutine[Any, Any, None]]

MENU = tuple(BotCommand(name, description) for name, description in commands.menu())


def command_handler(use_case: UseCase) -> Handler:
    """A handler for one command of service.commands.COMMANDS."""

    async def handle(update: Update, context: BotContext) -> None:
        called = command(update)
        if called is None or update.message is None:
            return
        await send(Chat.of(update.message), await use_case(context.services, called))

    return handle


async def unknown_command(update: Update, context: BotContext) -> None:
    message = update.message
    if message is not None and message.text:
        await send(Chat.of(message), commands.unknown(message.text.split()[0]))


async def not_text(update: Update, context: BotContext) -> None:
    if update.message is not None:
        await send(Chat.of(update.message), Reply(words.NOT_TEXT))
