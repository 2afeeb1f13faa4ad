"""The JSON contract of `tofailure parse --json` (notation.md §1) and batch lines."""

from __future__ import annotations

import json

from core.model import Unit
from core.parse_json import parse_batch_line, result_to_json
from core.parser import parse_sets

SET_KEYS = {
    "exercise",
    "weight",
    "unit",
    "bodyweight",
    "reps",
    "seconds",
    "failure",
    "rpe",
    "rir",
    "warmup",
    "drop",
    "note",
    "line",
}


def test_sets_shape() -> None:
    out = result_to_json(parse_sets("bench 80x8 F"))
    assert out == {
        "not_a_log": False,
        "error": None,
        "title": None,
        "bodyweight": None,
        "sets": [
            {
                "exercise": "bench_press",
                "weight": 80.0,
                "unit": "kg",
                "bodyweight": False,
                "reps": 8,
                "seconds": None,
                "failure": "concentric",
                "rpe": None,
                "rir": None,
                "warmup": False,
                "drop": False,
                "note": None,
                "line": 1,
            }
        ],
    }
    assert isinstance(out["sets"][0]["weight"], float)


def test_numbers_are_floats() -> None:
    (entry,) = result_to_json(parse_sets("bench 82,5x8 @8.5 rir 1.5"))["sets"]
    assert set(entry) == SET_KEYS
    assert (entry["weight"], entry["rpe"], entry["rir"]) == (82.5, 8.5, 1.5)
    assert all(isinstance(entry[k], float) for k in ("weight", "rpe", "rir"))
    (assisted,) = result_to_json(parse_sets("assisted pull up bw x 8"))["sets"]
    assert json.dumps(assisted["weight"]) == "0.0"  # never -0.0


def test_not_a_log_shape() -> None:
    assert result_to_json(parse_sets("hi")) == {
        "not_a_log": True,
        "error": None,
        "title": None,
        "bodyweight": None,
        "sets": [],
    }


def test_error_shape() -> None:
    out = result_to_json(parse_sets("zercher carry 60x20"))
    assert out["not_a_log"] is False and out["sets"] == []
    assert out["title"] is None and out["bodyweight"] is None
    assert set(out["error"]) == {"code", "line", "message", "suggestions", "candidates"}
    assert out["error"]["code"] == "unknown_exercise"
    assert out["error"]["line"] == 1
    assert out["error"]["suggestions"] == ["farmers_walk", "overhead_carry", "zercher_squat"]
    assert out["error"]["candidates"] == []
    json.dumps(out)


def test_ambiguous_carries_candidates() -> None:
    error = result_to_json(parse_sets("curls 3x12"))["error"]
    assert error["code"] == "ambiguous"
    assert error["candidates"] == ["curls 3kg x 12", "curls 3x12 @ ?kg"]


def test_title_and_weigh_in_shape() -> None:
    out = result_to_json(parse_sets("Push day 🔥\nbench 80x8"))
    assert out["title"] == "Push day 🔥" and out["bodyweight"] is None
    out = result_to_json(parse_sets("bw 81.5 today"))
    assert out == {
        "not_a_log": False,
        "error": None,
        "title": None,
        "bodyweight": {"weight": 81.5, "unit": "kg", "note": "today", "line": 1},
        "sets": [],
    }
    assert isinstance(out["bodyweight"]["weight"], float)
    out = result_to_json(parse_sets("weight 180lb\nsquat 100x5", Unit.KG))
    assert out["bodyweight"] == {"weight": 180.0, "unit": "lb", "note": None, "line": 1}
    assert [s["line"] for s in out["sets"]] == [2]


def test_batch_line() -> None:
    line = json.dumps({"text": "85x6", "unit": "lb", "last_exercise": "bench_press"})
    out = parse_batch_line(line)
    assert out == result_to_json(parse_sets("85x6", Unit.LB, "bench_press"))
    assert out["sets"][0]["unit"] == "lb"
    assert parse_batch_line(json.dumps({"text": "squat 100x5"}))["sets"][0]["unit"] == "kg"


def test_bad_batch_lines_give_an_error_result() -> None:
    for line in [
        "not json",
        "[1, 2]",
        '{"unit": "kg"}',
        '{"text": 5}',
        '{"text": "x", "unit": "st"}',
        '{"text": "bench 80x8", "last_exercise": 3}',
        "",
        '"text"',
        "{" * 100000,
    ]:
        out = parse_batch_line(line)
        assert set(out) == {"not_a_log", "error", "title", "bodyweight", "sets"}
        assert out["error"]["code"] == "unexpected_text"
        assert out["error"]["line"] is None
        assert out["error"]["message"]
