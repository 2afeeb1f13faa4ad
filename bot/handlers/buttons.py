"""Inline button presses: Undo, unit and time-zone choices."""

from __future__ import annotations

from telegram import Update
from telegram.error import BadRequest

from bot.context import BotContext
from bot.render import keyboard
from core.replies import Reply
from service import profile, undo
from service.why import why_reply


async def _route(data: str, user_id: int, context: BotContext) -> Reply | None:
    kind, _, value = data.partition(":")
    services = context.services
    if kind == "undo" and value.isdigit():
        return await undo.undo_log(services, user_id, int(value))
    if kind == "unit":
        return await profile.set_unit(services, user_id, value, onboarding=True)
    if kind == "tz":
        return await profile.set_timezone(services, user_id, value)
    return None


async def on_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None or query.data is None:
        return
    if query.data.startswith("why:"):
        # An explanation comes as its own message: the logged set above must stay as it is.
        await query.answer()
        if query.message is not None:
            why = why_reply(query.data.partition(":")[2])
            await context.bot.send_message(query.message.chat.id, why.text)
        return
    reply = await _route(query.data, query.from_user.id, context)
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
