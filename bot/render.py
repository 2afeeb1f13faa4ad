"""Reply -> Telegram: plain text split at 4096 characters, inline keyboards, photos."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message

from core.replies import Reply

MAX_TEXT = 4096
MAX_CAPTION = 1024


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


async def send_reply(message: Message, reply: Reply) -> None:
    """Answer a user's message; buttons go on the last chunk."""
    markup = keyboard(reply)
    if reply.image is not None:
        caption = reply.text if len(reply.text) <= MAX_CAPTION else None
        await message.reply_photo(reply.image, caption=caption, reply_markup=markup)
        if caption is None:
            for chunk in split_text(reply.text):
                await message.reply_text(chunk)
        return
    chunks = split_text(reply.text)
    for i, chunk in enumerate(chunks):
        last = i == len(chunks) - 1
        await message.reply_text(chunk, reply_markup=markup if last else None)
