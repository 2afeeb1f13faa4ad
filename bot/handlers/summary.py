"""/summary, /week and the summary-time buttons: extract, call service.summary, render."""

from __future__ import annotations

from telegram import Update
from telegram.error import BadRequest

from bot.context import BotContext
from bot.extract import command_args
from bot.render import keyboard, send_reply
from service import summary


async def summary_command(update: Update, context: BotContext) -> None:
    message = update.message
    if message is None or update.effective_user is None:
        return
    reply = await summary.change(context.services, update.effective_user.id, command_args(message))
    await send_reply(message, reply)


async def week_command(update: Update, context: BotContext) -> None:
    message = update.message
    if message is None or update.effective_user is None:
        return
    reply = await summary.week(context.services, update.effective_user.id, command_args(message))
    await send_reply(message, reply)


async def on_summary_button(update: Update, context: BotContext) -> None:
    """`sum:mon 07:30` or `sum:off` from the /summary buttons."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    reply = await summary.change(context.services, query.from_user.id, query.data[4:])
    await query.answer()
    try:
        await query.edit_message_text(reply.text, reply_markup=keyboard(reply))
    except BadRequest:  # same text again, or the message is too old to edit
        if query.message is not None:
            await context.bot.send_message(query.message.chat.id, reply.text)
