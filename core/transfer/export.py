"""Our CSV export: one row per set, local date and time with the offset, streamed line by line.

UTF-8 with a byte-order mark: Excel opens a CSV without one in the ANSI code page and garbles
every non-ASCII name and note (Cyrillic aliases, emoji); LibreOffice, Numbers, Google Sheets and
our own import read the mark and drop it. Comma-separated with CRLF line ends (RFC 4180).
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta, tzinfo
from decimal import Decimal
from typing import IO

from core.catalogue import Catalogue
from core.model import BodyweightEntry
from core.transfer.header import BODYWEIGHT_COLUMNS, NATIVE_COLUMNS
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
    # Stored loads carry the column's scale (80.000): a spreadsheet shows what was typed.
    return format(value.normalize(), "f")


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


class ExportWriter:
    """Our export written piece by piece, for sets that arrive in batches (a database stream).

    `header()` once, then `lines(batch)` for each batch in canonical order; workout numbers
    carry on across batches. `export_id` marks whose log this is, so an import can refuse
    someone else's file.
    """

    __slots__ = ("_catalogue", "_export_id", "_last", "_line", "_number", "_writer", "_zone")

    def __init__(self, *, zone: tzinfo, catalogue: Catalogue, export_id: str | None = None):
        self._zone = zone
        self._catalogue = catalogue
        self._export_id = export_id or ""
        self._line = _Line()
        self._writer = csv.writer(self._line, lineterminator="\r\n")
        self._number = 0
        self._last: int | None = None

    @property
    def workouts(self) -> int:
        """Workouts written so far."""
        return self._number

    def header(self) -> str:
        """The header line, with the byte-order mark."""
        self._writer.writerow(NATIVE_COLUMNS)
        return BOM + self._line.take()

    def lines(self, sets: Iterable[ExportSet]) -> Iterator[str]:
        writer, line, zone = self._writer, self._line, self._zone
        for item in sets:
            if self._number == 0 or item.workout != self._last:
                self._number += 1
                self._last = item.workout
            r = item.record
            local = r.at.astimezone(zone)
            writer.writerow(
                (
                    local.date().isoformat(),
                    local.time().isoformat(),
                    _offset(local),
                    self._number,
                    protect(item.title or ""),
                    protect(item.exercise_name or self._catalogue.name_of(r.exercise)),
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
                    self._export_id,
                )
            )
            yield line.take()


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
    writer = ExportWriter(zone=zone, catalogue=catalogue, export_id=export_id)
    yield writer.header()
    yield from writer.lines(sets)


def bodyweight_lines(entries: Iterable[BodyweightEntry], *, zone: tzinfo) -> Iterator[str]:
    """The weigh-ins as their own CSV (each day's, oldest first), the same dialect as the log:
    a set row has no place for them, and a file of sets must import as sets."""
    line = _Line()
    writer = csv.writer(line, lineterminator="\r\n")
    writer.writerow(BODYWEIGHT_COLUMNS)
    yield BOM + line.take()
    for entry in entries:
        local = entry.at.astimezone(zone)
        writer.writerow(
            (
                entry.day.isoformat(),
                local.time().isoformat(),
                _offset(local),
                _number(entry.weight),
                entry.unit.value,
                protect(entry.note or ""),
            )
        )
        yield line.take()


def export_id_for(user_id: int) -> str:
    """The owner mark of a user's exports: the same for the same Telegram account, before and
    after /forget, so the account can bring its own file back and no other account can."""
    digest = hashlib.sha256(f"tofailure-export:{user_id}".encode()).hexdigest()
    return f"tf{digest[:16]}"


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
