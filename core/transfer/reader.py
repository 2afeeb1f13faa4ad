"""Streaming import: every row of a file becomes a set, a reported skip or a reported problem."""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta, tzinfo
from decimal import Decimal
from typing import IO, Protocol

from core.catalogue import Catalogue
from core.model import SetRecord, Unit
from core.transfer.cells import CellError
from core.transfer.draft import Draft, join_notes
from core.transfer.exercises import ExerciseMapper, MappedName, custom_exercise_id
from core.transfer.header import Layout, detect
from core.transfer.hevy import HevyRows
from core.transfer.model import (
    MAX_IMPORT_BYTES,
    Dialect,
    ImportedSet,
    ImportedWorkout,
    ImportRejected,
    ImportReport,
    ProblemCode,
    RejectCode,
    RowOutcome,
    RowProblem,
    SkippedRow,
    SkipReason,
    SourceFormat,
    UnitSource,
)
from core.transfer.native import NativeRows
from core.transfer.report import ReportBuilder
from core.transfer.source import TextSource
from core.transfer.strong import StrongRows

# A date this far past `now` is a broken file, not a different time zone.
_FUTURE_SLACK = timedelta(days=1)
# Sets of one exercise held back for a Strong `Note` row that may follow them. Real blocks hold a
# few dozen sets; past this many the earlier ones go out (the last stays for a late note).
_MAX_BLOCK = 1000


class _Rows(Protocol):
    def read(self, row: list[str], line: int) -> Draft | SkippedRow: ...


_READERS: dict[SourceFormat, type[StrongRows] | type[HevyRows] | type[NativeRows]] = {
    SourceFormat.STRONG: StrongRows,
    SourceFormat.HEVY: HevyRows,
    SourceFormat.TOFAILURE: NativeRows,
}


class ImportReader:
    """One pass over one file. Iterate it for the outcomes, then ask for `report()`.

    Memory stays flat in the file size: rows are read one at a time and only the sets of the
    exercise being read are held (a Strong `Note` row comes after the sets it belongs to).
    Raises ImportRejected when the file as a whole can't be read, at open or mid-way. Rows with
    problems are reported and the rest still read, so one pass names every bad line; a file
    whose report is not `ok` must not be stored at all.
    """

    def __init__(
        self,
        stream: IO[bytes],
        *,
        zone: tzinfo,
        default_unit: Unit,
        catalogue: Catalogue,
        now: datetime | None = None,
        max_bytes: int = MAX_IMPORT_BYTES,
    ) -> None:
        self._source = TextSource(stream, max_bytes)
        self.layout: Layout = detect(self._source.header, self._source.header_line)
        self.dialect: Dialect = self.layout.dialect
        self._rows: _Rows = _READERS[self.dialect.format](self.layout, zone, default_unit)
        self._mapper = ExerciseMapper(catalogue)
        self._report = ReportBuilder(self.dialect)
        self._latest = now + _FUTURE_SLACK if now is not None else None
        self._workout_ref: object = None
        self._workout: ImportedWorkout | None = None
        self._position = 0
        self._outcomes = self._read()

    def __iter__(self) -> Iterator[RowOutcome]:
        return self._outcomes

    def sets(self) -> Iterator[ImportedSet]:
        """Only the sets (what a store loop wants once the report said the file is fine)."""
        return (o for o in self._outcomes if isinstance(o, ImportedSet))

    def report(self) -> ImportReport:
        """The report of the whole file; reads whatever has not been iterated yet."""
        for _ in self._outcomes:
            pass
        return self._report.build(self._mapper.suggestions)

    def _read(self) -> Iterator[RowOutcome]:
        text = self._source.text
        reader = csv.reader(text, delimiter=self.dialect.delimiter, strict=True)
        width = len(self.layout.names)
        before = self._source.header_line
        block: list[Draft] = []
        block_key: tuple[object, str] | None = None
        while True:
            line = before + reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error:
                raise ImportRejected(RejectCode.BROKEN_CSV, line=line) from None
            except UnicodeDecodeError:
                raise ImportRejected(RejectCode.NOT_TEXT, line=line) from None
            if not row or (len(row) == 1 and not row[0].strip()):
                continue  # a blank line is no row
            self._report.rows += 1
            outcome = self._draft(row, width, line)
            if isinstance(outcome, Draft):
                key = (outcome.workout_ref, outcome.name)
                if block and key != block_key:
                    yield from self._flush(block)
                    block = []
                elif len(block) >= _MAX_BLOCK:
                    yield from self._flush(block[:-1])
                    block = block[-1:]
                block.append(outcome)
                block_key = key
                continue
            if isinstance(outcome, SkippedRow):
                self._report.skip(outcome)
            else:
                self._report.problem(outcome)
            yield outcome
        yield from self._flush(block)

    def _draft(self, row: list[str], width: int, line: int) -> Draft | SkippedRow | RowProblem:
        if len(row) != width:
            if len(row) < width or any(cell.strip() for cell in row[width:]):
                return RowProblem(line, ProblemCode.FIELD_COUNT, "", str(len(row)), str(width))
            row = row[:width]  # trailing empty cells (a separator at the end of each line)
        try:
            draft = self._rows.read(row, line)
        except CellError as e:
            return RowProblem(line, e.code, self.layout.name_of(e.field), e.value, e.allowed)
        if isinstance(draft, SkippedRow):
            return draft
        if self._latest is not None and draft.started_at > self._latest:
            stamp = draft.started_at.strftime("%Y-%m-%d %H:%M")
            return RowProblem(line, ProblemCode.FUTURE_DATE, self.layout.name_of("date"), stamp)
        if draft.export_id is not None:
            if self._report.export_id is None:
                self._report.export_id = draft.export_id
            elif draft.export_id != self._report.export_id:
                return RowProblem(line, ProblemCode.OTHER_EXPORT, "export_id", draft.export_id)
        return draft

    def _flush(self, block: Sequence[Draft]) -> Iterator[RowOutcome]:
        if not block:
            return
        sets = [d for d in block if not d.is_note_row]
        exercise_note = join_notes(*(d.exercise_note for d in block))
        for d in block:
            if d.is_note_row:
                reason = SkipReason.EXERCISE_NOTE if sets else SkipReason.NOTE_WITHOUT_SETS
                skipped = SkippedRow(d.line, reason, d.name)
                self._report.skip(skipped)
                yield skipped
        for i, d in enumerate(sets):
            yield self._imported(d, exercise_note if i == 0 else None)

    def _imported(self, d: Draft, exercise_note: str | None) -> ImportedSet:
        workout_note = None
        if self._workout is None or d.workout_ref != self._workout_ref:
            self._report.workouts += 1
            number = self._report.workouts
            self._workout = ImportedWorkout(number, d.started_at, d.title)
            self._workout_ref = d.workout_ref
            self._position = 0
            workout_note = d.workout_note
        position = self._position
        self._position += 1
        mapped = (
            self._mapper.by_id(d.exercise_id) if d.exercise_id else self._mapper.by_name(d.name)
        )
        weight, bodyweight = _load(d, mapped)
        record = SetRecord(
            at=d.at or self._workout.started_at,
            exercise=mapped.exercise or custom_exercise_id(d.name),
            weight=weight,
            unit=d.unit,
            reps=d.reps,
            failure=d.failure,
            rpe=d.rpe,
            rir=d.rir,
            warmup=d.warmup,
            bodyweight=bodyweight,
            seconds=d.seconds,
            drop=d.drop,
            note=join_notes(d.note, exercise_note, workout_note, d.extra_note),
            seq=position,
        )
        self._report.add_set(d.name, mapped.exercise, record.at, d.unit)
        return ImportedSet(
            line=d.line,
            workout=self._workout,
            name=d.name,
            exercise=mapped.exercise,
            record=record,
            key=self._key(d, position),
            source_id=d.source_id,
        )

    def _key(self, d: Draft, position: int) -> str:
        fmt = self.dialect.format
        if fmt is SourceFormat.TOFAILURE and d.export_id and d.source_id is not None:
            parts: tuple[object, ...] = (fmt.value, d.export_id, d.source_id)
        else:
            # The file as written, not as placed: a later change of the user's zone or unit must
            # not make the same file import again.
            parts = (
                fmt.value,
                d.workout_stamp,
                d.title or "",
                position,
                d.name,
                d.marker,
                format(d.weight, "f"),
                "" if self.dialect.unit_source is UnitSource.ASSUMED else d.unit.value,
                d.reps,
                d.seconds,
            )
        joined = "\x1f".join("" if p is None else str(p) for p in parts)
        return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:32]


def _load(d: Draft, mapped: MappedName) -> tuple[Decimal, bool]:
    if d.bodyweight is not None:  # our export says it
        return d.weight, d.bodyweight
    # Apps log an assisted exercise's help as a positive load: it is negative here (R6).
    if mapped.assisted and d.weight > 0:
        return -d.weight, True
    return d.weight, mapped.bodyweight


def open_import(
    stream: IO[bytes],
    *,
    zone: tzinfo,
    default_unit: Unit,
    catalogue: Catalogue,
    now: datetime | None = None,
    max_bytes: int = MAX_IMPORT_BYTES,
) -> ImportReader:
    """Detect the file's format from its header and get ready to stream its rows.

    A preview is `open_import(...).report()`: one pass that keeps nothing but the counts.
    """
    return ImportReader(
        stream,
        zone=zone,
        default_unit=default_unit,
        catalogue=catalogue,
        now=now,
        max_bytes=max_bytes,
    )
