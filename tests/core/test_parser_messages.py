"""§8: every error message quotes the text and ends with an example that really logs."""

from __future__ import annotations

import json
import re

import pytest

from core.model import Unit
from core.parser import ParsedSets, ParseError, parse_sets
from tests.paths import DATA

# Where the example starts in our wording (core/wording/parse_errors.py).
LEADS = (
    "Example: ",
    "e.g. ",
    "Write ",
    "Pick one: ",
    "commas: ",
    "on its own: ",
    "after it: ",
    "Notes go after #: ",
    "Give it a sign: ",
    "its unit: ",
)
EXTRA = [
    "100kg PR",
    "deadlift 120 5-5-5",
    "dips 12 12 10",
    "plank 60 45",
    "pullups 12x10 10",
    "bench 80x8 @7,8,9",
    "assisted dip +20x8",
    "plank 3x60",
    "farmers walk 3x60s",
    "farmers walk 40 x 60s",
    "farmers walk 40kg x 20",
    "Bench:\nsquat 100x5",
    "bench 80x8\nslept 8 hours",
    "bench 80x8, 3x5",
    "bench 80kg x 8kg",
    "bench 100x5x3x2",
    "bench 80x8 F F",
    "bench 80x8 @8 @9",
    "bench 80x8 F rir 1",
    "bench 80x8 w @8",
    "curls 20x10 w > 15x8",
    "curls 20x10 > 15",
    "curls 20lb x 10 > 15kg x 8",
    "bench 180#",
    "bench 80x8 (rpe 11)",
    "pullups 120x8",
    "pullups 3x5x2",
    "dips 3x8 20",
    "plank 0s",
    "bench 80x8 rir 11",
    "bench 80x8 @0",
    "lateral raise 3x15 @ 7",
    "lateral raise 2x15 @8",
    "asdfgh 80x8",
    "bench 80x8.5",
    "bench 80x8x0",
    "bench 2000x1",
    "bench 80x8 rpe 9.3",
    "bench 80x8 80%",
    "bench 80x8 2x20",
    "x 80",
    "bench 60x10 50",
    "bench -30x5",
    "plank 60s x 3",
    "bench 80x8 rir -1",
    "bench 80x8" + ",8" * 20,
    "(F) bench 80x8",
    "bench 80x8 +2 partials",
    "great session\n80x8",
    "bench 80x8 F\nthanks!",
    "bench 60kg for 3 sets of 10",
    "bench 60kg 3 sets",
    "bench 60kg 3 sets x 10",
    "bench 60kg 3 sets of 10 sec",
]


def _examples(message: str) -> list[str]:
    start = max((message.rfind(lead) + len(lead) for lead in LEADS if lead in message), default=-1)
    tail = message[start:] if start >= 0 else message.rsplit(": ", 1)[-1]
    tail = re.sub(r" \([^)]*\)$", "", tail) if "sets × reps" in tail else tail
    options = re.split(r" or |, (?=[a-z'][a-z' -]* [0-9+-])", tail)
    return [o.replace(" (sets × reps at a weight)", "") for o in options]


def _errors() -> list[str]:
    corpus = [
        json.loads(line)["text"]
        for line in (DATA / "parser_v2.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    return [t for t in corpus + EXTRA if len(t) <= 4096]


@pytest.mark.parametrize("text", _errors())
def test_error_ends_with_an_example_that_logs(text: str) -> None:
    result = parse_sets(text, Unit.KG, None)
    if not isinstance(result, ParseError):
        return
    assert result.message.count(". ") <= 2, "one or two sentences"
    assert "“" in result.message, "the message quotes what was typed"
    for example in _examples(result.message):
        assert isinstance(parse_sets(example), ParsedSets), (result.message, example)


def test_a_pasted_essay_is_quoted_short_with_a_short_example() -> None:
    """A 3 500-character line the parser can't read is not echoed back (twice) in the answer."""
    text = "bench 80x8x3x2 " + "abc1 " * 700
    result = parse_sets(text, Unit.KG)
    assert isinstance(result, ParseError)
    assert len(result.message) < 300
    assert "…”" in result.message and result.message.endswith("bench 80x8 # felt easy")
