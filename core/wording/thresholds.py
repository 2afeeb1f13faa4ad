"""What users read when a rule threshold value is refused (/rules set KEY VALUE)."""

from __future__ import annotations

from collections.abc import Iterable


def _number(value: float) -> str:
    return f"{value:g}"


def unknown(key: str, known: Iterable[str]) -> str:
    return f"Unknown threshold {key!r}. Known thresholds: {', '.join(known)}."


def not_a_number(key: str, value: object) -> str:
    return f"{key} must be a number, got {value!r}."


def not_whole(key: str, value: object) -> str:
    return f"{key} must be a whole number, got {value!r}."


def out_of_range(key: str, low: float, high: float, number: float) -> str:
    return f"{key} must be between {_number(low)} and {_number(high)}, got {_number(number)}."


def given_twice(key: str) -> str:
    return f"Threshold {key} is given twice."
