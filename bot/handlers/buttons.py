"""Inline button presses: Undo, Why?, unit, time zone and summary-time choices.

Every press is answered (the user's client shows a spinner until it is), whatever the data.
"""

from __future__ import annotations

import contextlib

from telegram import CallbackQuery, Update
from telegram.error import BadRequest

from bot.context import BotContext
from bot.render import keyboard
from core.replies import Reply
from core.wording import logging as words
from service.commands import press
from storage.errors import StorageUnavailable


async def on_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None:
        return
    if query.data is None:  # a game button or an inline keyboard of another bot's message
        await query.answer(words.BUTTON_GONE, show_alert=True)
        return
    try:
        reply = await press(context.services, query.from_user.id, query.data)
    except StorageUnavailable:
        raise  # retried once the database is back (bot.durable); the press is answered then
    except Exception:
        # The user sees a pop-up rather than a spinner; the error handler logs the rest.
        await _answer_quietly(query, words.BUTTON_FAILED)
        raise
    await _show(query, reply, context)


async def _answer_quietly(query: CallbackQuery, text: str) -> None:
    with contextlib.suppress(BadRequest):  # too late to answer: Telegram dropped the query
        await query.answer(text, show_alert=True)


async def _show(query: CallbackQuery, reply: Reply, context: BotContext) -> None:
    if reply.alert:
        await query.answer(reply.text, show_alert=True)
        return
    await query.answer()
    message = query.message
    if message is None or not message.is_accessible:
        return
    if query.data is not None and query.data.startswith("why:"):
        # An explanation comes as its own message: the logged set above must stay as it is.
        await context.bot.send_message(message.chat.id, reply.text)
        return
    try:
        # The pressed message becomes the answer, so the chat keeps no stale buttons.
        await query.edit_message_text(reply.text, reply_markup=keyboard(reply))
    except BadRequest:
        # Same text again (a second press) or the message is too old to edit.
        await context.bot.send_message(message.chat.id, reply.text, reply_markup=keyboard(reply))
