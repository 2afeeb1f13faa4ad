"""The real `python -m bot` terminal chat, driven while it runs: through a pipe or a terminal."""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import select
import signal
import subprocess
import sys
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def chat_env(db: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    env.update({"DATABASE_URL": f"sqlite:///{db}", "TELEGRAM_BOT_TOKEN": "", **extra})
    return env


class LiveChat:
    """The chat as a process; `tty`: its stdin and stdout are a terminal (a pty), as when a
    person runs ./run.sh, else pipes, as when a program drives it."""

    def __init__(self, db: Path, cwd: Path, *, tty: bool = False, **env: str) -> None:
        self.output = ""
        self._seen = 0
        self.terminal = -1  # the pty's terminal side (kept, to look at its settings)
        if tty:
            self._out, self.terminal = os.openpty()
            stdin: int = self.terminal
            stdout: int = self.terminal
            self.saved = termios.tcgetattr(self.terminal)
        else:
            stdin, self._in = os.pipe()
            self._out, stdout = os.pipe()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot"],
            stdin=stdin,
            stdout=stdout,
            stderr=subprocess.PIPE,
            cwd=cwd,
            env=chat_env(db, **env),
            start_new_session=True,  # its own session: the pty becomes its terminal
            preexec_fn=_take_terminal if tty else None,
        )
        if not tty:
            os.close(stdin)
            os.close(stdout)
        else:
            self._in = os.dup(self._out)

    def send(self, text: str) -> None:
        os.write(self._in, text.encode("utf-8"))

    def expect(self, pattern: str, timeout: float = 60) -> re.Match[str]:
        """Wait for `pattern` (a regex) in the output after what earlier calls matched."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            found = regex.search(self.output, self._seen)
            if found:
                self._seen = found.end()
                return found
            left = deadline - time.monotonic()
            assert left > 0, f"no {pattern!r} in:\n{self.output[self._seen :]}"
            more = self._read(left)
            assert more is not False or regex.search(self.output, self._seen), (
                f"the chat ended without {pattern!r}:\n{self.output[self._seen :]}"
            )

    def _read(self, timeout: float) -> bool | None:
        """Read what is there: True (some), None (nothing within `timeout`), False (the end)."""
        ready, _, _ = select.select([self._out], [], [], min(timeout, 1.0))
        if not ready:
            return None
        try:
            chunk = os.read(self._out, 65536)
        except OSError:  # a pty whose process has ended
            chunk = b""
        self.output += chunk.decode("utf-8", errors="replace").replace("\r\n", "\n")
        return bool(chunk)

    def interrupt(self) -> None:
        """Ctrl-C from outside (a pipe has no Ctrl-C key: the signal a terminal would send)."""
        self.proc.send_signal(signal.SIGINT)

    def close_input(self) -> None:
        os.close(self._in)
        self._in = -1

    def wait(self, timeout: float = 60) -> tuple[int, str]:
        """The exit status and stderr, with the rest of the output read."""
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None:
            assert time.monotonic() < deadline, f"still running:\n{self.output}"
            self._read(0.2)
        while self._read(0.2):  # what it wrote last
            pass
        stderr = self.proc.stderr.read().decode() if self.proc.stderr else ""
        return self.proc.returncode, stderr

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        for fd in (self._in, self._out, self.terminal):
            if fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(fd)
        if self.proc.stderr:
            self.proc.stderr.close()


def _take_terminal() -> None:
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)
