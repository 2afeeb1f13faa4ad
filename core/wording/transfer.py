"""Import and export sentences: why a file or a line can't be read, what an import found."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal

from core.transfer.model import (
    MAX_IMPORT_BYTES,
    ImportRejected,
    ImportReport,
    ProblemCode,
    RejectCode,
    RowProblem,
    SkipReason,
    SourceFormat,
    UnitSource,
)
from core.wording.numbers import count

APPS = {
    SourceFormat.TOFAILURE: "ToFailure",
    SourceFormat.STRONG: "Strong",
    SourceFormat.HEVY: "Hevy",
}
WHAT_WORKS = (
    "I can import the CSV export of Strong (Date, Workout Name, Exercise Name, Set Order, "
    "Weight, Reps …), of Hevy (title, start_time, exercise_title, set_index, set_type, "
    "weight_kg, reps …) and my own /export (date, time, exercise, weight, unit, reps …)."
)
_BINARY = {
    "zip": "a zip file or a spreadsheet workbook (.xlsx, .numbers, .ods)",
    "xls": "an Excel workbook (.xls)",
    "pdf": "a PDF",
    "image": "a picture",
    "sqlite": "a database file",
    "rtf": "a rich-text document",
}
_SKIPS = {
    SkipReason.CARDIO: "cardio (distances aren't tracked here)",
    SkipReason.REST_TIMER: "rest timers",
    SkipReason.EXERCISE_NOTE: "exercise notes (added to the notes of their sets)",
    SkipReason.NOTE_WITHOUT_SETS: "exercise notes with no set to keep them on",
    SkipReason.EMPTY_SET: "sets with no reps and no time",
    SkipReason.WARM_UP_ACTIVITY: "general warm-ups (not an exercise)",
}
_LISTED = 12  # names listed in a reply before "and N more"


def _q(text: str) -> str:
    return f"\u201c{text}\u201d"


def _size(limit: int) -> str:
    mb = limit / (1024 * 1024)
    if mb >= 1:
        return f"{mb:.0f} MB" if mb == int(mb) else f"{mb:.1f} MB"
    return f"{limit / 1024:.0f} KB"


def rejected(error: ImportRejected) -> str:
    """Why a whole file was refused; nothing from it was stored."""
    code = error.code
    if code is RejectCode.EMPTY:
        return "That file is empty. Send the CSV file your app exported. " + WHAT_WORKS
    if code is RejectCode.TOO_LARGE:
        return (
            f"That file is over {_size(int(error.detail or MAX_IMPORT_BYTES))}, the most I can "
            "read. Export a shorter period, "
            "or split the file (keep the header line on each part) and send the parts one by one."
        )
    if code is RejectCode.BINARY:
        kind = _BINARY.get(error.detail, "not a text file")
        return (
            f"That file is {kind}, not a CSV. Send the CSV file exactly as Strong or Hevy "
            "exported it, or save your spreadsheet as \u201cCSV UTF-8\u201d first."
        )
    if code is RejectCode.NOT_TEXT:
        return (
            f"Around line {error.line} the file stops being readable text. Save it as "
            "\u201cCSV UTF-8\u201d and send it again."
        )
    if code is RejectCode.BROKEN_CSV:
        return (
            f"Line {error.line} has a broken quote: a field opens a \" and doesn't close it "
            "where it should, so I can't tell where the row ends. Fix that line or export the "
            "file again, then send it once more. Nothing was imported."
        )
    if code is RejectCode.WEIGH_INS:
        return (
            "That is the weigh-ins file of my /export. I import logs of sets, not weigh-ins "
            "yet: nothing was imported, and your weigh-ins stay safe in that file. To bring "
            "your sets back, send the other file of the export, tofailure-YYYY-MM-DD.csv."
        )
    if error.resembles is not None:
        missing = ", ".join(_q(m) for m in error.missing)
        column = "column" if len(error.missing) == 1 else "columns"
        return (
            f"This looks like a {APPS[error.resembles]} export, but it has no {missing} {column}. "
            "Send the file exactly as the app exported it."
        )
    seen = error.detail if len(error.detail) <= 80 else error.detail[:80] + "…"
    return f"I don't recognise this file (its first line is {_q(seen)}). {WHAT_WORKS}"


def problem(p: RowProblem) -> str:
    """One unreadable line, e.g. `Line 12: Reps “8.5” isn't a whole number.`"""
    column, value, allowed = p.column, _q(p.value), p.allowed
    match p.code:
        case ProblemCode.FIELD_COUNT:
            fields = count(int(p.value), "field") if p.value.isdigit() else f"{p.value} fields"
            text = f"{fields} where the header has {allowed}"
        case ProblemCode.BAD_DATE:
            text = f"{column} {value} isn't a date I can read; write it like {allowed}"
        case ProblemCode.FUTURE_DATE:
            text = f"{column} {value} is in the future"
        case ProblemCode.BAD_NUMBER:
            text = f"{column} {value} isn't a number"
        case ProblemCode.NOT_WHOLE:
            text = f"{column} {value} isn't a whole number"
        case ProblemCode.OUT_OF_RANGE:
            text = f"{column} {value} is out of range ({allowed})"
        case ProblemCode.BAD_STEP:
            text = f"{column} {value} should go in {allowed}"
        case ProblemCode.BAD_SET_TYPE:
            text = f"{column} {value} isn't a set type I know ({allowed})"
        case ProblemCode.BAD_UNIT:
            text = f"{column} {value} should be kg or lb"
        case ProblemCode.BAD_FAILURE:
            text = f"{column} {value} should be {allowed}, or empty"
        case ProblemCode.BAD_FLAG:
            text = f"{column} {value} should be yes or empty"
        case ProblemCode.BAD_ID:
            text = f"{column} {value} isn't an id I can use ({allowed})"
        case ProblemCode.NO_EXERCISE:
            text = f"the exercise name ({column}) is empty"
        case ProblemCode.TOO_LONG:
            text = f"{column} is longer than {allowed}"
        case ProblemCode.OTHER_EXPORT:
            text = "this row comes from another export than the rows above it"
    return f"Line {p.line}: {text}."


def problems(report: ImportReport) -> str:
    """The refusal of a file with unreadable rows, listing the first lines."""
    rows = report.problem_rows
    lines = [
        f"I can't import this file: {count(rows, 'row')} can't be read, so nothing was imported."
    ]
    lines += [f"• {problem(p)}" for p in report.problems]
    if rows > len(report.problems):
        lines.append(f"… and {rows - len(report.problems)} more.")
    lines.append("Fix these lines (or export the file again) and send it once more.")
    return "\n".join(lines)


def skip_reason(reason: SkipReason) -> str:
    return _SKIPS[reason]


def distance_note(value: Decimal, unit: str) -> str:
    """A loaded carry's distance, kept in the set's note."""
    shown = format(value.normalize(), "f")
    return f"{shown} {unit}".strip()


def time_note(seconds: int) -> str:
    """The time an app logged for a rep set, kept in its note."""
    minutes, rest = divmod(seconds, 60)
    return f"{minutes} min {rest} s" if minutes else f"{rest} s"


def _day(moment: datetime) -> str:
    return f"{moment.day} {moment:%b %Y}"


def _more(items: list[str]) -> str:
    if len(items) <= _LISTED:
        return ", ".join(items)
    return ", ".join(items[:_LISTED]) + f" and {len(items) - _LISTED} more"


def summary(report: ImportReport, name_of: Callable[[str], str]) -> str:
    """What a file holds: sets, workouts, dates, names matched and not, rows skipped."""
    dialect = report.dialect
    unit = ""
    if dialect.unit_source is UnitSource.ASSUMED and report.units:
        unit = f", no unit in the file so weights are read as {report.units[0]}"
    elif report.units:
        unit = ", weights in " + " and ".join(report.units)
    sets = count(report.sets, "set")
    workouts = count(report.workouts, "workout")
    lines = [f"{APPS[dialect.format]} export{unit}: {sets} in {workouts}"]
    if report.first is not None and report.last is not None:
        lines[0] += f", {_day(report.first)} – {_day(report.last)}"
    lines[0] += "."
    if report.matched:
        pairs = [
            m.name if m.exercise is None else f"{m.name} → {name_of(m.exercise)}"
            for m in report.matched
        ]
        lines.append(f"Exercises: {_more(pairs)}.")
    if report.unmatched:
        lines.append("Not in my catalogue:")
        for m in report.unmatched[:_LISTED]:
            hint = ", ".join(name_of(s) for s in m.suggestions)
            close = f" — closest: {hint}" if hint else ""
            lines.append(f"• {m.name} ({count(m.sets, 'set')}){close}")
        if len(report.unmatched) > _LISTED:
            lines.append(f"… and {len(report.unmatched) - _LISTED} more.")
    for group in report.skipped:
        shown = ", ".join(str(n) for n in group.lines)
        more = "…" if group.count > len(group.lines) else ""
        where = "line" if group.count == 1 else "lines"
        lines.append(
            f"Skipped {count(group.count, 'row')}: {skip_reason(group.reason)} "
            f"({where} {shown}{more})."
        )
    return "\n".join(lines)


# ---------------------------------------------------------------------------- the chat's side

SEND_FILE = (
    "Send me the CSV file as a document (📎 → File): a Strong or Hevy export, or a file from "
    "my /export. I'll show you what's in it before anything is imported."
)
PATH_USAGE = "Import a file: /import PATH, e.g. /import ~/Downloads/strong_workouts.csv"
NOTHING_TO_EXPORT = "Nothing to export yet: log a set first, e.g. bench 80x8 F"
CANCELLED = "Cancelled: nothing was imported."
CLOSED = "That import was cancelled or taken out again. Send the file once more to import it."
CHANGED = (
    "That file changed since I showed you what's in it, so I imported nothing. Send it again "
    "and I'll show the new preview."
)
SOMEONE_ELSES = (
    "This is the ToFailure export of another account, so I can't import it into yours: I "
    "import your own /export, and Strong or Hevy files. Nothing was imported."
)
WORKING = "Working on it…"
CANCEL_LABEL = "Cancel"
UNDO_LABEL = "↩️ Undo import"
CUSTOM_LABEL = "➕ Import, unknown names as my exercises"


def _span(first: datetime, last: datetime) -> str:
    return _day(first) if first.date() == last.date() else f"{_day(first)} – {_day(last)}"


def import_label(sets: int) -> str:
    return f"✅ Import {count(sets, 'set')}"


_UNAVAILABLE = {
    "missing": f"There's no file at that path. {PATH_USAGE}",
    "not_a_file": f"That path is a folder, not a file. {PATH_USAGE}",
    "unreadable": f"I can't read that file (no permission?). {PATH_USAGE}",
    "telegram": "I couldn't fetch that file from Telegram. Please send it again.",
    "elsewhere": "I can't reach that file from here. Please send it again.",
}


def file_unavailable(reason: str) -> str:
    return _UNAVAILABLE.get(reason, _UNAVAILABLE["elsewhere"])


def preview_tail(new: int, known: int, already: int, unmatched_names: int) -> str:
    """What the buttons will do, under the summary of the file (`known`: the new sets under
    names the user's catalogue has, what the plain import button takes)."""
    if new == 0:
        return "Every set of this file is in your log already: nothing to import."
    lines = []
    if already:
        lines.append(
            f"{count(already, 'set is', 'sets are')} in your log already and will be skipped."
        )
    unmatched = new - known
    if unmatched:
        names = count(unmatched_names, "name")
        lines.append(
            f"{count(unmatched, 'set')} under {names} I don't know: import them as exercises "
            "of your own, or leave them out."
        )
        if known:
            lines.append(f"Import {count(known, 'new set')}, or all {new} with those?")
        else:
            lines.append(f"Import {count(new, 'new set')} with those names as your own?")
        return "\n".join(lines)
    lines.append(f"Import {count(new, 'new set')}?")
    return "\n".join(lines)


def no_sets(report: ImportReport) -> str:
    return (
        "There are no sets in this file to import.\n"
        + "\n".join(summary(report, str).splitlines()[1:])
    ).strip()


def imported(
    added: int,
    workouts: int,
    first: datetime | None,
    last: datetime | None,
    *,
    already: int,
    left_out: int,
    own_made: list[str],
) -> str:
    if not added:
        lines = ["Nothing new imported."]
    else:
        lines = [f"Imported {count(added, 'set')} in {count(workouts, 'workout')}"]
        if first is not None and last is not None:
            lines[0] += f", {_span(first, last)}"
        lines[0] += "."
    if already:
        lines.append(f"{count(already, 'set was', 'sets were')} in your log already.")
    if left_out:
        lines.append(f"Left out {count(left_out, 'set')} of exercises I don't know.")
    if own_made:
        lines.append(f"New exercises of your own: {_more(own_made)} (/exercise lists them).")
    if added:
        lines.append("They count in your stats, warnings and weekly summaries like typed sets.")
    return "\n".join(lines)


def already_imported(added: int | None) -> str:
    return f"This file is imported already ({count(added or 0, 'set')} added)."


def import_undone(removed: int) -> str:
    return f"Took that import out again: {count(removed, 'set')} removed."


def exported(sets: int, workouts: int, first: datetime, last: datetime) -> str:
    return (
        f"Your whole log: {count(sets, 'set')} in {count(workouts, 'workout')}, "
        f"{_span(first, last)}. It opens in any spreadsheet, and you can send the file "
        "back to me to import it (e.g. after /forget)."
    )


def exported_bodyweight(days: int, first: date, last: date) -> str:
    """The weigh-ins' file: a day each (the last weigh-in of the day)."""
    at = [datetime.combine(d, datetime.min.time()) for d in (first, last)]
    span = _day(at[0]) if first == last else f"{_day(at[0])} – {_day(at[1])}"
    return (
        f"Your weigh-ins: {count(days, 'day')}, {span}, in their own file (one row a day; "
        "import reads sets only)."
    )


def saved_to(path: str) -> str:
    return f"Saved to {path}"


# ---------------------------------------------------------------------------- operators (CLI)


def no_such_user(user_id: int) -> str:
    return f"No user with Telegram id {user_id} in this database."


def exported_to(sets: int, path: str) -> str:
    return f"Wrote {count(sets, 'set')} to {path}"


CONFIRM_HINT = (
    "Nothing imported yet. Run again with --yes to import (add --custom to keep names I don't "
    "know as the user's own exercises)."
)
