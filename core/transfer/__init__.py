"""CSV export and import: our own export, Strong and Hevy, read and written as streams.

Storage and the service call only what is listed here; the modules behind it are private.
"""

from core.transfer.exercises import app_title_exercise, custom_exercise_id
from core.transfer.export import export_lines, write_export
from core.transfer.model import (
    MAX_IMPORT_BYTES,
    Dialect,
    ExerciseMatch,
    ExportSet,
    ImportedSet,
    ImportedWorkout,
    ImportRejected,
    ImportReport,
    ProblemCode,
    RejectCode,
    RowOutcome,
    RowProblem,
    SkipGroup,
    SkippedRow,
    SkipReason,
    SourceFormat,
    UnitSource,
)
from core.transfer.reader import ImportReader, open_import, read_report

__all__ = [
    "MAX_IMPORT_BYTES",
    "Dialect",
    "ExerciseMatch",
    "ExportSet",
    "ImportReader",
    "ImportRejected",
    "ImportReport",
    "ImportedSet",
    "ImportedWorkout",
    "ProblemCode",
    "RejectCode",
    "RowOutcome",
    "RowProblem",
    "SkipGroup",
    "SkipReason",
    "SkippedRow",
    "SourceFormat",
    "UnitSource",
    "app_title_exercise",
    "custom_exercise_id",
    "export_lines",
    "open_import",
    "read_report",
    "write_export",
]
