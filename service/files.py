"""Files users hand us to import: where each edge fetches them from, with the size limit first.

Telegram fetches a document by its file id (bot/files.py); the terminal chat and the operator
CLI read a local path. A process has exactly one kind, so a Telegram user can never make the
bot read a path on the server.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import IO, Protocol

TELEGRAM = "telegram"
PATH = "path"


@dataclass(frozen=True, slots=True)
class Upload:
    """A file a user sent: where to fetch it, its name and (if the edge knows it) its size."""

    ref: str
    name: str
    size: int | None = None


class FileTooLarge(Exception):
    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


class Unavailable(StrEnum):
    MISSING = "missing"  # no such path
    NOT_A_FILE = "not_a_file"  # a folder, a device
    UNREADABLE = "unreadable"  # no permission, an I/O error
    TELEGRAM = "telegram"  # Telegram did not hand the file over (gone, network)
    ELSEWHERE = "elsewhere"  # sent to another kind of edge than this process serves


class FileUnavailable(Exception):
    """The file can't be fetched; `reason` says why (the wording says it to the user)."""

    def __init__(self, reason: Unavailable) -> None:
        super().__init__(reason.value)
        self.reason = reason


class Files(Protocol):
    kind: str  # TELEGRAM | PATH: what an Upload's ref is here

    async def open(self, ref: str, max_bytes: int) -> IO[bytes]:
        """The file's bytes as a binary stream; FileTooLarge past `max_bytes` (checked before
        anything is downloaded where the edge knows the size), FileUnavailable otherwise."""
        ...


class NoFiles:
    """For a process that takes no files (the default)."""

    kind = "none"

    async def open(self, ref: str, max_bytes: int) -> IO[bytes]:
        raise FileUnavailable(Unavailable.ELSEWHERE)


class LocalFiles:
    """Paths on this machine: the terminal chat and the operator CLI."""

    kind = PATH

    async def open(self, ref: str, max_bytes: int) -> IO[bytes]:
        path = Path(ref).expanduser()
        try:
            if not path.exists():
                raise FileUnavailable(Unavailable.MISSING)
            if not path.is_file():
                raise FileUnavailable(Unavailable.NOT_A_FILE)
            size = path.stat().st_size
            if size > max_bytes:
                raise FileTooLarge(size)
            return path.open("rb")
        except OSError:
            raise FileUnavailable(Unavailable.UNREADABLE) from None

    @staticmethod
    def upload(text: str) -> Upload | None:
        """A path typed after /import (quotes allowed), or None when there is none."""
        ref = text.strip().strip("'\"")
        if not ref:
            return None
        path = Path(ref).expanduser()
        return Upload(str(path.resolve()), path.name)
