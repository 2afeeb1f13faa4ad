"""The terminal chat's input: a line ending in \\ goes on; lines pasted at once are one message."""

from __future__ import annotations

import asyncio
import codecs
import contextlib
import os
import select
import threading
from collections.abc import Iterator, Sequence
from typing import TextIO

# Bracketed paste (xterm, and nearly every terminal since): the terminal wraps what is pasted
# in these marks, so a paste is known exactly, its last line break or not.
PASTE_ON, PASTE_OFF = "\x1b[?2004h", "\x1b[?2004l"
PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"
# Without the marks: lines that arrive within this of each other came in one paste (a person
# cannot press Enter twice that fast; a terminal delivers a paste in well under a millisecond).
PASTE_GAP_S = 0.05
READ_BYTES = 65536


class Messages:
    """Lines -> messages. A line ending in a backslash goes on with the next line. Several lines
    in one batch (a paste without the terminal's marks) are one message that stays open until
    an empty line, so a paste that arrives in pieces is still one message."""

    def __init__(self) -> None:
        self._lines: list[str] = []
        self._pasted = False

    @property
    def pending(self) -> bool:
        """A message is under way (waiting for its next line)."""
        return bool(self._lines)

    def feed(self, batch: Sequence[str]) -> str | None:
        """The message `batch` completes ("" when it is blank), or None while it goes on."""
        lines = [raw.rstrip("\r\n") for raw in batch]
        if not any(line.strip() for line in lines):  # Enter on an empty line
            return self.flush()
        self._pasted = self._pasted or len(lines) > 1
        goes_on = False
        for line in lines:
            body = line.rstrip()
            goes_on = body.endswith("\\")
            self._lines.append(body[:-1].rstrip() if goes_on else line)
        return None if goes_on or self._pasted else self.flush()

    def flush(self) -> str:
        """What was typed so far as one message (on an empty line, at the end of input)."""
        text = "\n".join(self._lines).strip("\n")
        self._lines, self._pasted = [], False
        return text if text.strip() else ""


@contextlib.contextmanager
def paste_marks(stdin: TextIO, stdout: TextIO) -> Iterator[None]:
    """While the chat runs in a terminal: ask it to mark pastes, and echo the marks as they are
    (not as ^[[200~); both undone on the way out."""
    try:
        import termios

        fd = stdin.fileno()
        saved = termios.tcgetattr(fd)
    except (ImportError, AttributeError, OSError, ValueError):
        yield
        return
    quiet = list(saved)
    quiet[3] &= ~getattr(termios, "ECHOCTL", 0)
    try:
        termios.tcsetattr(fd, termios.TCSANOW, quiet)
        stdout.write(PASTE_ON)
        stdout.flush()
        yield
    finally:
        stdout.write(PASTE_OFF)
        stdout.flush()
        with contextlib.suppress(OSError):
            termios.tcsetattr(fd, termios.TCSADRAIN, saved)


class Reader:
    """Batches of lines from a stream, read in a daemon thread, so quitting never waits for a
    read. `pastes` (an interactive terminal): a marked paste is one line holding line breaks,
    unmarked lines that arrive together are one batch; else each line is a batch. None marks
    the end of input."""

    def __init__(self, stream: TextIO, pastes: bool) -> None:
        self._loop = asyncio.get_running_loop()
        self._queue: asyncio.Queue[list[str] | None] = asyncio.Queue()
        self._pastes = pastes
        try:
            fd: int | None = stream.fileno()
        except (AttributeError, OSError, ValueError):  # io.StringIO and the like
            fd = None
        if fd is None:
            thread = threading.Thread(target=self._read_stream, args=(stream,), daemon=True)
        else:
            # The raw descriptor, not sys.stdin: a thread blocked inside a buffered reader
            # holds its lock, and the interpreter's exit would wait for that lock forever.
            thread = threading.Thread(target=self._read_fd, args=(fd,), daemon=True)
        thread.start()

    async def next(self) -> list[str] | None:
        return await self._queue.get()

    def _put(self, batch: list[str] | None) -> None:
        with contextlib.suppress(RuntimeError):  # the chat ended meanwhile (its loop is closed)
            self._loop.call_soon_threadsafe(self._queue.put_nowait, batch)

    def _read_stream(self, stream: TextIO) -> None:
        try:
            for line in iter(stream.readline, ""):
                self._put([line])
        except (OSError, ValueError):
            pass
        finally:
            self._put(None)

    def _read_fd(self, fd: int) -> None:
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        rest = ""  # a line not ended yet (piped input comes in blocks, not lines)
        ended = False

        def more() -> str:
            nonlocal ended
            chunk = os.read(fd, READ_BYTES)
            ended = not chunk
            return decoder.decode(chunk, final=ended)

        try:
            while not ended:
                text = rest + more()
                if not self._pastes:
                    *lines, rest = text.split("\n")
                    if ended and rest:
                        lines, rest = [*lines, rest], ""
                    for line in lines:
                        self._put([line])
                    continue
                # A terminal hands over whole lines (or, on Ctrl-D, the text typed so far).
                if PASTE_START in text:
                    while PASTE_END not in text and not ended:
                        text += more()  # up to the Enter after the paste
                    pasted = text.replace(PASTE_START, "").replace(PASTE_END, "")
                    self._put([pasted.rstrip("\n")])
                    continue
                while not ended and _more_within(fd, PASTE_GAP_S):
                    text += more()
                lines = text.split("\n")
                if not lines[-1]:
                    lines.pop()
                if lines:
                    self._put(lines)
        except OSError:
            pass
        finally:
            self._put(None)


def _more_within(fd: int, seconds: float) -> bool:
    ready, _, _ = select.select([fd], [], [], seconds)
    return bool(ready)
