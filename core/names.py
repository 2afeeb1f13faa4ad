"""Exercise name resolution (§5.1): match keys, exact/plural/typo lookup, suggestions."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from core.catalogue import Catalogue

_NOT_ASCII_LETTER = re.compile(r"[^a-z]+")
_CACHE_LIMIT = 4096
_MAX_SUGGESTIONS = 3


def key(text: str) -> str:
    """Match key: NFKD, marks dropped, casefolded, letters only (`Pull-Ups` → `pullups`)."""
    if text.isascii():
        return _NOT_ASCII_LETTER.sub("", text.lower())
    decomposed = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return "".join(c for c in folded if c.isalpha())


def word_keys(text: str) -> tuple[str, ...]:
    """The keys of the whitespace-separated words of a name, empty ones dropped."""
    return tuple(k for k in (key(w) for w in text.split()) if k)


def allowed_for_key(length: int) -> int:
    """Typo allowance for a whole key: exact only up to 3 letters (`bp`, `rdl`), then 1, then 2."""
    return 0 if length <= 3 else 1 if length <= 7 else 2


def allowed_for_word(length: int) -> int:
    """Typo allowance per word of a several-word name: short words never change (`day`/`dip`)."""
    return 0 if length <= 2 else 1 if length <= 7 else 2


def osa_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance of a and b, or limit + 1 when it is over limit."""
    if limit <= 2:
        return _within(a, b, limit)
    d = _full_distance(a, b)
    return d if d <= limit else limit + 1


def _within(a: str, b: str, k: int) -> int:
    # Branching at the first mismatch is exact for OSA and, for k <= 2, far cheaper than a table:
    # the common prefix and suffix are compared by C-level slicing.
    if a == b:
        return 0
    la, lb = len(a), len(b)
    if k == 0 or abs(la - lb) > k:
        return k + 1
    i = 0
    shortest = min(la, lb)
    while i < shortest and a[i] == b[i]:
        i += 1
    ea, eb = la, lb
    while ea > i and eb > i and a[ea - 1] == b[eb - 1]:
        ea -= 1
        eb -= 1
    a, b = a[i:ea], b[i:eb]
    la, lb = len(a), len(b)
    if not la or not lb:
        return la + lb if la + lb <= k else k + 1
    best = min(
        _within(a[1:], b[1:], k - 1),
        _within(a[1:], b, k - 1),
        _within(a, b[1:], k - 1),
    )
    if la > 1 and lb > 1 and a[0] == b[1] and a[1] == b[0]:
        best = min(best, _within(a[2:], b[2:], k - 1))
    return best + 1 if best + 1 <= k else k + 1


def _pattern(a: str) -> dict[str, int]:
    peq: dict[str, int] = {}
    for i, c in enumerate(a):
        peq[c] = peq.get(c, 0) | (1 << i)
    return peq


def _full_distance(a: str, b: str) -> int:
    if not a or not b:
        return len(a) + len(b)
    return _bit_parallel(_pattern(a), len(a), b)


def _bit_parallel(peq: dict[str, int], m: int, text: str) -> int:
    # Hyyrö's bit-vector OSA distance (2003): one pass over text, a few int operations per char.
    full = (1 << m) - 1
    high = 1 << (m - 1)
    vp, vn, d0, pm_old, dist = full, 0, 0, 0, m
    for ch in text:
        pm = peq.get(ch, 0)
        tr = (((~d0) & pm) << 1) & pm_old
        d0 = (((pm & vp) + vp) ^ vp) | pm | vn | tr
        hp = vn | (~(d0 | vp) & full)
        hn = d0 & vp
        if hp & high:
            dist += 1
        elif hn & high:
            dist -= 1
        hp = ((hp << 1) | 1) & full
        hn = (hn << 1) & full
        vp = hn | (~(d0 | hp) & full)
        vn = hp & d0
        pm_old = pm
    return dist


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a typed name resolved to: an id, or None (unknown or a tie between exercises)."""

    exercise: str | None
    tie: bool = False
    typo: bool = False  # found within the typo allowance, not by an exact or plural key


@dataclass(frozen=True, slots=True)
class _Spelling:
    key: str
    words: tuple[str, ...]
    exercise: str


class NameIndex:
    """Every match key of a catalogue, bucketed for fast exact, plural and typo lookups."""

    __slots__ = (
        "_all_multi",
        "_by_len",
        "_by_len_masks",
        "_by_text",
        "_by_words",
        "_exact",
        "_letters",
        "_resolved",
        "_suggested",
    )

    def __init__(self, catalogue: Catalogue) -> None:
        self._exact: dict[str, str] = {}
        single_word: set[str] = set()
        seen: set[tuple[str, tuple[str, ...]]] = set()
        spellings: list[_Spelling] = []
        for exercise in catalogue.exercises:
            for text in (exercise.id.replace("_", " "), exercise.name, *exercise.aliases):
                words = word_keys(text)
                k = "".join(words)
                if not k:
                    continue
                self._exact.setdefault(k, exercise.id)
                if len(words) == 1:
                    single_word.add(k)
                if (k, words) not in seen:
                    seen.add((k, words))
                    spellings.append(_Spelling(k, words, exercise.id))
        by_len: defaultdict[int, list[tuple[str, str]]] = defaultdict(list)
        by_words: defaultdict[tuple[int, int], list[_Spelling]] = defaultdict(list)
        for k, exercise_id in self._exact.items():
            by_len[len(k)].append((k, exercise_id))
        for spelling in spellings:
            if len(spelling.words) > 1:
                by_words[len(spelling.words), len(spelling.key)].append(spelling)
        self._by_len = dict(by_len)
        self._letters: dict[str, int] = {}
        for k in self._exact:
            for c in k:
                self._letters.setdefault(c, len(self._letters))
        self._by_len_masks = {
            length: [(k, exercise_id, self._letter_mask(k)) for k, exercise_id in entries]
            for length, entries in self._by_len.items()
        }
        self._by_words = {
            count: [(spelling, self._letter_mask(spelling.key)) for spelling in entries]
            for count, entries in by_words.items()
        }
        # A key typed as one word may be one typo from a spaced alias only when no spelling of that
        # key is itself one word (`chestday` is not `chest dip`, `latpulldown` is `lat pulldown`).
        self._all_multi = frozenset(k for k in self._exact if k not in single_word)
        self._resolved: dict[tuple[str, ...], Resolution] = {}
        self._by_text: dict[str, Resolution] = {}  # most names are typed the same way each time
        self._suggested: dict[str, tuple[str, ...]] = {}

    def resolve(self, text: str) -> Resolution:
        """Exact, plural, then the unique nearest allowed typo; a tie or nothing gives None."""
        found = self._by_text.get(text)
        if found is not None:
            return found
        found = self._resolve_words(word_keys(text))
        if len(self._by_text) >= _CACHE_LIMIT:
            self._by_text.clear()
        self._by_text[text] = found
        return found

    def _resolve_words(self, words: tuple[str, ...]) -> Resolution:
        found = self._resolved.get(words)
        if found is None:
            found = self._resolve(words)
            if len(self._resolved) >= _CACHE_LIMIT:
                self._resolved.clear()
            self._resolved[words] = found
        return found

    def exact(self, text: str) -> str | None:
        """Only steps 2 and 3 of §5.1 (exact key, or a plural of one): never a typo (§11 N6.2)."""
        return self._exact_key("".join(word_keys(text)))

    def _exact_key(self, k: str) -> str | None:
        if not k:
            return None
        exact = self._exact.get(k)
        if exact is not None:
            return exact
        for suffix in ("es", "s"):
            if k.endswith(suffix):
                plural = self._exact.get(k[: -len(suffix)])
                if plural is not None:
                    return plural
        return None

    def _resolve(self, words: tuple[str, ...]) -> Resolution:
        k = "".join(words)
        if not k:
            return Resolution(None)
        exact = self._exact_key(k)
        if exact is not None:
            return Resolution(exact)
        allowed = allowed_for_key(len(k))
        if allowed == 0:
            return Resolution(None)
        best = self._typo_multi(k, words) if len(words) > 1 else self._typo_single(k, allowed)
        if not best:
            return Resolution(None)
        low = min(best.values())
        top = [exercise_id for exercise_id, d in best.items() if d == low]
        return Resolution(top[0], typo=True) if len(top) == 1 else Resolution(None, tie=True)

    def _typo_single(self, k: str, allowed: int) -> dict[str, int]:
        best: dict[str, int] = {}
        n = len(k)
        typed_mask = self._letter_mask(k)
        for length in range(n - allowed, n + allowed + 1):
            for alias_key, exercise_id, mask in self._by_len_masks.get(length, ()):
                limit = allowed_for_key(min(n, length))
                if limit > 1 and alias_key in self._all_multi:
                    limit = 1
                if (
                    abs(length - n) > limit
                    or (typed_mask & ~mask).bit_count() > limit
                    or (mask & ~typed_mask).bit_count() > limit
                ):
                    continue
                d = _within(k, alias_key, limit)
                if d <= limit and d < best.get(exercise_id, limit + 1):
                    best[exercise_id] = d
        return best

    def _typo_multi(self, k: str, words: tuple[str, ...]) -> dict[str, int]:
        best: dict[str, int] = {}
        n = len(k)
        typed_mask = self._letter_mask(k)
        allowed = allowed_for_key(n)
        for length in range(n - allowed, n + allowed + 1):
            for spelling, mask in self._by_words.get((len(words), length), ()):
                limit = allowed_for_key(min(n, length))
                if (
                    abs(length - n) > limit
                    or (typed_mask & ~mask).bit_count() > limit
                    or (mask & ~typed_mask).bit_count() > limit
                ):
                    continue
                if not all(_word_close(w, a) for w, a in zip(words, spelling.words, strict=True)):
                    continue
                d = _within(k, spelling.key, limit)
                if d <= limit and d < best.get(spelling.exercise, limit + 1):
                    best[spelling.exercise] = d
        return best

    def suggest(self, text: str) -> tuple[str, ...]:
        """Up to three nearest exercises by key distance (ties by id), for an unknown name."""
        k = key(text)
        found = self._suggested.get(k)
        if found is None:
            found = self._suggest(k)
            if len(self._suggested) >= _CACHE_LIMIT:
                self._suggested.clear()
            self._suggested[k] = found
        return found

    def _suggest(self, k: str) -> tuple[str, ...]:
        if not k:
            return ()
        n = len(k)
        peq = _pattern(k)
        typed_mask = self._letter_mask(k)
        # Past about half the key's length a "suggestion" shares nothing with what was typed.
        threshold = max(2, n // 2)
        best: dict[str, int] = {}
        offset = 0
        while offset <= threshold:
            lengths = (n,) if offset == 0 else (n - offset, n + offset)
            for length in lengths:
                for alias_key, exercise_id, mask in self._by_len_masks.get(length, ()):
                    bound = best.get(exercise_id, threshold + 1) - 1
                    if bound > threshold:
                        bound = threshold
                    # Letters present on one side only each need an edit: a cheap lower bound.
                    if (
                        bound < offset
                        or (typed_mask & ~mask).bit_count() > bound
                        or (mask & ~typed_mask).bit_count() > bound
                    ):
                        continue
                    d = _bit_parallel(peq, n, alias_key)
                    if d <= bound:
                        best[exercise_id] = d
                        if len(best) >= _MAX_SUGGESTIONS:
                            threshold = sorted(best.values())[_MAX_SUGGESTIONS - 1]
            offset += 1
        ranked = sorted(best.items(), key=lambda item: (item[1], item[0]))
        return tuple(exercise_id for exercise_id, d in ranked[:_MAX_SUGGESTIONS] if d <= threshold)

    def _letter_mask(self, k: str) -> int:
        mask = 0
        extra = len(self._letters)
        for c in k:
            bit = self._letters.get(c)
            if bit is None:
                bit = extra
                extra += 1
            mask |= 1 << bit
        return mask


def _word_close(typed: str, alias: str) -> bool:
    limit = allowed_for_word(min(len(typed), len(alias)))
    return _within(typed, alias, limit) <= limit


def name_index(catalogue: Catalogue) -> NameIndex:
    """The index of a catalogue, built once per catalogue object (this runs on every message).

    Kept on the catalogue object, not in a small LRU: every user with exercises of their own has
    a catalogue of their own (core/custom_exercises.py), which brings a cheap layered index.
    """
    index = catalogue.names
    if index is None:
        index = catalogue.names = NameIndex(catalogue)
    return index
