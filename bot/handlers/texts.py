"""New and edited text messages: log sets, or correct the sets an edited message produced."""

from __future__ import annotations

from telegram import Update

from bot.context import BotContext
from bot.extract import incoming_text
from bot.render import Chat, send
from service.texts import edited_text, new_text


async def on_text(update: Update, context: BotContext) -> None:
    incoming = incoming_text(update)
    if incoming is None or update.message is None:
        return
    reply = await new_text(context.services, incoming)
    await send(Chat.of(update.message), reply)


async def on_edited_text(update: Update, context: BotContext) -> None:
    incoming = incoming_text(update)
    if incoming is None or update.edited_message is None:
        return
    reply = await edited_text(context.services, incoming)
    if reply is not None:
        await send(Chat.of(update.edited_message), reply)
