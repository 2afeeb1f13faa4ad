"""Commands (the service's one table) and the fallbacks: unknown commands, non-text messages."""

from __future__ import annotations

from telegram import BotCommand, Update

from bot.context import BotContext
from bot.extract import command, command_word
from bot.render import Chat, send
from core.replies import Reply
from core.wording import chat as words
from service import commands

MENU = tuple(BotCommand(name, description) for name, description in commands.menu())


async def on_command(update: Update, context: BotContext) -> None:
    """Every command of service.commands.COMMANDS: one CommandHandler matches them all (one
    check per update instead of one per command word), the word picks the use case."""
    word = command_word(update)
    use_case = commands.COMMANDS.get(word) if word is not None else None
    called = command(update)
    if use_case is None or called is None or update.message is None:
        return
    await send(Chat.of(update.message), await use_case(context.services, called))


async def unknown_command(update: Update, context: BotContext) -> None:
    message = update.message
    if message is not None and message.text:
        await send(Chat.of(message), commands.unknown(message.text.split()[0]))


async def not_text(update: Update, context: BotContext) -> None:
    if update.message is not None:
        await send(Chat.of(update.message), Reply(words.NOT_TEXT))
