"""Bare python-telegram-bot echo bot (long polling): the baseline for the latency benchmark."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Reply with the very text received."""
    message = update.effective_message
    if message is not None and message.text:
        await message.reply_text(message.text)


# Set to 1: the echo bot on ToFailure's Bot API client instead of PTB's default (a reference).
AIOHTTP_ENV = "ECHO_BOT_AIOHTTP"

Callback = Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]


def build_application(
    answer: Callback = echo,
    post_init: Callable[[Application[Any, Any, Any, Any, Any, Any]], Coroutine[Any, Any, None]]
    | None = None,
    *,
    aiohttp: bool = os.environ.get(AIOHTTP_ENV) == "1",
) -> Application[Any, Any, Any, Any, Any, Any]:
    """The echo Application (or another `answer` to each text), pointed at TELEGRAM_BASE_URL /
    TELEGRAM_BASE_FILE_URL if set; on PTB's default httpx client unless `aiohttp` (the Bot API
    client ToFailure uses, set up as the bot sets it up: bot/aiohttp_request.py)."""
    builder = Application.builder().token(os.environ["TELEGRAM_BOT_TOKEN"])
    if aiohttp:
        from bot.aiohttp_request import bot_api_requests

        sends, updates = bot_api_requests()
        builder = builder.request(sends).get_updates_request(updates)
    if base_url := os.environ.get("TELEGRAM_BASE_URL"):
        builder = builder.base_url(base_url)
    if base_file_url := os.environ.get("TELEGRAM_BASE_FILE_URL"):
        builder = builder.base_file_url(base_file_url)
    if post_init is not None:
        builder = builder.post_init(post_init)
    application = builder.build()
    application.add_handler(MessageHandler(filters.TEXT, answer))
    return application


def run(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    logging.basicConfig(
        level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s %(message)s"
    )
    # httpx logs every request URL at INFO, and the URL carries the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    application.run_polling(poll_interval=0.0, allowed_updates=[Update.MESSAGE])


def main() -> None:
    run(build_application())


if __name__ == "__main__":
    main()
