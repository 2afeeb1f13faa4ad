"""Commands: /start /help /units /timezone /settings /undo /deload /rules, and the fallbacks."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from telegram import BotCommand, Update

from bot.context import BotContext
from bot.extract import command_args
from bot.render import Chat, send
from core.replies import Reply
from core.wording import chat as words
from service import profile, undo
from service.commands import ArgsUseCase

Handler = Callable[[Update, BotContext], Coroutine[Any, Any, None]]

COMMANDS = (
    BotCommand("start", "How to log, pick kg/lb and your time zone"),
    BotCommand("undo", "Remove the last logged message"),
    BotCommand("settings", "Your unit, time zone and deload cycle"),
    BotCommand("week", "This week's summary (/week last: the previous week)"),
    BotCommand("summary", "When your weekly summary comes, e.g. /summary mon 07:30"),
    BotCommand("deload", "Start a deload week (/deload next, /deload off)"),
    BotCommand("rules", "Warnings and their thresholds"),
    BotCommand("units", "kg or lb"),
    BotCommand("timezone", "Your time zone, e.g. /timezone Berlin"),
    BotCommand("help", "How to write sets"),
)


async def start(update: Update, context: BotContext) -> None:
    if update.message is None or update.effective_user is None:
        return
    user = update.effective_user
    reply = await profile.start(context.services, user.id, user.first_name)
    await send(Chat.of(update.message), reply)


async def help_command(update: Update, context: BotContext) -> None:
    if update.message is not None:
        await send(Chat.of(update.message), Reply(words.HELP))


def args_command(use_case: ArgsUseCase) -> Handler:
    """A handler for `/command ARGS`: the sender, the text after the command, the reply."""

    async def handle(update: Update, context: BotContext) -> None:
        message, user = update.message, update.effective_user
        if message is None or user is None:
            return
        await send(
            Chat.of(message), await use_case(context.services, user.id, command_args(message))
        )

    return handle


async def undo_command(update: Update, context: BotContext) -> None:
    message = update.message
    if message is None or update.effective_user is None:
        return
    reply = await undo.undo_last(
        context.services, update.effective_user.id, message.chat_id, message.message_id
    )
    await send(Chat.of(message), reply)


async def unknown_command(update: Update, context: BotContext) -> None:
    message = update.message
    if message is not None and message.text:
        word = message.text.split()[0].split("@")[0]
        await send(Chat.of(message), Reply(words.unknown_command(word)))


async def not_text(update: Update, context: BotContext) -> None:
    if update.message is not None:
        await send(Chat.of(update.message), Reply(words.NOT_TEXT))
