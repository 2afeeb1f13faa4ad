"""Every case of the public parser corpus (notation.md §1 "Corpus format") must pass."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from core.model import Unit
from core.parse_json import result_to_json
from core.parser import NotALog, ParsedSets, ParseError, parse_sets
from tests.paths import DATA

CASES: list[dict[str, Any]] = [
    json.loads(line)
    for line in (DATA / "parser.jsonl").read_text(encoding="utf-8").splitlines()
    if line.strip()
]


def test_corpus_is_complete() -> None:
    assert len(CASES) == 160
    assert len({c["id"] for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case(case: dict[str, Any]) -> None:
    result = parse_sets(case["text"], Unit(case["unit"]), case["last_exercise"])
    expect = case["expect"]
    if "sets" in expect:
        assert isinstance(result, ParsedSets), result
        got = result_to_json(result)["sets"]
        assert len(got) == len(expect["sets"])
        for position, (actual, wanted) in enumerate(zip(got, expect["sets"], strict=True)):
            assert actual == wanted, f"set {position}"
    elif "error" in expect:
        assert isinstance(result, ParseError), result
        assert (result.code, result.line) == (expect["error"], expect["line"])
        assert result.message.strip()
        # §8: the message ends with a working example, which always has a number or an `x`.
        assert re.search(r"[0-9x]", result.message), result.message
        if result.code == "unknown_exercise":
            assert 0 < len(result.suggestions) <= 3
    else:
        assert isinstance(result, NotALog), result
