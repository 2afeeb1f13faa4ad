"""What an import yields and reports, what an export takes: frozen values, limits, problem codes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from core.model import SetRecord, Unit

# Telegram lets a bot download files up to 20 MB (Bot API getFile), so a bigger file could never
# reach us through the chat; the operator CLI keeps the same limit so both answer alike.
MAX_IMPORT_BYTES = 20 * 1024 * 1024
# A cell longer than this is a broken file, not a note (Telegram messages stop at 4096).
MAX_CELL_CHARS = 10_000
# Kept in a report: the first problems and, per skip reason, the first line numbers.
MAX_PROBLEMS = 20
MAX_SKIP_LINES = 10
# Unmatched names that get suggestions, the most used first (a suggestion costs up to ~0.1 s
# for a long odd name; a reply lists a dozen).
MAX_SUGGESTED = 20


class SourceFormat(StrEnum):
    TOFAILURE = "tofailure"
    STRONG = "strong"
    HEVY = "hevy"


class UnitSource(StrEnum):
    HEADER = "header"  # `Weight (kg)`, `weight_lbs`: one unit for the file
    COLUMN = "column"  # a unit column on every row (Strong `Weight Unit`, our `unit`)
    ASSUMED = "assumed"  # the file does not say: the caller's default (the user's setting)


@dataclass(frozen=True, slots=True)
class Dialect:
    """What the header said: the app, its separator, and where the weight unit comes from."""

    format: SourceFormat
    delimiter: str
    unit_source: UnitSource
    unit: Unit | None  # None when each row carries its own unit
    language: str = "en"


@dataclass(frozen=True, slots=True)
class ImportedWorkout:
    """The workout a set came in: its start in the user's zone and its title in the file."""

    number: int  # 1-based order of the workout in the file
    started_at: datetime
    title: str | None


@dataclass(frozen=True, slots=True)
class ImportedSet:
    """One row that became a set.

    `record.at` is the workout start for Strong and Hevy (they keep no time per set) and the
    set's own time for our export; `record.seq` is the set's position in its workout.
    `record.exercise` is the catalogue id, or for an unmatched name `custom_exercise_id(name)`.
    `key` is stable across imports of the same file: storing it unique makes a repeat add nothing.
    """

    line: int
    workout: ImportedWorkout
    name: str  # the exercise as written in the file
    exercise: str | None  # catalogue (or, in our export, the user's custom) id; None unmatched
    record: SetRecord
    key: str
    source_id: int | None = None  # the set id in our export (None for other apps)


class SkipReason(StrEnum):
    CARDIO = "cardio"  # distance without load: running, rowing, cycling
    REST_TIMER = "rest_timer"  # Strong `Rest Timer` rows
    EXERCISE_NOTE = "exercise_note"  # Strong `Note` rows: their text goes on the exercise's sets
    NOTE_WITHOUT_SETS = "note_without_sets"  # such a note with no set to carry it
    EMPTY_SET = "empty_set"  # neither reps nor time (e.g. a missed attempt logged as 0 reps)
    WARM_UP_ACTIVITY = "warm_up_activity"  # a general `Warm Up` entry, not an exercise


@dataclass(frozen=True, slots=True)
class SkippedRow:
    line: int
    reason: SkipReason
    name: str  # the exercise as written (may be empty)


class ProblemCode(StrEnum):
    FIELD_COUNT = "field_count"
    BAD_DATE = "bad_date"
    FUTURE_DATE = "future_date"
    BAD_NUMBER = "bad_number"
    NOT_WHOLE = "not_whole"
    OUT_OF_RANGE = "out_of_range"
    BAD_STEP = "bad_step"
    BAD_SET_TYPE = "bad_set_type"
    BAD_UNIT = "bad_unit"
    BAD_FAILURE = "bad_failure"
    BAD_FLAG = "bad_flag"
    BAD_ID = "bad_id"
    NO_EXERCISE = "no_exercise"
    TOO_LONG = "too_long"
    OTHER_EXPORT = "other_export"


@dataclass(frozen=True, slots=True)
class RowProblem:
    """A row that cannot be read: its line, the column as headed in the file, the cell text."""

    line: int
    code: ProblemCode
    column: str = ""
    value: str = ""
    allowed: str = ""  # the accepted range or forms, e.g. `0–1000 kg`, `W, F, D or a number`


RowOutcome = ImportedSet | SkippedRow | RowProblem


class RejectCode(StrEnum):
    EMPTY = "empty"
    TOO_LARGE = "too_large"
    BINARY = "binary"
    NOT_TEXT = "not_text"
    UNKNOWN_HEADER = "unknown_header"
    WEIGH_INS = "weigh_ins"  # our export's weigh-ins file: import reads logs of sets
    BROKEN_CSV = "broken_csv"


class ImportRejected(Exception):
    """The file as a whole cannot be read; nothing from it may be stored.

    `detail` is data for the wording: the kind of binary file, the header seen, or the format it
    resembles with its missing columns (`missing`).
    """

    def __init__(
        self,
        code: RejectCode,
        *,
        line: int | None = None,
        detail: str = "",
        resembles: SourceFormat | None = None,
        missing: tuple[str, ...] = (),
    ) -> None:
        super().__init__(code.value, line, detail)
        self.code = code
        self.line = line
        self.detail = detail
        self.resembles = resembles
        self.missing = missing


@dataclass(frozen=True, slots=True)
class ExerciseMatch:
    """A name as written in the file, the exercise it maps to, and how many sets it holds."""

    name: str
    exercise: str | None
    sets: int
    suggestions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SkipGroup:
    reason: SkipReason
    count: int
    lines: tuple[int, ...]  # the first MAX_SKIP_LINES


@dataclass(frozen=True, slots=True)
class ImportReport:
    """Everything a preview or a result reply says about one file.

    rows == sets + skipped rows + rows with problems; an import with problems stores nothing.
    """

    dialect: Dialect
    rows: int
    sets: int
    workouts: int
    first: datetime | None
    last: datetime | None
    matched: tuple[ExerciseMatch, ...]
    unmatched: tuple[ExerciseMatch, ...]
    skipped: tuple[SkipGroup, ...]
    problems: tuple[RowProblem, ...]  # the first MAX_PROBLEMS
    problem_rows: int
    export_id: str | None = None  # our export's owner marker, for the service to compare
    units: tuple[Unit, ...] = ()  # the units of the sets read, as the file gave them

    @property
    def ok(self) -> bool:
        return self.problem_rows == 0

    @property
    def skipped_rows(self) -> int:
        return sum(g.count for g in self.skipped)


@dataclass(frozen=True, slots=True)
class ExportSet:
    """One stored set to export: `workout` is any id that changes when the workout changes."""

    record: SetRecord
    workout: int
    title: str | None = None
    exercise_name: str | None = None  # a custom exercise's own name; else the catalogue's


class ImportStatus(StrEnum):
    PREVIEWED = "previewed"  # the user saw the preview; the buttons wait
    DONE = "done"
    CANCELLED = "cancelled"
    UNDONE = "undone"  # imported, then taken out again


@dataclass(frozen=True, slots=True)
class ImportJob:
    """A file a user sent to import, as stored between the preview and the button press.

    The file is not kept: `file_ref` is fetched again and must hash to `sha256`.
    """

    id: int
    user_id: int
    created_at: datetime
    source: str  # where file_ref points: a Telegram file id, or a local path
    file_ref: str
    file_name: str
    size: int
    sha256: str
    format: SourceFormat
    sets: int
    status: ImportStatus
    added: int | None = None
    already: int | None = None
