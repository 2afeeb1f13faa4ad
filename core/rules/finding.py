"""What a rule raises: a Finding at one new set, with the data its message was worded from."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule firing at one new set.

    `set_index` is the index into the evaluated `new_sets`; `params` are the values the
    message was built from (kg for loads, exercise ids), so callers can re-word or log them.
    """

    rule: str
    severity: str  # "warn" | "info"
    message: str
    set_index: int
    params: tuple[tuple[str, object], ...] = ()

    def param(self, key: str, default: object = None) -> object:
        for k, v in self.params:
            if k == key:
                return v
        return default
