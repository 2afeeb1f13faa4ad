"""Local chat in the terminal (no token): the same service calls and wording as Telegram."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import signal
import sys
import time
from collections.abc import Coroutine, Iterator
from datetime import UTC
from pathlib import Path
from typing import Any, TextIO, TypeVar

from bot.jobs import FIRST_TICK_SECONDS
from bot.render import MAX_CAPTION
from bot.terminal_input import Messages, Reader, paste_marks
from core.replies import Button, Reply
from core.wording import terminal as words
from service import commands, deliveries
from service.deliveries import TickConfig
from service.inbox import StorageUnavailable
from service.reading import IncomingText
from service.services import Services
from service.texts import edited_text, new_text

log = logging.getLogger(__name__)

DATA = Path("data")  # charts go to data/charts, exports to data/exports (from where it runs)
_BUTTON = re.compile(r"[bB]([0-9]{1,4})")
_COMMAND = re.compile(r"(\S+)\s*(.*)", re.DOTALL)
_SLUG = re.compile(r"[^a-z0-9]+")
T = TypeVar("T")


def slug(text: str) -> str:
    """A file-name part from what the user typed: `/chart bench` -> `chart-bench`."""
    return _SLUG.sub("-", text.lower()).strip("-")[:40].strip("-") or "chart"


class TerminalChat:
    """One local user talking to the services; `handle` returns what the bot would answer."""

    def __init__(
        self,
        services: Services,
        user_id: int,
        name: str | None = None,
        folder: Path = DATA,
    ) -> None:
        self.services = services
        self.user_id = user_id
        self.name = name
        self.folder = folder  # where charts and files the bot sends are saved
        self._buttons: list[Button] = []
        self._last_message_id: int | None = None
        self._last_text: str | None = None
        self._last_id = 0
        self._topic = "chart"  # what a chart is named after: the command or button behind it

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
        """One message (it may span several lines) -> the bot's reply."""
        text = line.rstrip("\r\n")
        stripped = text.strip()
        button = _BUTTON.fullmatch(stripped)
        if button:
            return await self._press(int(button.group(1)))
        if stripped.startswith("/"):
            return await self._command(stripped)
        incoming = self._incoming(text)
        self._last_message_id, self._last_text = incoming.message_id, text
        self._topic = slug(stripped)  # a question may answer with a chart
        return await new_text(self.services, incoming)

    async def _press(self, number: int) -> Reply | None:
        if not 1 <= number <= len(self._buttons):
            # Like a pop-up in Telegram: the buttons shown before stay pressable.
            return Reply(words.no_button(number, len(self._buttons)), alert=True)
        pressed = self._buttons[number - 1]
        self._topic = f"{self._topic.split('-')[0]}-{slug(pressed.label)}"
        return await commands.press(self.services, self.user_id, pressed.data)

    async def _command(self, text: str) -> Reply | None:
        found = _COMMAND.fullmatch(text)
        assert found is not None  # `text` starts with "/"
        word, args = found.group(1), found.group(2)
        name = word.lstrip("/").split("@")[0].lower()
        self._topic = slug(f"{name} {args}")
        if name == "edit":  # the terminal's stand-in for editing a sent message
            if not args.strip():
                return Reply(words.edit_usage(self._last_text))
            if self._last_message_id is None:
                return Reply(words.NOTHING_TO_EDIT)
            self._last_text = args
            return await edited_text(self.services, self._incoming(args, self._last_message_id))
        if name == "help":  # the command table's help and the terminal's own controls
            return commands.help_reply(words.HELP)
        called = commands.Command(self.user_id, self.user_id, self._message_id(), args, self.name)
        return await commands.run(self.services, word, called)

    def render(self, reply: Reply, topic: str | None = None) -> str:
        """The reply as text; its chart and file are saved under `folder` and named.

        `topic` names a chart that no command asked for (a scheduled summary)."""
        if reply.alert:  # a pop-up over the last reply: its buttons stay as they were
            return reply.text
        self._buttons = [b for row in reply.buttons for b in row]
        lines = [reply.text]
        if reply.image is not None:
            name = f"{topic or self._topic}-{self._stamp()}.png"
            lines.append(self._save("chart", self.folder / "charts" / name, reply.image))
            if reply.caption and len(reply.text) > MAX_CAPTION:  # Telegram shows it then
                lines.append(reply.caption)
        for document in reply.documents:
            path = self.folder / "exports" / document.filename
            lines.append(self._save("export", path, document.data))
        if self._buttons:
            lines.append("  ".join(f"[b{i}] {b.label}" for i, b in enumerate(self._buttons, 1)))
        return "\n".join(lines)

    def _stamp(self) -> str:
        return self.services.clock().astimezone().strftime("%Y%m%d-%H%M")

    @staticmethod
    def _save(kind: str, path: Path, data: bytes) -> str:
        """Write a file the bot sent, never over another file; the line that names it."""
        stem, suffix, n = path.stem, path.suffix, 2
        while path.exists():
            path = path.with_name(f"{stem}-{n}{suffix}")
            n += 1
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("xb") as file:
                file.write(data)
        except OSError as exc:
            return words.file_not_saved(kind, str(path), exc.strerror or type(exc).__name__)
        return words.file_saved(kind, str(path))


class Screen:
    """Where the chat writes: prompts, replies, and what the scheduler sends meanwhile."""

    def __init__(self, out: TextIO, interactive: bool) -> None:
        self.out = out
        self.interactive = interactive
        self.prompt_shown: str | None = None  # the prompt waiting for input

    def line(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    def prompt(self, more: bool) -> None:
        if self.interactive:
            self.prompt_shown = words.MORE_PROMPT if more else words.PROMPT
            print(self.prompt_shown, end="", file=self.out, flush=True)

    def answered(self) -> None:
        self.prompt_shown = None

    def reply(self, rendered: str) -> None:
        waiting = self.prompt_shown
        if waiting is not None:  # an unprompted message: below the prompt, then the prompt again
            print(file=self.out)
        self.line(words.BOT + rendered.replace("\n", "\n" + " " * len(words.BOT)))
        if waiting is not None:
            print(waiting, end="", file=self.out, flush=True)


async def _ticks(chat: TerminalChat, screen: Screen, seconds: float) -> None:
    """The scheduler for the local user: weekly summaries and deload reminders come here."""
    config = TickConfig(rate=None, only_user=chat.user_id)

    async def send(_chat_id: int, reply: Reply) -> None:
        screen.reply(chat.render(reply, topic="summary"))

    await asyncio.sleep(min(FIRST_TICK_SECONDS, seconds))
    while True:
        try:
            await deliveries.tick(chat.services, send, config)
        except StorageUnavailable:
            pass  # nothing is lost: the next tick catches up
        except Exception:  # the chat goes on; the tick is tried again
            log.exception("the scheduler tick failed")
        await asyncio.sleep(seconds)


_STOPPED: Any = object()


async def _unless(stop: asyncio.Event, work: Coroutine[Any, Any, T]) -> T:
    """`work`'s result, or _STOPPED (work cancelled) once `stop` is set."""
    task = asyncio.ensure_future(work)
    stopping = asyncio.ensure_future(stop.wait())
    await asyncio.wait({task, stopping}, return_when=asyncio.FIRST_COMPLETED)
    stopping.cancel()
    if task.done():
        return task.result()
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    return _STOPPED  # type: ignore[no-any-return]


@contextlib.contextmanager
def _signals_set(stop: asyncio.Event) -> Iterator[None]:
    """Ctrl-C (SIGINT) or SIGTERM quits at once, whatever the chat is waiting for."""
    loop = asyncio.get_running_loop()
    caught = []
    try:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
            caught.append(sig)
    except (NotImplementedError, RuntimeError, ValueError):  # not Unix, or not the main thread
        pass
    try:
        yield
    finally:
        for sig in caught:
            loop.remove_signal_handler(sig)


async def run_terminal(
    services: Services,
    user_id: int,
    stdin: TextIO = sys.stdin,
    stdout: TextIO = sys.stdout,
    *,
    folder: Path = DATA,
    tick_seconds: float | None = None,
) -> None:
    """The chat loop until Ctrl-D, Ctrl-C or the end of input; `tick_seconds`: run the
    scheduler for this user too."""
    chat = TerminalChat(services, user_id, name=None, folder=folder)
    interactive = stdin.isatty()
    screen = Screen(stdout, interactive)
    screen.line(words.intro(pastes=interactive))
    messages = Messages()
    stop = asyncio.Event()
    ticks = asyncio.create_task(_ticks(chat, screen, tick_seconds)) if tick_seconds else None
    # The terminal marks pastes only when asked on the terminal itself (not into a file).
    marked = interactive and stdout.isatty()
    marks = paste_marks(stdin, stdout) if marked else contextlib.nullcontext()
    with _signals_set(stop), marks:
        reader = Reader(stdin, pastes=interactive)
        while True:
            screen.prompt(more=messages.pending)
            batch = await _unless(stop, reader.next())
            screen.answered()
            if batch is _STOPPED:
                break
            text = messages.flush() if batch is None else messages.feed(batch)
            if text:
                reply = await _unless(stop, chat.handle(text))
                if reply is _STOPPED:
                    break
                if reply is not None:
                    screen.reply(chat.render(reply))
            if batch is None:  # Ctrl-D / end of input
                break
    if ticks is not None:
        ticks.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await ticks
    if interactive or stop.is_set():
        print(file=stdout)
    screen.line(words.BYE)
