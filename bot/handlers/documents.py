"""A document sent to the bot: a file to import (the service previews it, buttons confirm)."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatAction

from bot.context import BotContext
from bot.extract import upload
from bot.render import Chat, send
from service.imports import preview


async def on_document(update: Update, context: BotContext) -> None:
    sent = upload(update)
    message = update.message
    if sent is None or message is None or message.from_user is None:
        return
    await message.chat.send_action(ChatAction.TYPING)  # a big file takes a few seconds
    await send(Chat.of(message), await preview(context.services, message.from_user.id, sent))
