"""Counting an import as it streams by: sets, workouts, dates, names, skips and problems."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from core.model import Unit
from core.transfer.model import (
    MAX_PROBLEMS,
    MAX_SKIP_LINES,
    MAX_SUGGESTED,
    Dialect,
    ExerciseMatch,
    ImportReport,
    RowProblem,
    SkipGroup,
    SkippedRow,
    SkipReason,
)


class _Seen:
    __slots__ = ("exercise", "sets")

    def __init__(self, exercise: str | None) -> None:
        self.exercise = exercise
        self.sets = 0


class ReportBuilder:
    """Memory grows with distinct names and reasons only, never with the number of rows."""

    __slots__ = (
        "_dialect",
        "_names",
        "_problems",
        "_skips",
        "export_id",
        "first",
        "last",
        "problem_rows",
        "rows",
        "sets",
        "units",
        "workouts",
    )

    def __init__(self, dialect: Dialect) -> None:
        self._dialect = dialect
        self.rows = 0
        self.sets = 0
        self.workouts = 0
        self.first: datetime | None = None
        self.last: datetime | None = None
        self._names: dict[str, _Seen] = {}
        self._skips: dict[SkipReason, tuple[int, list[int]]] = {}
        self._problems: list[RowProblem] = []
        self.problem_rows = 0
        self.export_id: str | None = None
        self.units: set[Unit] = set()

    def add_set(self, name: str, exercise: str | None, at: datetime, unit: Unit) -> None:
        self.sets += 1
        self.units.add(unit)
        if self.first is None or at < self.first:
            self.first = at
        if self.last is None or at > self.last:
            self.last = at
        seen = self._names.get(name)
        if seen is None:
            seen = self._names[name] = _Seen(exercise)
        seen.sets += 1

    def skip(self, row: SkippedRow) -> None:
        count, lines = self._skips.get(row.reason, (0, []))
        if len(lines) < MAX_SKIP_LINES:
            lines.append(row.line)
        self._skips[row.reason] = (count + 1, lines)

    def problem(self, problem: RowProblem) -> None:
        self.problem_rows += 1
        if len(self._problems) < MAX_PROBLEMS:
            self._problems.append(problem)

    def build(self, suggest: Callable[[str], tuple[str, ...]]) -> ImportReport:
        matched: list[ExerciseMatch] = []
        unmatched: list[ExerciseMatch] = []
        for name, seen in self._names.items():
            target = unmatched if seen.exercise is None else matched
            target.append(ExerciseMatch(name, seen.exercise, seen.sets))
        unmatched.sort(key=_by_size)
        for i, match in enumerate(unmatched[:MAX_SUGGESTED]):
            unmatched[i] = replace(match, suggestions=suggest(match.name))
        return ImportReport(
            dialect=self._dialect,
            rows=self.rows,
            sets=self.sets,
            workouts=self.workouts,
            first=self.first,
            last=self.last,
            matched=tuple(sorted(matched, key=_by_size)),
            unmatched=tuple(unmatched),
            skipped=tuple(
                SkipGroup(reason, count, tuple(lines))
                for reason, (count, lines) in sorted(self._skips.items())
            ),
            problems=tuple(self._problems),
            problem_rows=self.problem_rows,
            export_id=self.export_id,
            units=tuple(sorted(self.units)),
        )


def _by_size(match: ExerciseMatch) -> tuple[int, str]:
    return (-match.sets, match.name.casefold())
