"""'Held at no earlier set of the same scope', checked incrementally across new sets."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Hit:
    """A rule that fires: its message and the values it was worded from."""

    message: str
    params: tuple[tuple[str, object], ...]


class ScopeMemo:
    """Per (rule, scope): how far earlier sets were checked and the first one that held.

    A condition at an earlier set depends only on the prefix up to that set, so the answer
    for one new set carries over to the next: each earlier set is checked at most once.
    """

    __slots__ = ("_state",)

    def __init__(self) -> None:
        self._state: dict[tuple[str, Hashable], tuple[int, int | None]] = {}

    def held_before(
        self, rule: str, scope: Hashable, lo: int, p: int, cond: Callable[[int], bool]
    ) -> bool:
        """Whether `cond` held at some position in [lo, p)."""
        key = (rule, scope)
        checked, first = self._state.get(key, (lo, None))
        if first is not None:
            return first < p
        for j in range(max(checked, lo), p):
            if cond(j):
                self._state[key] = (j + 1, j)
                return True
        self._state[key] = (max(checked, p), None)
        return False
