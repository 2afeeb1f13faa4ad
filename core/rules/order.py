"""The engine's input in order: times as instants, history cut to its window and sorted by
time, and sets sharing a time stamp put in canonical order only where a rule looks."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, timezone
from itertools import compress, pairwise
from operator import attrgetter, eq, gt

from core.model import SetRecord
from core.rules.settings import RuleSettings
from core.rules.window import history_since
from core.training.sets import canonical_key
from core.training.workouts import AT

SEQ = attrgetter("seq")


def prefix(
    settings: RuleSettings, history: Sequence[SetRecord], new_sets: Sequence[SetRecord]
) -> tuple[list[SetRecord], int]:
    """History from `history_since` on, in time order, then the new sets; and how many sets
    of that are history. Raises ValueError on naive times or new sets out of order."""
    for s in new_sets:
        if s.at.tzinfo is None or s.at.utcoffset() is None:
            raise ValueError("set times must be timezone-aware")
    new = list(_absolute(new_sets, new_sets))
    for a, b in pairwise(new):
        if b.at < a.at:
            raise ValueError("new sets must be in time order")
    since = history_since(new[0].at, settings) if new else None
    if since is not None and history and history[0].at < since:
        # More history than needed (it usually comes oldest first): cut, then sort.
        hist = sorted([s for s in history if s.at >= since], key=AT)
    else:
        # Timsort is linear on the usual already-ordered input; ties are fixed lazily.
        hist = sorted(history, key=AT)
    if hist and _absolute(hist, (hist[0], hist[-1])) is not hist:
        hist = sorted(_absolute(hist, hist), key=AT)  # zone times sort by wall clock
    if since is not None and hist:
        lo = bisect_left(hist, since, key=AT)
        if lo:
            del hist[:lo]
        if hist and hist[-1].at > new[0].at:
            raise ValueError("new sets must not be earlier than history")
    return hist + new, len(hist)


def _absolute(sets: Sequence[SetRecord], probe: Sequence[SetRecord]) -> Sequence[SetRecord]:
    """Sets whose times do arithmetic on instants.

    Python subtracts and compares datetimes sharing a tzinfo by wall clock, wrong across DST
    for zone-aware times. Set times carry a fixed UTC offset (rules.md §1: ISO 8601 with
    offset; storage gives UTC), which is exact. Checking every set would cost as much as the
    rest of a call, so only `probe` (new sets, the ends of the history) is looked at; a log
    in a zone is converted to UTC once here.
    """
    if all(type(s.at.tzinfo) is timezone for s in probe):
        return sets
    return [
        s if type(s.at.tzinfo) is timezone else replace(s, at=s.at.astimezone(UTC)) for s in sets
    ]


class TieOrder:
    """Canonical order for runs of history sets that share a time stamp, fixed on demand.

    `sets` is the timeline's list (history first, `n_hist` of them); it is reordered in place.
    """

    __slots__ = ("_fixed", "_n", "_sets")

    def __init__(self, sets: list[SetRecord], n_hist: int) -> None:
        self._sets = sets
        self._n = n_hist
        self._fixed = bytearray(n_hist)  # 1 = tie run already in canonical order

    def ensure(self, a: int, b: int) -> None:
        """Put history sets sharing a time stamp in canonical order, for runs meeting [a-1, b).

        Sorting by time alone keeps ties in input order; storage usually hands them over by
        `seq` already, so most runs only need checking. A run is ordered once and never
        again, so positions seen after ordering stay valid.
        """
        a = max(a - 1, 0)
        b = min(b, self._n)
        fixed = self._fixed
        i = fixed.find(0, a, b) if a < b else -1
        while i >= 0:
            j = fixed.find(1, i, b)
            end = b if j < 0 else j
            self._fix(i, end)
            i = fixed.find(0, end, b) if end < b else -1

    def _fix(self, a: int, b: int) -> None:
        sets = self._sets
        n = self._n
        while a > 0 and sets[a - 1].at == sets[a].at:  # whole runs only
            a -= 1
        while b < n and sets[b].at == sets[b - 1].at:
            b += 1
        seg = sets[a:b]
        ats = list(map(AT, seg))
        eqs = list(map(eq, ats[1:], ats))  # eqs[k]: seg[k + 1] ties with seg[k]
        if any(eqs):
            seqs = list(map(SEQ, seg))
            # Fast path, all in C: every tie already ordered by a strictly rising seq.
            if not all(map(gt, compress(seqs[1:], eqs), compress(seqs, eqs))):
                self._sort_runs(a, seg, eqs)
        self._fixed[a:b] = b"\x01" * (b - a)

    def _sort_runs(self, a: int, seg: list[SetRecord], eqs: list[bool]) -> None:
        k = 0
        while k < len(eqs):
            if not eqs[k]:
                k += 1
                continue
            start = k
            while k < len(eqs) and eqs[k]:
                k += 1
            run = seg[start : k + 1]
            run.sort(key=canonical_key)
            self._sets[a + start : a + k + 1] = run
