"""Parse error messages (notation.md §8): quote what was typed, end with a line that works."""

from __future__ import annotations

from collections.abc import Sequence

MAX_CHARS = 4096


def _q(text: str) -> str:
    return f"\u201c{text.strip()}\u201d"


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


def ambiguous_bar(quoted: str, a: str, a_load: str, b: str, scheme: str, light: str) -> str:
    return (
        f"{_q(quoted)} could be {a} sets of {b} or {a_load} for {b} reps. "
        f"Write {scheme} (sets × reps at a weight) or {light}"
    )


def ambiguous_triple(quoted: str, a: str, b: str, c: str, as_load: str, as_sets: str) -> str:
    return (
        f"{_q(quoted)} could be {a} sets of {b} at {c}, or {c} sets at {a}. "
        f"Write {as_load} or {as_sets}"
    )


def ambiguous_scheme(quoted: str, a: str, b: str, c: str, unit: str, options: Sequence[str]) -> str:
    return (
        f"{_q(quoted)} could be {a} sets at {c} {unit}, or {a} {unit} for {b} and {c} reps. "
        f"Write {_either(options)}"
    )


def ambiguous_at(quoted: str, a: str, value: str, as_load: str, as_rpe: str) -> str:
    return (
        f"In {_q(quoted)}, is {a} the weight and {value} the RPE, or is {value} the weight? "
        f"Write {as_load} or {as_rpe}"
    )


def ambiguous_effort_list(quoted: str, example: str) -> str:
    return (
        f"In {_q(quoted)}, are the numbers after the effort more sets or an effort per set? "
        f"Rate each set on its own: {example}"
    )


def ambiguous_bodyweight(quoted: str, a: str, a_load: str, b: str, options: Sequence[str]) -> str:
    return (
        f"Did you mean {a} sets of {b} or {a_load} for {b} in {_q(quoted)}? "
        f"Write {_either(options)}"
    )


def ambiguous_bodyweight_load(quoted: str, a: str, options: Sequence[str]) -> str:
    return (
        f"Is the {a} in {_q(quoted)} added weight or assistance? Give it a sign: {_either(options)}"
    )


def ambiguous_timed(quoted: str, example: str) -> str:
    return f"Is {_q(quoted)} seconds or reps? Give the time its unit: {example}"


def ambiguous_side_by_side(quoted: str, example: str) -> str:
    return f"In {_q(quoted)}, which number is the weight and which the reps? Write {example}"


def ambiguous_repeat(quoted: str, count: str, example: str) -> str:
    return f"Is {_q(quoted)} {count} sets of that time? Put the count first: {example}"


def ambiguous_drop(quoted: str, example: str) -> str:
    return (
        f"In {_q(quoted)} the weight does not go down, so it is no drop set. "
        f"Ramping sets take commas: {example}"
    )


def unexpected_text(quoted: str, example: str) -> str:
    return f"I didn't get {_q(quoted)}. Notes go after #: {example}"


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
