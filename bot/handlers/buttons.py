"""Inline button presses: the service routes them; the pressed message becomes the answer."""

from __future__ import annotations

import asyncio

from telegram import Update
from telegram.error import BadRequest

from bot.context import BotContext
from bot.render import Chat, keyboard, send
from core.wording import transfer as words
from service.commands import press

SLOW_PRESS_S = 3.0  # answered with "working on it" after this; the result follows


async def on_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None or query.data is None:
        return
    pressed = asyncio.ensure_future(press(context.services, query.from_user.id, query.data))
    answered = False
    try:
        reply = await asyncio.wait_for(asyncio.shield(pressed), SLOW_PRESS_S)
    except TimeoutError:
        # A long job (an import): stop the spinner now, Telegram drops late answers.
        await query.answer(words.WORKING)
        answered = True
        reply = await pressed
    if reply is None:
        if not answered:
            await query.answer()
        return
    if reply.alert:
        if not answered:
            await query.answer(reply.text, show_alert=True)
        return  # a refusal never replaces the pressed message
    if not answered:
        await query.answer()
    message = query.message
    if message is None:
        return
    chat = Chat.by_id(context.bot, message.chat.id)
    if reply.new_message or reply.image is not None or reply.document is not None:
        # E.g. an explanation: the logged set above must stay as it is.
        await send(chat, reply)
        return
    if not message.is_accessible:
        return
    try:
        # The pressed message becomes the answer, so the chat keeps no stale buttons.
        await query.edit_message_text(reply.text, reply_markup=keyboard(reply))
    except BadRequest:
        # Same text again (a second press) or the message is too old to edit.
        await send(chat, reply)
