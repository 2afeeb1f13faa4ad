"""The CLI contracts outside checks rely on: `tofailure parse --json`, `tofailure check --json`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.paths import DATA

TOFAILURE = [sys.executable, "-m", "bot.cli"]
ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*TOFAILURE, *args], input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=60
    )


def test_parse_prints_the_spec_json() -> None:
    done = run("parse", "--json", "bench 80x8 F")
    assert done.returncode == 0
    assert json.loads(done.stdout) == {
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


def test_parse_errors_are_json_with_exit_zero() -> None:
    done = run("parse", "--json", "--unit", "lb", "zercher carry 60x20")
    assert done.returncode == 0
    out = json.loads(done.stdout)
    assert out["sets"] == [] and out["not_a_log"] is False
    assert out["error"]["code"] == "unknown_exercise" and out["error"]["line"] == 1
    assert out["error"]["suggestions"] and out["error"]["message"]


def test_parse_uses_unit_and_last_exercise() -> None:
    done = run("parse", "--json", "--unit", "lb", "--last-exercise", "bench_press", "185x5")
    [s] = json.loads(done.stdout)["sets"]
    assert (s["exercise"], s["weight"], s["unit"]) == ("bench_press", 185.0, "lb")


def test_parse_batch_answers_every_line_in_order() -> None:
    lines = [json.loads(line) for line in (DATA / "parser_v2.jsonl").read_text().splitlines()]
    stdin = "".join(
        json.dumps({"text": c["text"], "unit": c["unit"], "last_exercise": c["last_exercise"]})
        + "\n"
        for c in lines
    )
    done = run("parse", "--json", "--batch", stdin=stdin)
    assert done.returncode == 0
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(results) == len(lines)
    for case, result in zip(lines, results, strict=True):
        expect = case["expect"]
        assert set(result) == {"not_a_log", "error", "title", "bodyweight", "sets"}
        if "error" in expect:
            assert result["error"]["code"] == expect["error"], case["id"]
            assert isinstance(result["error"]["candidates"], list), case["id"]
        elif expect.get("not_a_log"):
            assert result["not_a_log"] is True, case["id"]
        else:
            assert result["sets"] == expect.get("sets", []), case["id"]
            assert result["title"] == expect.get("title"), case["id"]
            assert result["bodyweight"] == expect.get("bodyweight"), case["id"]


def test_parse_batch_survives_text_that_is_not_utf8() -> None:
    """A lone surrogate (a broken emoji) or bytes that are not UTF-8 still get their result line."""
    stdin = "\n".join(
        [
            '{"text": "bench 80x8 \\ud83d"}',
            '{"text": "squat 100x5"}',
            '{"text": "b\udcffnch 80x8"}',
            "not json",
            '{"text": "\\ud83d\\udd25 deadlift 140x5"}',
        ]
    )
    done = subprocess.run(
        [*TOFAILURE, "parse", "--json", "--batch"],
        input=stdin.encode("utf-8", "surrogateescape"),
        capture_output=True,
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    results = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert len(results) == 5
    assert [s["exercise"] for s in results[0]["sets"]] == ["bench_press"]
    assert [s["exercise"] for s in results[1]["sets"]] == ["back_squat"]
    assert results[2]["error"]["code"] == "unknown_exercise"
    assert results[3]["error"]["code"] == "unexpected_text"
    assert [s["exercise"] for s in results[4]["sets"]] == ["deadlift"]


def test_check_prints_findings_per_case() -> None:
    cases = (DATA / "rules_cases.jsonl").read_text().splitlines()
    done = run("check", "--json", stdin="\n".join(cases) + "\n")
    assert done.returncode == 0
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(results) == len(cases)
    for line, result in zip(cases, results, strict=True):
        case = json.loads(line)
        fired = {f["rule"] for f in result["findings"]}
        assert set(case["expect"]["fire"]) <= fired, case["id"]
        assert not fired & set(case["expect"]["not_fire"]), case["id"]
        assert all(f["severity"] in ("warn", "info") and f["message"] for f in result["findings"])


def test_check_survives_a_broken_line() -> None:
    done = run("check", "--json", stdin="not json\n")
    assert done.returncode == 0
    assert json.loads(done.stdout)["findings"] == []
