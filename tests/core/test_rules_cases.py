"""Every rule test vector of rules_cases.jsonl: its `fire` rules fire, its `not_fire` don't."""

from __future__ import annotations

import json
from typing import Any

import pytest

from core.rules.cases import check_case, check_line
from tests.paths import DATA

CASES: list[dict[str, Any]] = [
    json.loads(line)
    for line in (DATA / "rules_cases.jsonl").read_text(encoding="utf-8").splitlines()
    if line.strip()
]


def test_all_cases_are_present() -> None:
    assert len(CASES) == 51
    assert len({c["id"] for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case(case: dict[str, Any]) -> None:
    result = check_case(case)
    assert "error" not in result, result["error"]
    fired = {f["rule"] for f in result["findings"]}
    expect = case["expect"]
    missing = [r for r in expect["fire"] if r not in fired]
    extra = [r for r in expect["not_fire"] if r in fired]
    assert not missing and not extra, (
        f"{case.get('note')}: missing {missing}, unexpected {extra}, got {result['findings']}"
    )
    for f in result["findings"]:
        assert f["severity"] in ("warn", "info")
        assert f["message"] and "{" not in f["message"]


def test_case_ignores_expect() -> None:
    case = dict(CASES[0], expect={"fire": [], "not_fire": []})
    assert check_case(case) == check_case(CASES[0])


@pytest.mark.parametrize(
    "line",
    [
        "not json",
        "[]",
        "{}",
        '{"settings": {"timezone": "Mars/Olympus", "unit": "kg", "deload_week": false},'
        ' "history": [], "new_sets": []}',
        '{"settings": {"timezone": "UTC", "unit": "kg", "deload_week": false,'
        ' "thresholds": {"heavy_max_reps": 99}}, "history": [], "new_sets": []}',
        '{"settings": {"timezone": "UTC", "unit": "kg", "deload_week": false},'
        ' "history": [], "new_sets": [{"at": "2026-03-02T18:00:00", "exercise": "deadlift",'
        ' "weight": 100, "unit": "kg", "reps": 5, "failure": null, "rpe": null, "rir": null,'
        ' "warmup": false}]}',
        '{"settings": {"timezone": "UTC", "unit": "kg", "deload_week": false},'
        ' "history": [], "new_sets": [{"at": "2026-03-02T18:00:00+00:00", "exercise": "x",'
        ' "weight": "heavy", "unit": "kg", "reps": 5, "failure": null, "rpe": null,'
        ' "rir": null, "warmup": false}]}',
    ],
)
def test_malformed_lines_give_an_error_not_an_exception(line: str) -> None:
    result = check_line(line)
    assert result["findings"] == []
    assert result["error"]


def test_empty_new_sets_is_no_findings() -> None:
    case = {"settings": {"timezone": "UTC", "unit": "kg", "deload_week": False}, "history": []}
    assert check_case({**case, "new_sets": []}) == {"findings": []}
