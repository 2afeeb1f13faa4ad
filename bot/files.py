"""Documents users send to import, fetched from Telegram by file id (getFile, then download)."""

from __future__ import annotations

import io
from typing import IO

from telegram import Bot
from telegram.error import TelegramError

from service.files import TELEGRAM, FileTooLarge, FileUnavailable, Unavailable


class TelegramFiles:
    """service.files.Files for the Telegram edge: refs are file ids, never paths.

    The bot is attached after it is built (the services exist before it). A file id stays
    valid, so any instance can fetch the file again when the user confirms an import.
    """

    kind = TELEGRAM

    def __init__(self) -> None:
        self.bot: Bot | None = None

    async def open(self, ref: str, max_bytes: int) -> IO[bytes]:
        if self.bot is None:
            raise FileUnavailable(Unavailable.TELEGRAM)
        try:
            file = await self.bot.get_file(ref)
            # Telegram knows the size: nothing is downloaded past the limit.
            if file.file_size is not None and file.file_size > max_bytes:
                raise FileTooLarge(file.file_size)
            data = await file.download_as_bytearray()
        except TelegramError as exc:
            if "too big" in str(exc).lower():
                raise FileTooLarge(max_bytes + 1) from None
            raise FileUnavailable(Unavailable.TELEGRAM) from None
        if len(data) > max_bytes:
            raise FileTooLarge(len(data))
        return io.BytesIO(data)
