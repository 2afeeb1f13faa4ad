"""Rule test vectors (rules.md §6) in and out: JSON case -> findings, for `tofailure check`."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from core.catalogue import Catalogue, load_catalogue
from core.model import Failure, SetRecord, Unit
from core.rules.engine import evaluate
from core.rules.settings import RuleSettings


class CaseError(ValueError):
    """A case line that does not have the shape of rules.md §6."""


def _decimal(value: object, what: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise CaseError(f"{what} must be a number, got {value!r}")
    return Decimal(str(value))  # str: 97.5 stays 97.5, not its binary expansion


def _opt_decimal(value: object, what: str) -> Decimal | None:
    return None if value is None else _decimal(value, what)


def _opt_int(value: object, what: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise CaseError(f"{what} must be an integer or null, got {value!r}")
    return value


def _bool(value: object, what: str) -> bool:
    if not isinstance(value, bool):
        raise CaseError(f"{what} must be true or false, got {value!r}")
    return value


def set_from_json(obj: object, where: str = "set") -> SetRecord:
    """One set record of a case (fields as in notation.md)."""
    if not isinstance(obj, Mapping):
        raise CaseError(f"{where} must be an object")
    try:
        raw_at = obj["at"]
        at = datetime.fromisoformat(raw_at) if isinstance(raw_at, str) else None
        if at is None or at.utcoffset() is None:
            raise CaseError(f"{where}.at must be an ISO 8601 time with a UTC offset")
        exercise = obj["exercise"]
        if not isinstance(exercise, str) or not exercise:
            raise CaseError(f"{where}.exercise must be an exercise id")
        failure = obj.get("failure")
        note = obj.get("note")
        return SetRecord(
            at=at,
            exercise=exercise,
            weight=_decimal(obj["weight"], f"{where}.weight"),
            unit=Unit(obj["unit"]),
            reps=_opt_int(obj.get("reps"), f"{where}.reps"),
            failure=None if failure is None else Failure(failure),
            rpe=_opt_decimal(obj.get("rpe"), f"{where}.rpe"),
            rir=_opt_decimal(obj.get("rir"), f"{where}.rir"),
            warmup=_bool(obj.get("warmup", False), f"{where}.warmup"),
            bodyweight=_bool(obj.get("bodyweight", False), f"{where}.bodyweight"),
            seconds=_opt_int(obj.get("seconds"), f"{where}.seconds"),
            drop=_bool(obj.get("drop", False), f"{where}.drop"),
            note=note if isinstance(note, str) else None,
            seq=_opt_int(obj.get("seq"), f"{where}.seq") or 0,
        )
    except KeyError as exc:
        raise CaseError(f"{where} is missing {exc.args[0]!r}") from exc


def settings_from_json(obj: object) -> RuleSettings:
    """The `settings` object of a case."""
    if not isinstance(obj, Mapping):
        raise CaseError("settings must be an object")
    try:
        thresholds = obj.get("thresholds", {})
        if not isinstance(thresholds, Mapping):
            raise CaseError("settings.thresholds must be an object")
        weeks = obj.get("past_deload_weeks", [])
        rules_off = obj.get("rules_off", [])
        if not isinstance(weeks, list) or not isinstance(rules_off, list):
            raise CaseError("past_deload_weeks and rules_off must be lists")
        return RuleSettings.build(
            timezone=obj["timezone"],
            unit=Unit(obj["unit"]),
            deload_week=_bool(obj["deload_week"], "settings.deload_week"),
            week_start=obj.get("week_start", "monday"),
            deload_every_weeks=obj.get("deload_every_weeks", 6),
            past_deload_weeks=[date.fromisoformat(w) for w in weeks],
            rules_off=rules_off,
            thresholds=thresholds,
        )
    except KeyError as exc:
        raise CaseError(f"settings is missing {exc.args[0]!r}") from exc


def check_case(case: dict[str, Any], catalogue: Catalogue | None = None) -> dict[str, Any]:
    """`{"findings": [{"rule", "severity", "message"}]}` for one case (`expect` ignored).

    Never raises: a malformed case gives `{"findings": [], "error": "..."}`.
    """
    try:
        if not isinstance(case, Mapping):
            raise CaseError("a case must be a JSON object")
        settings = settings_from_json(case.get("settings"))
        history = case.get("history", [])
        new_sets = case.get("new_sets")
        if not isinstance(history, list) or not isinstance(new_sets, list):
            raise CaseError("history and new_sets must be lists")
        hist = [set_from_json(s, f"history[{i}]") for i, s in enumerate(history)]
        new = [set_from_json(s, f"new_sets[{i}]") for i, s in enumerate(new_sets)]
        findings = evaluate(settings, catalogue or load_catalogue(), hist, new)
    except Exception as exc:  # one bad line must not stop a batch
        return {"findings": [], "error": f"{type(exc).__name__}: {exc}"}
    return {
        "findings": [
            {"rule": f.rule, "severity": f.severity, "message": f.message} for f in findings
        ]
    }


def check_line(line: str, catalogue: Catalogue | None = None) -> dict[str, Any]:
    """`check_case` for one JSON line (bad JSON is an error result, not an exception)."""
    try:
        case = json.loads(line)
    except (json.JSONDecodeError, RecursionError) as exc:
        return {"findings": [], "error": f"not valid JSON: {exc}"}
    return check_case(case, catalogue)
