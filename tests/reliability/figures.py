"""Where reliability tests put the figures they measured (see conftest.py)."""

from __future__ import annotations

from typing import Any

RESULTS: list[tuple[str, dict[str, Any]]] = []


def record(name: str, **values: Any) -> None:
    RESULTS.append((name, values))
