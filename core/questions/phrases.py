"""Compiled phrase patterns: the longest phrase starting at a word, found through that word."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from core.questions.lexicon import Meaning, PeriodRule, tokens
from core.questions.periods import Period

__all__ = ["Match", "PhraseTable", "compile_pattern"]

_SLOTS = {"<n>": "n", "<day>": "day", "<wd>": "wd", "<mon>": "mon", "<year>": "year"}

Slot = frozenset[str] | str  # literal alternatives, or the name of a captured slot


@dataclass(frozen=True, slots=True)
class _Pattern:
    slots: tuple[Slot, ...]
    meaning: Meaning
    order: int


@dataclass(frozen=True, slots=True)
class Match:
    """A phrase found at some position: where it ends, what it means, its period if one."""

    end: int
    meaning: Meaning
    period: Period | None


def compile_pattern(pattern: str) -> tuple[Slot, ...]:
    """`last|past <n> days` -> ({last, past}, "n", {days}); raises ValueError on a bad pattern."""
    slots: list[Slot] = []
    for part in pattern.split():
        if part in _SLOTS:
            slots.append(_SLOTS[part])
            continue
        words = []
        for alternative in part.split("|"):
            folded = tokens(alternative)
            if len(folded) != 1 or "<" in alternative:
                raise ValueError(f"{alternative!r} in {pattern!r} is not one token")
            words.append(folded[0])
        slots.append(frozenset(words))
    if not slots:
        raise ValueError("empty pattern")
    return tuple(slots)


class PhraseTable:
    """Every phrase of every language; `match` tries only patterns that can start at a word."""

    __slots__ = ("_by_first", "literals", "single")

    def __init__(self, phrases: Iterable[tuple[str, Meaning]]) -> None:
        by_first: defaultdict[str, list[_Pattern]] = defaultdict(list)
        literals: set[str] = set()
        single: dict[str, Meaning] = {}
        for order, (text, meaning) in enumerate(phrases):
            slots = compile_pattern(text)
            pattern = _Pattern(slots, meaning, order)
            first = slots[0]
            for key in (first,) if isinstance(first, str) else sorted(first):
                by_first[key].append(pattern)
            for slot in slots:
                if not isinstance(slot, str):
                    literals.update(slot)
            if len(slots) == 1 and not isinstance(first, str):
                for word in first:
                    single.setdefault(word, meaning)
        self._by_first = {k: tuple(v) for k, v in by_first.items()}
        self.literals = frozenset(literals)
        self.single = single  # one-word phrases, for reading typos of them

    def match(
        self, words: Sequence[str], classes: Sequence[Mapping[str, int]], at: int
    ) -> Match | None:
        """The longest phrase starting at words[at] (the earliest written wins a tie)."""
        best: Match | None = None
        best_order = 0
        for key in (words[at], *classes[at]):
            for pattern in self._by_first.get(key, ()):
                end = _end(pattern.slots, words, classes, at)
                if end is None:
                    continue
                if best is not None and (
                    end < best.end or (end == best.end and pattern.order > best_order)
                ):
                    continue
                period = None
                if isinstance(pattern.meaning, PeriodRule):
                    period = pattern.meaning.build(_captures(pattern.slots, classes, at))
                    if period is None:
                        continue
                best, best_order = Match(end, pattern.meaning, period), pattern.order
        return best


def _end(
    slots: tuple[Slot, ...], words: Sequence[str], classes: Sequence[Mapping[str, int]], at: int
) -> int | None:
    end = at + len(slots)
    if end > len(words):
        return None
    for offset, slot in enumerate(slots):
        i = at + offset
        if isinstance(slot, str):
            if slot not in classes[i]:
                return None
        elif words[i] not in slot:
            return None
    return end


def _captures(
    slots: tuple[Slot, ...], classes: Sequence[Mapping[str, int]], at: int
) -> dict[str, int]:
    return {
        slot: classes[at + offset][slot]
        for offset, slot in enumerate(slots)
        if isinstance(slot, str)
    }
