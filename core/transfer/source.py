"""Bytes in, text lines out: the size limit, binary and encoding checks, read as a stream."""

from __future__ import annotations

import codecs
import io
from typing import IO

from core.transfer.model import ImportRejected, RejectCode

_SNIFF_BYTES = 64 * 1024
_MAX_BLANK_LEADING_LINES = 20

# What people send instead of a CSV, by the bytes files of that kind start with.
_MAGIC = (
    (b"PK\x03\x04", "zip"),  # also .xlsx, .numbers, .ods
    (b"\xd0\xcf\x11\xe0", "xls"),
    (b"%PDF", "pdf"),
    (b"\x89PNG", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"GIF8", "image"),
    (b"RIFF", "image"),
    (b"SQLite format 3", "sqlite"),
    (b"{\\rtf", "rtf"),
)


class _LimitedSource(io.RawIOBase):
    """The sniffed head, then the rest of the stream; refuses to read past `limit` bytes."""

    def __init__(self, head: bytes, rest: IO[bytes], limit: int) -> None:
        super().__init__()
        self._head = memoryview(head)
        self._rest = rest
        self._limit = limit
        self._total = len(head)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(buffer))
        n = len(data)
        self._total += n
        if self._total > self._limit:
            raise ImportRejected(RejectCode.TOO_LARGE, detail=str(self._limit))
        buffer[:n] = data
        return n


def _binary_kind(head: bytes) -> str | None:
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if b"\x00" in head:
        return "binary"
    controls = sum(1 for b in head[:4096] if b < 32 and b not in (9, 10, 12, 13))
    return "binary" if controls > len(head[:4096]) // 20 else None


def _encoding(head: bytes, complete: bool) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"  # Excel's "Unicode text"; the BOM says which byte order
    kind = _binary_kind(head)
    if kind is not None:
        raise ImportRejected(RejectCode.BINARY, detail=kind)
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=complete)
    except UnicodeDecodeError:
        # Not UTF-8 at the start: a CSV re-saved by Excel on Windows is in the ANSI code page.
        return "cp1252"
    return "utf-8"


class TextSource:
    """The decoded text of an import file, positioned after its header line."""

    def __init__(self, stream: IO[bytes], max_bytes: int) -> None:
        head = stream.read(_SNIFF_BYTES)
        if len(head) > max_bytes:
            raise ImportRejected(RejectCode.TOO_LARGE, detail=str(max_bytes))
        if not head.strip():
            raise ImportRejected(RejectCode.EMPTY)
        self.encoding = _encoding(head, complete=len(head) < _SNIFF_BYTES)
        raw = _LimitedSource(head, stream, max_bytes)
        self.text = io.TextIOWrapper(
            io.BufferedReader(raw, buffer_size=_SNIFF_BYTES),
            encoding=self.encoding,
            errors="strict",
            newline="",
        )
        self.header_line = 0
        self.header = ""
        for _ in range(_MAX_BLANK_LEADING_LINES):
            line = self.read_line()
            self.header_line += 1
            if line.strip():
                self.header = line.rstrip("\r\n").lstrip("\ufeff")
                return
            if not line:
                break
        raise ImportRejected(RejectCode.EMPTY)

    def read_line(self) -> str:
        try:
            return self.text.readline()
        except UnicodeDecodeError:
            raise ImportRejected(RejectCode.NOT_TEXT, line=self.header_line + 1) from None
