"""Parse error messages (notation.md §8): quote what was typed, end with a line that works."""

from __future__ import annotations

from collections.abc import Sequence

from core.wording.numbers import count

MAX_CHARS = 4096


# A quote or an example longer than this is cut, so an error never echoes a pasted essay
# (twice) and stays far under Telegram's 4 096 characters.
MAX_QUOTE = 120


def _short(text: str) -> str:
    text = text.strip()
    return text if len(text) <= MAX_QUOTE else text[: MAX_QUOTE - 1].rstrip() + "…"


def _q(text: str) -> str:
    return f"\u201c{_short(text)}\u201d"


def _either(options: Sequence[str]) -> str:
    if len(options) <= 1:
        return "".join(options)
    return ", ".join(options[:-1]) + " or " + options[-1]


def text_too_long() -> str:
    return (
        f"That message is too long (max {MAX_CHARS} characters). "
        "Log one exercise per line, e.g. bench 80x8 F"
    )


def unknown_exercise(typed: str, suggestions: Sequence[str], example: str) -> str:
    if suggestions:
        return f"I don't know {_q(typed)}. Did you mean {_either(suggestions)}? Example: {example}"
    return f"I don't know {_q(typed)}. Use the exercise's usual name, e.g. {example}"


def no_exercise(quoted: str, example: str) -> str:
    return f"Which exercise was {_q(quoted)}? Put its name first, e.g. {example}"


def weight_and_reps(quoted: str, example: str) -> str:
    return f"I need weight and reps, and {_q(quoted)} has only one of them: {example}"


def missing_load_for_time(quoted: str, example: str) -> str:
    return f"A carry needs its load with the time, but {_q(quoted)} has none: {example}"


def header_without_sets(quoted: str, example: str) -> str:
    return f"{_q(quoted)} names an exercise but no sets follow it. Put the sets after it: {example}"


def ambiguous(quoted: str, readings: Sequence[str], lines: Sequence[str]) -> str:
    """Two or more readings (§11 N1); `lines` are the candidates, a load filled in where asked."""
    return f"{_q(quoted)} could be {_either(readings)}. Write {_either(lines)}"


def name_in_words(quoted: str, name: str, line: str) -> str:
    return f"Is {_q(quoted)} a set of {name}? Put the name first: {line}"


def missing_load(quoted: str, sets: str, reps: str, example: str) -> str:
    groups = count(int(sets), "set") if sets.isdigit() else f"{sets} sets"
    return f"{_q(quoted)}: {groups} of {reps}, at what weight? e.g. {example}"


def ambiguous_weigh_in(quoted: str, value: str, lines: Sequence[str]) -> str:
    return f"Is {_q(quoted)} {value} reps or your bodyweight? Write {_either(lines)}"


def second_weigh_in(quoted: str, example: str) -> str:
    return f"One weigh-in per message, so I didn't get {_q(quoted)}. Send it alone: {example}"


def dated_line(quoted: str, example: str) -> str:
    return (
        f"I log sets for the time you send them, so a date on a set line ({_q(quoted)}) "
        f"can't be stored. Send the sets alone: {example}"
    )


def time_needs_unit(quoted: str, example: str) -> str:
    return f"This exercise is logged by time: is {_q(quoted)} seconds? Give it its unit: {example}"


def ambiguous_drop(quoted: str, example: str) -> str:
    return (
        f"In {_q(quoted)} the weight does not go down, so it is no drop set. "
        f"Ramping sets take commas: {example}"
    )


def unexpected_text(quoted: str, example: str) -> str:
    if len(example) > MAX_QUOTE:  # the whole line again: a short one shows the rule as well
        example = "bench 80x8 # felt easy"
    return f"I didn't get {_q(quoted)}. Notes go after #: {example}"


def count_of_sets(quoted: str, example: str) -> str:
    return f"In {_q(quoted)} I read a count of sets; write sets × reps after the weight: {example}"


def count_in_words(quoted: str, example: str) -> str:
    return f"I read counts written in digits, not {_q(quoted)}. If you meant sets: {example}"


def two_units(quoted: str, example: str) -> str:
    return f"Only the weight takes a unit, but {_q(quoted)} has two: {example}"


def reps_out_of_range(quoted: str, example: str) -> str:
    return f"Reps must be a whole number from 1 to 100, not {_q(quoted)}: {example}"


def weight_too_heavy(quoted: str, example: str) -> str:
    return f"{_q(quoted)}? Loads go up to 1000 kg (2200 lb): {example}"


def weight_zero(quoted: str, example: str) -> str:
    return f"A load of {_q(quoted)} fits only bodyweight sets: {example}"


def weight_negative(quoted: str, example: str) -> str:
    return f"{_q(quoted)} is an assisted load, which only bodyweight exercises have: {example}"


def weight_added_to_assisted(quoted: str, example: str) -> str:
    return (
        f"On an assistance machine the number is the help it gives, so {_q(quoted)} can't be: "
        f"{example}"
    )


def time_out_of_range(quoted: str, example: str) -> str:
    return f"Holds go from 1 second up to 60 min, in whole seconds, not {_q(quoted)}: {example}"


def sets_out_of_range(quoted: str, example: str) -> str:
    return f"{_q(quoted)} sets? A group has 1 to 20 sets, and weight comes first: {example}"


def list_too_long(count: str, example: str) -> str:
    return (
        f"That list has {_q(count)} sets; one group holds 1 to 20. Split it over lines: {example}"
    )


def rpe_out_of_range(quoted: str, example: str) -> str:
    return f"RPE goes from 1 to 10 in half steps, not {_q(quoted)}: {example}"


def rir_out_of_range(quoted: str, example: str) -> str:
    return f"RIR goes from 0 to 10 in half steps, not {_q(quoted)}: {example}"


def two_markers(what: str, quoted: str, example: str) -> str:
    return f"One set can't have two {what} ({_q(quoted)}). Pick one: {example}"


def failure_with_effort(quoted: str, example: str) -> str:
    return (
        f"Failure means no rep left, but {_q(quoted)} says there were reps left. "
        f"Pick one: {example}"
    )


def effort_disagrees(quoted: str, example: str) -> str:
    return f"The RPE and RIR in {_q(quoted)} disagree (RIR = 10 − RPE). Pick one: {example}"


def warmup_with_effort(quoted: str, example: str) -> str:
    return (
        f"A warm-up set is not taken to failure or rated, but {_q(quoted)} is. Pick one: {example}"
    )


def warmup_drop(quoted: str, example: str) -> str:
    return f"A drop set can't be a warm-up ({_q(quoted)}). Pick one: {example}"


BATCH_NOT_JSON = "That batch line is not JSON"
BATCH_NOT_OBJECT = "A batch line must be a JSON object"
BATCH_NO_TEXT = 'A batch line needs "text" as a string'
BATCH_BAD_UNIT = '"unit" must be "kg" or "lb"'
BATCH_BAD_LAST = '"last_exercise" must be an exercise id or null'


def bad_batch_line(reason: str) -> str:
    return f'{reason}, e.g. {{"text": "bench 80x8", "unit": "kg", "last_exercise": null}}'


def internal_error() -> str:
    return "Sorry, I couldn't read that message. Log one exercise per line, e.g. bench 80x8 F"
