"""The error handler: log without secrets, tell the user their message was not logged."""

from __future__ import annotations

import logging

from telegram import Update

from bot.context import BotContext
from bot.render import Chat, send
from core.replies import Reply
from core.wording import chat as words

log = logging.getLogger(__name__)


async def on_error(update: object, context: BotContext) -> None:
    log.error("update %s failed", getattr(update, "update_id", "?"), exc_info=context.error)
    if isinstance(update, Update) and update.effective_message is not None:
        try:
            await send(Chat.of(update.effective_message), Reply(words.SORRY))
        except Exception:  # the network may be what failed
            log.warning("could not tell the user about the failure")
