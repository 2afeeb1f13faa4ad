"""Update -> plain service input (IncomingText, Command, Upload); nothing else in bot/ reads raw
updates."""

from __future__ import annotations

from datetime import UTC

from telegram import Message, MessageEntity, Update

from service.commands import Command
from service.files import Upload
from service.reading import IncomingText


def incoming_text(update: Update) -> IncomingText | None:
    message: Message | None = update.message or update.edited_message
    if message is None or message.text is None or message.from_user is None:
        return None
    sent = message.date if message.date.tzinfo else message.date.replace(tzinfo=UTC)
    return IncomingText(
        user_id=message.from_user.id,
        chat_id=message.chat_id,
        message_id=message.message_id,
        text=message.text,
        sent_at=sent.astimezone(UTC),
        first_name=message.from_user.first_name,
    )


def command(update: Update) -> Command | None:
    """A /command message: the sender, the chat, and everything after the command word
    (`/timezone New York` -> `New York`)."""
    message = update.message
    if message is None or message.from_user is None:
        return None
    text = message.text or ""
    return Command(
        user_id=message.from_user.id,
        chat_id=message.chat_id,
        message_id=message.message_id,
        args=text.split(maxsplit=1)[1] if " " in text.strip() else "",
        first_name=message.from_user.first_name,
    )


def command_word(update: Update) -> str | None:
    """The command a /command message names, as PTB's CommandHandler reads it: the leading
    bot_command entity without the slash and `@botname`, lowercased (`/Units@Bot x` -> `units`)."""
    message = update.message
    if message is None or not message.text or not message.entities:
        return None
    entity = message.entities[0]
    if entity.type != MessageEntity.BOT_COMMAND or entity.offset != 0:
        return None
    return message.text[1 : entity.length].split("@")[0].lower()


def upload(update: Update) -> Upload | None:
    """A document message: the file id to fetch it by, its name and the size Telegram gives."""
    message = update.message
    if message is None or message.document is None or message.from_user is None:
        return None
    document = message.document
    return Upload(document.file_id, document.file_name or "file", document.file_size)
