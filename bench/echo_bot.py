"""Bare python-telegram-bot echo bot (long polling): the baseline for the latency benchmark."""

from __future__ import annotations

import logging
import os
from typing import Any

from telegram import Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Reply with the very text received."""
    message = update.effective_message
    if message is not None and message.text:
        await message.reply_text(message.text)


def build_application() -> Application[Any, Any, Any, Any, Any, Any]:
    """The echo Application, pointed at TELEGRAM_BASE_URL / TELEGRAM_BASE_FILE_URL if set."""
    builder = Application.builder().token(os.environ["TELEGRAM_BOT_TOKEN"])
    if base_url := os.environ.get("TELEGRAM_BASE_URL"):
        builder = builder.base_url(base_url)
    if base_file_url := os.environ.get("TELEGRAM_BASE_FILE_URL"):
        builder = builder.base_file_url(base_file_url)
    application = builder.build()
    application.add_handler(MessageHandler(filters.TEXT, echo))
    return application


def main() -> None:
    logging.basicConfig(
        level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s %(message)s"
    )
    # httpx logs every request URL at INFO, and the URL carries the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    build_application().run_polling(poll_interval=0.0, allowed_updates=[Update.MESSAGE])


if __name__ == "__main__":
    main()
