"""CSV export and import: our own export, Strong and Hevy, read and written as streams.

Storage and the service call only what is listed here; the modules behind it are private.

Import, preview then confirm (each pass re-reads the file; memory stays flat):
    report = open_import(f, zone=..., default_unit=..., catalogue=..., now=...).report()
    # ImportRejected -> wording.transfer.rejected(e); not report.ok -> wording.transfer.problems
    # otherwise wording.transfer.summary(report, catalogue.name_of) and a confirm button
    for s in open_import(f2, ...).sets():  # in one transaction, keys unique per user
        store s.record (exercise None: the user's choice, custom id or skip) under s.key
Export: write_export(ExportSet(record, workout_id, title) for ... in canonical order, out,
zone=..., catalogue=..., export_id=...).
"""

from core.transfer.exercises import app_title_exercise, custom_exercise_id
from core.transfer.export import (
    ExportWriter,
    bodyweight_lines,
    export_id_for,
    export_lines,
    write_export,
)
from core.transfer.model import (
    MAX_IMPORT_BYTES,
    Dialect,
    ExerciseMatch,
    ExportSet,
    ImportedSet,
    ImportedWorkout,
    ImportJob,
    ImportRejected,
    ImportReport,
    ImportStatus,
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
from core.transfer.reader import ImportReader, open_import

__all__ = [
    "MAX_IMPORT_BYTES",
    "Dialect",
    "ExerciseMatch",
    "ExportSet",
    "ExportWriter",
    "ImportJob",
    "ImportReader",
    "ImportRejected",
    "ImportReport",
    "ImportStatus",
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
    "bodyweight_lines",
    "custom_exercise_id",
    "export_id_for",
    "export_lines",
    "open_import",
    "write_export",
]
