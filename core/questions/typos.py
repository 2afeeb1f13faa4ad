"""Slips of grammar words (`mcuh`, `progres`, `yesterdy`), read as the word meant."""

from __future__ import annotations

from collections.abc import Sequence
from copy import copy

from core.names import NameIndex, allowed_for_key, osa_distance
from core.questions.lexicon import Lexicon, tokens

__all__ = ["Typos"]

_CACHE_LIMIT = 4096
_SHORTEST = 4  # `teh`, `hwo`: too short to guess from
# Up to this length only swapped letters are a slip (`mcuh`, `whne`): a short word with one
# letter changed is mostly another word (`rest`/`best`, `sore`/`some`, `weak`/`week`).
_SWAPS_ONLY = 4


class Typos:
    """The nearest grammar word within the name index's typo allowance, English first on a tie
    (`progres` is one slip from `progress` and from Spanish `progreso`: both mean a trend)."""

    __slots__ = ("_by_length", "_corrections", "_known", "_names")

    def __init__(
        self,
        lexicons: Sequence[Lexicon],
        words: frozenset[str],
        known: frozenset[str],
        names: NameIndex,
    ) -> None:
        self._known = known  # words never corrected: grammar words, names, numbers
        self._names = names
        self._by_length: dict[int, list[tuple[int, str, frozenset[str]]]] = {}
        for rank, word in enumerate(_in_lexicon_order(lexicons, words)):
            if len(word) >= _SHORTEST and word.isalpha():
                self._by_length.setdefault(len(word), []).append((rank, word, frozenset(word)))
        self._corrections: dict[str, str] = {}

    def with_names(self, names: NameIndex, known: frozenset[str]) -> Typos:
        """The same grammar words over another name index (a user's catalogue), `known` added
        to the words never corrected; shares the word lists, so it costs microseconds."""
        other = copy(self)
        other._known = self._known | known
        other._names = names
        other._corrections = {}
        return other

    def corrected(self, word: str) -> str:
        """The grammar word meant, or the word itself (exercise typos are the name index's)."""
        if len(word) < _SHORTEST or word in self._known or not word.isalpha():
            return word
        found = self._corrections.get(word)
        if found is None:
            found = word if self._names.resolve(word).exercise else self._nearest(word)
            if len(self._corrections) >= _CACHE_LIMIT:
                self._corrections.clear()
            self._corrections[word] = found
        return found

    def _nearest(self, word: str) -> str:
        n = len(word)
        # One slip at most: two changes turn many a word into a grammar word (`starting` is
        # two from `stalling`), where exercise names may take two (the name index's own).
        limit = min(allowed_for_key(n), 1)
        letters = frozenset(word)
        swaps_only = sorted(word) if n <= _SWAPS_ONLY else None
        best: tuple[int, int, str] | None = None
        for length in range(n - limit, n + limit + 1):
            for rank, known, known_letters in self._by_length.get(length, ()):
                if swaps_only is not None and sorted(known) != swaps_only:
                    continue
                # Letters on one side only each need an edit: a cheap bound before the distance.
                if len(letters - known_letters) > limit or len(known_letters - letters) > limit:
                    continue
                d = osa_distance(word, known, limit)
                if d <= limit and (best is None or (d, rank) < best[:2]):
                    best = (d, rank, known)
        return best[2] if best is not None else word


def _in_lexicon_order(lexicons: Sequence[Lexicon], words: frozenset[str]) -> list[str]:
    # Each lexicon's words in the order written, so English wins a tie between languages.
    ordered: dict[str, None] = {}
    for lexicon in lexicons:
        for text in (*lexicon.phrases, lexicon.weak, lexicon.training, lexicon.asks):
            for word in tokens(text.replace("|", " ")):
                if word in words:
                    ordered.setdefault(word)
    return [*ordered, *sorted(words - ordered.keys())]
