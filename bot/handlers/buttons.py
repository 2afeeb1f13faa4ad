"""Inline button presses: Undo, Why?, unit, time zone and summary-time choices."""

from __future__ import annotations

from telegram import Update
from telegram.error import BadRequest

from bot.context import BotContext
from bot.render import keyboard
from service.commands import press


async def on_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None or query.data is None:
        return
    reply = await press(context.services, query.from_user.id, query.data)
    if reply is not None and query.data.startswith("why:"):
        # An explanation comes as its own message: the logged set above must stay as it is.
        await query.answer()
        if query.message is not None:
            await context.bot.send_message(query.message.chat.id, reply.text)
        return
    if reply is None:
        await query.answer()
        return
    if reply.alert:
        await query.answer(reply.text, show_alert=True)
        return
    await query.answer()
    message = query.message
    if message is None or not message.is_accessible:
        return
    try:
        # The pressed message becomes the answer, so the chat keeps no stale buttons.
        await query.edit_message_text(reply.text, reply_markup=keyboard(reply))
    except BadRequest:
        # Same text again (a second press) or the message is too old to edit.
        await context.bot.send_message(message.chat.id, reply.text, reply_markup=keyboard(reply))
