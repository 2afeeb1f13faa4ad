"""Echoing sets back in the notation (core/echo.py), and reading the echo back."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from core.catalogue import load_catalogue
from core.echo import format_set, format_sets_compact
from core.model import Unit
from core.parser import ParsedSets, parse_sets
from tests.paths import DATA

CATALOGUE = load_catalogue()


@pytest.mark.parametrize(
    ("text", "echo"),
    [
        ("bench 80x8 F", "Bench Press 80 kg × 8 F"),
        ("pullups 10", "Pull-Up bw × 10"),
        ("dips +20x8 Fe", "Dip +20 kg × 8 Fe"),
        ("pullups -30x8", "Pull-Up -30 kg × 8"),
        ("plank 60s F", "Plank 60s F"),
        ("plank 60s Fc", "Plank 60s Fc"),
        ("bench 20x10 w", "Bench Press 20 kg × 10 w"),
        ("bench 80x8 @8.5", "Bench Press 80 kg × 8 @8.5"),
        ("bench 80x8 rir 2", "Bench Press 80 kg × 8 rir 2"),
        ("bench 80x8 F # left shoulder", "Bench Press 80 kg × 8 F # left shoulder"),
        ("farmers walk 40kg x 60s", "Farmer's Walk 40 kg × 60s"),
        ("incline bench 185lbx8", "Incline Bench Press 185 lb × 8"),
        ("squat 82,5x5", "Back Squat 82.5 kg × 5"),
    ],
)
def test_format_set(text: str, echo: str) -> None:
    result = parse_sets(text)
    assert isinstance(result, ParsedSets)
    assert format_set(result.sets[0], CATALOGUE) == echo


def _corpus_sets() -> list[tuple[str, ParsedSets]]:
    found = []
    for line in (DATA / "parser_v2.jsonl").read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        result = parse_sets(case["text"], Unit(case["unit"]), case["last_exercise"])
        if isinstance(result, ParsedSets):
            found.append((case["id"], result))
    return found


@pytest.mark.parametrize(
    ("case_id", "result"), _corpus_sets(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_corpus_sets_round_trip(case_id: str, result: ParsedSets) -> None:
    for entry in result.sets:
        if entry.drop:
            continue
        text = format_set(entry, CATALOGUE)
        again = parse_sets(text, entry.unit, None, CATALOGUE)
        assert isinstance(again, ParsedSets), (text, again)
        assert again.sets == (replace(entry, line=1),), text


def test_compact_lists_and_chains() -> None:
    def compact(text: str) -> list[str]:
        result = parse_sets(text)
        assert isinstance(result, ParsedSets)
        return format_sets_compact(result.sets, CATALOGUE)

    assert compact("bench 80x8,8,6F") == ["Bench Press 80 kg × 8, 8, 6 F"]
    assert compact("curls 20x10 > 15x8 > 10x6 F") == [
        "Dumbbell Curl 20 kg × 10 > 15 kg × 8 > 10 kg × 6 F"
    ]
    assert compact("bench 60x10, 80x8\nsquat 100x5x3") == [
        "Bench Press 60 kg × 10",
        "Bench Press 80 kg × 8",
        "Back Squat 100 kg × 5, 5, 5",
    ]
    assert compact("warmup bench 20x10, 20x10") == ["Bench Press 20 kg × 10 w, 10"]


@pytest.mark.parametrize(
    "text",
    ["bench 80x8,8,6F # grindy", "curls 20x10 > 15x8 > 10x6 F", "pullups 10,8,6", "plank 60s, 45s"],
)
def test_compact_reads_back_the_same(text: str) -> None:
    result = parse_sets(text)
    assert isinstance(result, ParsedSets)
    (line,) = format_sets_compact(result.sets, CATALOGUE)
    again = parse_sets(line)
    assert isinstance(again, ParsedSets)
    assert again.sets == result.sets
