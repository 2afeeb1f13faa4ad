"""Inline button presses: the service routes them; the pressed message becomes the answer.

Every press is answered (the user's client shows a spinner until it is), whatever the data.
"""

from __future__ import annotations

import asyncio
import contextlib

from telegram import CallbackQuery, Update
from telegram.error import BadRequest

from bot.context import BotContext
from bot.render import Chat, keyboard, send
from core.replies import Reply
from core.wording import chat as words
from core.wording import transfer as transfer_words
from service.commands import press
from service.inbox import StorageUnavailable

SLOW_PRESS_S = 3.0  # answered with "working on it" after this; the result follows


async def on_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None:
        return
    if query.data is None:  # a game button or an inline keyboard of another bot's message
        await query.answer(words.OLD_BUTTON, show_alert=True)
        return
    pressed = asyncio.ensure_future(press(context.services, query.from_user.id, query.data))
    answered = False
    try:
        try:
            async with asyncio.timeout(SLOW_PRESS_S):
                reply = await asyncio.shield(pressed)
        except TimeoutError:
            # A long job (an import): stop the spinner now, Telegram drops late answers.
            with contextlib.suppress(BadRequest):
                await query.answer(transfer_words.WORKING)
            answered = True
            reply = await pressed
    except StorageUnavailable:
        raise  # handled again once the database is back (bot.durable); answered then
    except Exception:
        # The user sees a pop-up rather than a spinner; the error handler logs the rest.
        if not answered:
            with contextlib.suppress(BadRequest):  # too late: Telegram dropped the query
                await query.answer(words.BUTTON_FAILED, show_alert=True)
        raise
    await _show(query, reply, context, answered)


async def _show(query: CallbackQuery, reply: Reply, context: BotContext, answered: bool) -> None:
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
    if reply.new_message or reply.image is not None or reply.documents:
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
