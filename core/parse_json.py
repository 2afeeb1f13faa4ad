"""The JSON shape of parser results (notation.md §1), for `tofailure parse --json [--batch]`."""

from __future__ import annotations

import json
from typing import Any

from core.catalogue import Catalogue
from core.model import SetEntry, Unit, WeighIn
from core.parser import NotALog, ParsedSets, ParseError, ParseResult, parse_sets
from core.wording import parse_errors as say


def set_to_json(entry: SetEntry) -> dict[str, Any]:
    """One set with every field of §1: weight as a number, rpe/rir as numbers or null."""
    return {
        "exercise": entry.exercise,
        "weight": float(entry.weight),
        "unit": entry.unit.value,
        "bodyweight": entry.bodyweight,
        "reps": entry.reps,
        "seconds": entry.seconds,
        "failure": entry.failure.value if entry.failure is not None else None,
        "rpe": float(entry.rpe) if entry.rpe is not None else None,
        "rir": float(entry.rir) if entry.rir is not None else None,
        "warmup": entry.warmup,
        "drop": entry.drop,
        "note": entry.note,
        "line": entry.line,
    }


def weigh_in_to_json(weigh_in: WeighIn) -> dict[str, Any]:
    """A weigh-in (§11 N12): weight as a number, as typed."""
    return {
        "weight": float(weigh_in.weight),
        "unit": weigh_in.unit.value,
        "note": weigh_in.note,
        "line": weigh_in.line,
    }


def result_to_json(result: ParseResult) -> dict[str, Any]:
    """`{"not_a_log", "error", "title", "bodyweight", "sets"}`, all five keys always present."""
    if isinstance(result, ParsedSets):
        return {
            "not_a_log": False,
            "error": None,
            "title": result.title,
            "bodyweight": weigh_in_to_json(result.bodyweight) if result.bodyweight else None,
            "sets": [set_to_json(s) for s in result.sets],
        }
    if isinstance(result, NotALog):
        return {"not_a_log": True, "error": None, "title": None, "bodyweight": None, "sets": []}
    return {
        "not_a_log": False,
        "error": error_to_json(result),
        "title": None,
        "bodyweight": None,
        "sets": [],
    }


def error_to_json(error: ParseError) -> dict[str, Any]:
    return {
        "code": error.code,
        "line": error.line,
        "message": error.message,
        "suggestions": list(error.suggestions),
        "candidates": list(error.candidates),
    }


def parse_batch_line(line: str, catalogue: Catalogue | None = None) -> dict[str, Any]:
    """One `--batch` input line `{"text", "unit", "last_exercise"}` to its result; never raises."""
    try:
        request = json.loads(line)
    except (ValueError, RecursionError):
        return _bad_input(say.BATCH_NOT_JSON)
    if not isinstance(request, dict):
        return _bad_input(say.BATCH_NOT_OBJECT)
    text, unit, last = (
        request.get("text"),
        request.get("unit") or "kg",
        request.get("last_exercise"),
    )
    if not isinstance(text, str):
        return _bad_input(say.BATCH_NO_TEXT)
    if not isinstance(unit, str) or unit.lower() not in ("kg", "lb"):
        return _bad_input(say.BATCH_BAD_UNIT)
    if last is not None and not isinstance(last, str):
        return _bad_input(say.BATCH_BAD_LAST)
    return result_to_json(parse_sets(text, Unit(unit.lower()), last, catalogue))


def _bad_input(reason: str) -> dict[str, Any]:
    # Batch input is checked here, so a broken line yields one error-shaped line, in order.
    return result_to_json(ParseError("unexpected_text", None, say.bad_batch_line(reason), ()))
