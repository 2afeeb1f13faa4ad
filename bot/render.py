"""Reply -> Telegram, the one sender: text split at 4096 characters, inline keyboards, an
image (the text as its caption when it fits), documents."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message
from telegram.error import TelegramError

from core.replies import Reply

log = logging.getLogger(__name__)

MAX_TEXT = 4096
MAX_CAPTION = 1024

SendCall = Callable[..., Awaitable[Any]]


@dataclass(frozen=True, slots=True)
class Chat:
    """Where a reply goes: PTB's send methods bound to one chat."""

    text: SendCall
    photo: SendCall
    document: SendCall

    @classmethod
    def of(cls, message: Message) -> Chat:
        """Answer a user's message (in its chat and thread, as PTB's reply_* methods do)."""
        return cls(message.reply_text, message.reply_photo, message.reply_document)

    @classmethod
    def by_id(cls, bot: Bot, chat_id: int, **send_args: Any) -> Chat:
        """Write to a chat unprompted (the scheduler's messages); `send_args` go with every
        call (e.g. the send budget's `rate_limit_args`)."""
        return cls(
            partial(bot.send_message, chat_id, **send_args),
            partial(bot.send_photo, chat_id, **send_args),
            partial(bot.send_document, chat_id, **send_args),
        )


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    if not reply.buttons:
        return None
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(b.label, callback_data=b.data) for b in row]
            for row in reply.buttons
        ]
    )


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Split on line breaks where possible so no chunk exceeds Telegram's limit."""
    chunks: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            if current:
                chunks.append(current)
                current = ""
            chunks.append(line[:limit])
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            chunks.append(current)
            current = line
        else:
            current = candidate
    if current or not chunks:
        chunks.append(current)
    return chunks


async def send(chat: Chat, reply: Reply) -> None:
    """Send a reply: the text (buttons on its last chunk), or the image with the text as its
    caption when that fits; then the image with its own caption; then the documents.

    Errors before anything arrived propagate (the caller may retry the whole reply). Once the
    text arrived, a failed image is logged, not raised: resending would repeat the text.
    """
    markup = keyboard(reply)
    image = reply.image
    if image is not None and len(reply.text) <= MAX_CAPTION:
        await chat.photo(image, caption=reply.text, reply_markup=markup)
        image = None
    else:
        chunks = split_text(reply.text)
        for i, chunk in enumerate(chunks):
            await chat.text(chunk, reply_markup=markup if i == len(chunks) - 1 else None)
    if image is not None:
        try:
            await chat.photo(image, caption=reply.caption)
        except TelegramError:
            log.warning("an image did not arrive after its text", exc_info=True)
    for document in reply.documents:
        await chat.document(document.data, filename=document.filename)
