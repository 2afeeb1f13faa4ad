"""Our CSV export: one row per set, local date and time with the offset, streamed line by line.

UTF-8 with a byte-order mark: Excel opens a CSV without one in the ANSI code page and garbles
every non-ASCII name and note (Cyrillic aliases, emoji); LibreOffice, Numbers, Google Sheets and
our own import read the mark and drop it. Comma-separated with CRLF line ends (RFC 4180).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta, tzinfo
from decimal import Decimal
from typing import IO

from core.catalogue import Catalogue
from core.transfer.header import NATIVE_COLUMNS
from core.transfer.model import ExportSet
from core.transfer.native import YES, protect

BOM = "\ufeff"


class _Line:
    """A one-line buffer for csv.writer, so each row can be handed on as soon as it is written."""

    __slots__ = ("text",)

    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> int:
        self.text += text
        return len(text)

    def take(self) -> str:
        text, self.text = self.text, ""
        return text


def _number(value: Decimal | None) -> str:
    if value is None:
        return ""
    if value == 0:
        return "0"
    return format(value, "f")


def _offset(moment: datetime) -> str:
    delta = moment.utcoffset() or timedelta(0)
    sign = "-" if delta < timedelta(0) else "+"
    seconds = int(abs(delta).total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    tail = f":{seconds:02d}" if seconds else ""
    # `UTC+01:00`, not `+01:00`: spreadsheets read a bare offset as a time and drop the sign.
    return f"UTC{sign}{hours:02d}:{minutes:02d}{tail}"


def _flag(value: bool) -> str:
    return YES if value else ""


def export_lines(
    sets: Iterable[ExportSet],
    *,
    zone: tzinfo,
    catalogue: Catalogue,
    export_id: str | None = None,
) -> Iterator[str]:
    """The export as text lines (the first carries the BOM), in the order the sets come.

    `sets` in canonical order; a new `workout` value starts the next workout number.
    `export_id` marks whose log this is, so an import can refuse someone else's file.
    """
    line = _Line()
    writer = csv.writer(line, lineterminator="\r\n")
    writer.writerow(NATIVE_COLUMNS)
    yield BOM + line.take()
    number = 0
    last: int | None = None
    for item in sets:
        if number == 0 or item.workout != last:
            number += 1
            last = item.workout
        r = item.record
        local = r.at.astimezone(zone)
        writer.writerow(
            (
                local.date().isoformat(),
                local.time().isoformat(),
                _offset(local),
                number,
                protect(item.title or ""),
                protect(item.exercise_name or catalogue.name_of(r.exercise)),
                r.exercise,
                _number(r.weight),
                r.unit.value,
                _flag(r.bodyweight),
                "" if r.reps is None else r.reps,
                "" if r.seconds is None else r.seconds,
                r.failure.value if r.failure else "",
                _number(r.rpe),
                _number(r.rir),
                _flag(r.warmup),
                _flag(r.drop),
                protect(r.note or ""),
                "" if r.id is None else r.id,
                export_id or "",
            )
        )
        yield line.take()


def write_export(
    sets: Iterable[ExportSet],
    out: IO[bytes],
    *,
    zone: tzinfo,
    catalogue: Catalogue,
    export_id: str | None = None,
) -> int:
    """Write the export to a binary stream (a file, a Telegram upload buffer); returns the sets."""
    written = -1
    for text in export_lines(sets, zone=zone, catalogue=catalogue, export_id=export_id):
        out.write(text.encode("utf-8"))
        written += 1
    return written
