"""What users read in the chat: logged sets and tallies, edits, undo, onboarding, settings."""

from __future__ import annotations

from collections.abc import Sequence

from core.catalogue import Catalogue
from core.echo import format_sets_compact
from core.logbook import Tally
from core.model import SetEntry, Unit
from core.wording.numbers import count

LOG_EXAMPLE = "bench 80x8 F"

CORRECTED = "✏️ Corrected:"

NOT_A_LOG = f"I log sets, like {LOG_EXAMPLE} or squat 100x5x3. /help shows more."

NOT_TEXT = f"I only read text. Type your set, e.g. {LOG_EXAMPLE}"


def unknown_command(word: str) -> str:
    return f"I don't know {word[:40]}. /help lists what I understand; a set is just {LOG_EXAMPLE}"


def welcome(first_name: str | None) -> str:
    hello = f"Hi {first_name}!" if first_name else "Hi!"
    return (
        f"{hello} I keep your training log and tell you when you go to failure too often.\n\n"
        f"Just type your sets between sets, e.g. {LOG_EXAMPLE} — no menus.\n\n"
        "Do you lift in kilograms or pounds?"
    )


def welcome_back(
    first_name: str | None,
    last_set: str,
    last_day: str,
    unit: Unit,
    zone: str,
    *,
    ask_unit: bool = False,
) -> str:
    """/start from someone who has logged: no onboarding again, just where they are (and the
    unit question when it was never answered)."""
    hello = f"Welcome back, {first_name}!" if first_name else "Welcome back!"
    settings = (
        f"Weights without a unit are {_UNIT_WORDS[unit]} until you choose: do you lift in "
        "kilograms or pounds?"
        if ask_unit
        else f"Weights in {unit.value}, time zone {zone} — /settings to change."
    )
    return (
        f"{hello} Your last set: {last_set} ({last_day}).\n"
        f"Type your next one (e.g. {LOG_EXAMPLE}), /stats for this week, /help for everything. "
        f"{settings}"
    )


def _failures(n: int) -> str:
    return f", {n} to failure" if n else ""


def _tally_line(tally: Tally, exercise_name: str, several_exercises: bool) -> str:
    workout = f"{count(tally.working_sets, 'set')}{_failures(tally.failure_sets)}"
    if several_exercises:
        return f"This workout: {workout}"
    if tally.exercise_working_sets == 0:
        mine = "warm-up only"
    else:
        mine = (
            f"{count(tally.exercise_working_sets, 'set')}{_failures(tally.exercise_failure_sets)}"
        )
    line = f"{exercise_name} today: {mine}"
    if tally.working_sets != tally.exercise_working_sets:
        line += f" · workout: {workout}"
    return line


def logged(
    entries: Sequence[SetEntry], tally: Tally, catalogue: Catalogue, *, corrected: bool = False
) -> str:
    head = CORRECTED if corrected else "✅"
    lines = format_sets_compact(entries, catalogue)
    several = len({e.exercise for e in entries}) > 1
    body = f"{head} {lines[0]}" if len(lines) == 1 else "\n".join([head, *lines])
    last = entries[-1].exercise
    return f"{body}\n{_tally_line(tally, catalogue.name_of(last), several)}"


def title_line(title: str) -> str:
    """The workout title a message carried, above its sets."""
    return f"🏷 {title}"


def corrected(text: str) -> str:
    """A reply to an edit that logged no sets (a weigh-in)."""
    return f"{CORRECTED} {text}"


def with_findings(text: str, findings: Sequence[tuple[str, str]]) -> str:
    """The confirmation first, then each (severity, message) finding on its own line."""
    marks = {"warn": "⚠️", "info": "ℹ️"}
    lines = [text, *(f"{marks.get(sev, 'ℹ️')} {message}" for sev, message in findings)]
    return "\n\n".join(lines) if findings else text


def why_label(index: int, shown: int) -> str:
    return "Why?" if shown == 1 else f"Why? ({index})"


def edit_error(message: str) -> str:
    return f"{message}\nYour earlier sets from that message are kept until you fix it or /undo."


def edit_not_a_log() -> str:
    return (
        "That edit no longer reads as a log, so I kept what it had logged. "
        f"Edit it back (e.g. {LOG_EXAMPLE}) or tap Undo to remove it."
    )


def undone(entries: Sequence[SetEntry], catalogue: Catalogue, *, removed: bool = True) -> str:
    """The sets an undo removed (or, `removed=False`, would remove)."""
    lines = format_sets_compact(entries, catalogue)
    sets = count(len(entries), "set")
    head = "↩️ Removed " if removed else ""
    if len(lines) == 1:
        return f"{head}{lines[0]} ({sets})" if len(entries) > 1 else f"{head}{lines[0]}"
    return "\n".join([f"{head}{sets}:", *lines])


def undo_which(last_text: str, logged: str) -> str:
    """/undo right after a message that did not log: which one it may mean."""
    said = last_text if len(last_text) <= 60 else last_text[:59] + "…"
    return (
        f"Your last message, “{said}”, wasn't logged, so there is nothing of it to undo. "
        f"The last thing logged is:\n{logged}\nTap ↩️ Undo to remove that."
    )


NOT_YOURS = "That message belongs to someone else's log."
NOTHING_TO_UNDO = f"There is nothing to undo yet. Log a set first, e.g. {LOG_EXAMPLE}"
ALREADY_UNDONE = "Already removed."
NOT_YOUR_BUTTON = "That button belongs to someone else's log."
BUTTON_FAILED = "Sorry, that button did not work this time. Please press it again."


_UNIT_WORDS = {Unit.KG: "kilograms", Unit.LB: "pounds"}


def first_log_unit(unit: Unit) -> str:
    """Under a new lifter's first logged weights, typed without a unit."""
    other = unit.other
    return (
        f"Weights without a unit are {_UNIT_WORDS[unit]} ({unit.value}). "
        f"Lifting in {_UNIT_WORDS[other]}? "
        f"Tap \u201c{first_log_unit_label(other)}\u201d to read this message again in "
        f"{other.value}; the next ones follow."
    )


def first_log_unit_label(unit: Unit) -> str:
    return f"It was {unit.value}"


def unit_set(unit: Unit, *, kept: Unit | None = None) -> str:
    """`kept`: the unit the sets logged before were stored in, when it is the other one."""
    text = (
        f"Weights without a unit are now {_UNIT_WORDS[unit]} ({unit.value}). "
        "You can still write 185lb or 80kg."
    )
    if kept is not None:
        text += (
            f" Sets you logged before keep theirs (without one they were read as {kept.value}); "
            f"↩ Undo or edit one that was meant in {unit.value}."
        )
    return text


UNIT_USAGE = "Which unit? Write /units kg or /units lb (or tap a button)."

ASK_TIMEZONE = (
    "Which time zone are you in? Tap one, or type your city (e.g. Berlin) or an IANA zone "
    "(e.g. America/New_York). Weekly summaries and workout days follow it."
)


def timezone_set(zone: str, *, first_time: bool = True) -> str:
    """`first_time`: the end of onboarding (no set logged yet)."""
    if first_time:
        return f"Time zone set to {zone}. You're all set — log your first set, e.g. {LOG_EXAMPLE}"
    return f"Time zone set to {zone}. Workout days and weekly summaries follow it from now on."


def settings_text(unit: Unit, zone: str, deload_every_weeks: int) -> str:
    cycle = "off" if deload_every_weeks == 0 else f"every {count(deload_every_weeks, 'week')}"
    return (
        "Your settings:\n"
        f"Unit: {unit.value} — change with /units kg or /units lb\n"
        f"Time zone: {zone} — change with /timezone Berlin\n"
        f"Planned deload: {cycle} — change with /deload every 6 (0 = off)\n"
        "Warnings: /rules"
    )


UNDO_LABEL = "↩️ Undo"

OLD_BUTTON = "That button is from an older version; log a set to get a fresh one."

SORRY = (
    "Sorry, something went wrong on my side and that message was not logged. Please send it again."
)
