"""Hand-made sets for the stats tests: one line per set, times in UTC."""

from __future__ import annotations

from datetime import datetime, timedelta

from core.model import SetRecord
from tests.core.test_summaries import at, st  # the summary tests' hand-made sets

__all__ = ["at", "session", "st"]


def session(
    start: datetime, exercise: str, *sets: tuple[float, int | None, dict[str, object]]
) -> list[SetRecord]:
    """Sets of one exercise two minutes apart."""
    return [
        st(start + timedelta(minutes=2 * k), exercise, w, r, **kw)
        for k, (w, r, kw) in enumerate(sets)
    ]
