"""Local chat in the terminal (no token): the same service calls and wording as Telegram."""

from __future__ import annotations

import asyncio
import sys
import time
from datetime import UTC
from pathlib import Path
from typing import TextIO

from core.replies import Button, Document, Reply
from core.wording import terminal as words
from service import commands
from service.reading import IncomingText
from service.services import Services
from service.texts import edited_text, new_text


class TerminalChat:
    """One local user talking to the services; `handle` returns what the bot would answer."""

    def __init__(
        self,
        services: Services,
        user_id: int,
        name: str | None = None,
        folder: Path | None = None,
    ) -> None:
        self.services = services
        self.user_id = user_id
        self.name = name
        self.folder = folder or Path.cwd()  # where files the bot sends (exports) are saved
        self._buttons: list[Button] = []
        self._last_message_id: int | None = None
        self._last_id = 0

    def _message_id(self) -> int:
        # Unique across runs on the same database: (chat, message) is the idempotency key.
        self._last_id = max(self._last_id + 1, time.time_ns() // 1000)
        return self._last_id

    def _incoming(self, text: str, message_id: int | None = None) -> IncomingText:
        return IncomingText(
            user_id=self.user_id,
            chat_id=self.user_id,
            message_id=message_id if message_id is not None else self._message_id(),
            text=text,
            sent_at=self.services.clock().astimezone(UTC),
            first_name=self.name,
        )

    async def handle(self, line: str) -> Reply | None:
        text = line.rstrip("\r\n")
        stripped = text.strip()
        if (
            stripped.lower().startswith("b")
            and stripped[1:].isascii()
            and stripped[1:].isdigit()
            and self._buttons
        ):
            return await self._press(int(stripped[1:]))
        if stripped.startswith("/"):
            return await self._command(stripped)
        incoming = self._incoming(text)
        self._last_message_id = incoming.message_id
        return await new_text(self.services, incoming)

    async def _press(self, number: int) -> Reply | None:
        if not 1 <= number <= len(self._buttons):
            return Reply(words.no_button(number))
        return await commands.press(self.services, self.user_id, self._buttons[number - 1].data)

    async def _command(self, text: str) -> Reply | None:
        word, _, args = text.partition(" ")
        if word.lower() == "/edit":  # the terminal's stand-in for editing a sent message
            if self._last_message_id is None:
                return Reply(words.NOTHING_TO_EDIT)
            return await edited_text(self.services, self._incoming(args, self._last_message_id))
        called = commands.Command(self.user_id, self.user_id, self._message_id(), args, self.name)
        return await commands.run(self.services, word, called)

    def render(self, reply: Reply) -> str:
        self._buttons = [b for row in reply.buttons for b in row]
        lines = [reply.text]
        if reply.image is not None:
            lines.append(words.IMAGE_NOT_SHOWN)
        lines += [self._save(document) for document in reply.documents]
        if self._buttons:
            lines.append("  ".join(f"[b{i}] {b.label}" for i, b in enumerate(self._buttons, 1)))
        return "\n".join(lines)

    def _save(self, document: Document) -> str:
        """Write a file the bot sent next to where the chat runs, never over another file."""
        path = self.folder / document.filename
        stem, suffix, n = path.stem, path.suffix, 2
        while path.exists():
            path = path.with_name(f"{stem}-{n}{suffix}")
            n += 1
        try:
            path.write_bytes(document.data)
        except OSError:
            return words.file_not_shown(document.filename)
        return words.file_saved(str(path))


async def run_terminal(
    services: Services, user_id: int, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout
) -> None:
    chat = TerminalChat(services, user_id, name=None)
    interactive = stdin.isatty()
    print(words.INTRO, file=stdout, flush=True)
    loop = asyncio.get_running_loop()
    while True:
        if interactive:
            print("you> ", end="", file=stdout, flush=True)
        line = await loop.run_in_executor(None, stdin.readline)
        if not line:  # Ctrl-D / end of input
            break
        if not line.strip():
            continue
        reply = await chat.handle(line)
        if reply is not None:
            print(f"bot> {chat.render(reply)}".replace("\n", "\n     "), file=stdout, flush=True)
    if interactive:
        print(file=stdout)
    print(words.BYE, file=stdout, flush=True)
