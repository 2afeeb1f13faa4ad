"""Reading the sets of one line (notation.md §5.2, §5.3, §6): groups, lists, chains, markers."""

from __future__ import annotations

from decimal import Decimal

from core.model import Failure
from core.notation import heads as h
from core.notation.base import MAX_SETS, TEN, SetDraft, need, num
from core.notation.context import ParseFailure
from core.notation.forms import BUILDERS, TIME, GroupForms
from core.notation.markers import parse_marker
from core.notation.tokens import (
    ARROW,
    AT,
    COMMA,
    DASH,
    FAILURE,
    MARK,
    NUM,
    RIR,
    RPE,
    SEMI,
    SLASH,
    TIMES,
    WARMUP,
    Marker,
)
from core.units import to_kg
from core.wording import parse_errors as say

__all__ = ["LineSets", "SetDraft"]


class LineSets(GroupForms):
    """Parses the sets part of one line, left to right; raises ParseFailure at the first problem."""

    def parse(self) -> list[SetDraft]:
        t, i, first = self.t, self.start, True
        while i < len(t):
            after_space = False
            if not first:
                if t[i].kind in (COMMA, SEMI):
                    i += 1
                    if i >= len(t):
                        raise self._unexpected(i - 1)
                elif t[i].gap:
                    after_space = True
                else:
                    raise self._unexpected(i)
            if not h.starts_group(t, i):
                raise self._unexpected(i)
            i = self._chain(i, after_space)
            first = False
        return self.sets

    def _chain(self, i: int, after_space: bool) -> int:
        self.chain_first = len(self.sets)
        self.chain_tok = i
        self.chain_warmup = False
        j = self._group(i, after_space)
        while j < len(self.t) and self.t[j].kind == ARROW:
            j = self._link(j + 1)
        return j

    def _group(self, i: int, after_space: bool) -> int:
        head = h.recognize(self.t, i)
        if head is None:
            raise self._unexpected(i)
        self.pair_a = None
        form = head.form
        if form == h.BARE and after_space:
            last = self.sets[-1] if self.sets else None
            if self.t[i].kind == TIMES and last is not None and last.seconds is not None:
                # `plank 60s x 3`: sets are counted first (`3x60s`), so say it that way.
                count = need(head.reps).text
                raise ParseFailure(
                    "ambiguous",
                    say.ambiguous_repeat(
                        self._through(head.end), count, f"{self.ex.name} {count}x{last.seconds}s"
                    ),
                )
            raise self._side_by_side(i - 1 if i > 0 else i, head.end)
        if form == h.LOAD_ONLY and i > self.start:
            # A load left dangling after a set is unsupported notation (`+2 partials`, §7).
            raise self._unexpected(i)
        kind = BUILDERS[form](self, head)
        return self._tail(head.end, kind)

    def _link(self, k: int) -> int:
        # R9: each link of a drop chain is one `load × reps` set, lighter than the one before.
        if k >= len(self.t):
            raise self._unexpected(k - 1)
        head = h.recognize(self.t, k)
        if head is None or head.form not in (h.PAIR, h.REV):
            if head is not None and head.form in (h.BARE, h.LOAD_ONLY):
                raise self._incomplete(head)
            raise self._unexpected(k)
        before = self.sets[-1]
        self.pair_a = None
        if head.form == h.PAIR:
            self._pair(head, drop=True)
        else:
            self._rev(head, drop=True)
        after = self.sets[-1]
        if to_kg(after.weight, after.unit) >= to_kg(before.weight, before.unit):
            raise ParseFailure(
                "ambiguous",
                say.ambiguous_drop(
                    self._span(self.chain_tok, head.end), f"{self.ex.name} 10x10, 15x8"
                ),
            )
        return self._tail(head.end, None)

    def _tail(self, j: int, kind: str | None) -> int:
        t = self.t
        after_effort = False
        effort_at = j
        while j < len(t):
            found = parse_marker(t, j)
            if found is not None:
                self._apply(found[0], j, found[1])
                after_effort = found[0].kind in (RPE, RIR)
                effort_at = j
                j = found[1]
                continue
            if kind is None or t[j].kind not in (COMMA, SLASH, DASH):
                break
            sep, k = t[j], j + 1
            if sep.kind == DASH and (
                sep.gap or t[j - 1].kind != NUM or not h.kind_at(t, k, NUM) or t[k].gap
            ):
                break
            if kind == TIME:
                duration = h.parse_duration(t, k)
                if duration is None:
                    break
                prev = self.sets[-1]
                self._add(
                    prev.weight, prev.unit, prev.bodyweight, None, self._seconds(duration), False
                )
                self._list_size()
                j, after_effort = duration.end, False
                continue
            if not h.kind_at(t, k, NUM) or h.parse_duration(t, k) is not None:
                break
            if sep.kind == COMMA:
                nxt = h.recognize(t, k)
                if nxt is not None and nxt.form != h.BARE:
                    break
            item_end = h.skip_reps(t, k + 1)
            if (
                after_effort
                and sep.kind != DASH
                and t[k].value <= TEN
                and parse_marker(t, item_end) is None
            ):
                # R5: `@7, 8, 9` could be more sets or an effort per set.
                raise ParseFailure(
                    "ambiguous",
                    say.ambiguous_effort_list(
                        self._span(effort_at, item_end), self.ex.effort_example()
                    ),
                )
            prev = self.sets[-1]
            self._add(prev.weight, prev.unit, prev.bodyweight, self._reps(t[k]), None, False)
            self._list_size()
            j, after_effort = item_end, False
        return j

    def _list_size(self) -> None:
        # A list is one group: 0 or more than 20 sets in it is out of range (§8).
        count = len(self.sets) - self.chain_first
        if count > MAX_SETS:
            raise ParseFailure(
                "sets_out_of_range",
                say.list_too_long(str(count), self._example()),
            )

    def _apply(self, marker: Marker, i: int, j: int) -> None:
        if marker.kind == WARMUP:
            # Warm-up marks the whole group it is written in (§6), every link of a chain included.
            self.chain_warmup = True
            for entry in self.sets[self.chain_first :]:
                entry.warmup = True
                self._check(entry, self.chain_tok, j)
            return
        target = self.sets[-1]
        if marker.kind == FAILURE:
            if target.failure is not None:
                raise ParseFailure(
                    "conflicting_markers",
                    say.two_markers(
                        "failure markers", self._span(self.chain_tok, j), self._example()
                    ),
                )
            target.failure = marker.failure or (
                Failure.ISOMETRIC if target.seconds is not None else Failure.CONCENTRIC
            )
        else:
            value = need(marker.value)
            if marker.kind == RPE:
                if not (1 <= value <= TEN and (value * 2) % 1 == 0):
                    raise ParseFailure(
                        "effort_out_of_range",
                        say.rpe_out_of_range(self._span(i, j), f"{self._example()} @8.5"),
                    )
                self._r4(i, value)
                if target.rpe is not None:
                    raise ParseFailure(
                        "conflicting_markers",
                        say.two_markers("RPEs", self._span(self.chain_tok, j), self._example()),
                    )
                target.rpe = value
            else:
                if not (0 <= value <= TEN and (value * 2) % 1 == 0):
                    raise ParseFailure(
                        "effort_out_of_range",
                        say.rir_out_of_range(self._span(i, j), f"{self._example()} rir 2"),
                    )
                if target.rir is not None:
                    raise ParseFailure(
                        "conflicting_markers",
                        say.two_markers("RIRs", self._span(self.chain_tok, j), self._example()),
                    )
                target.rir = value
        self._check(target, self.chain_tok, j)

    def _r4(self, i: int, value: Decimal) -> None:
        # R4: after a pair whose first number is a bare ≤ 10, `@7.5` could be an RPE or the load.
        tok = self.t[i]
        written_at = tok.kind == AT or (tok.kind == MARK and tok.text.lstrip("([ ").startswith("@"))
        a = self.pair_a
        if written_at and a is not None and a.bare and a.value <= TEN:
            entry = self.sets[-1]
            reps = entry.reps if entry.reps is not None else 10
            v = num(value)
            raise ParseFailure(
                "ambiguous",
                say.ambiguous_at(
                    self._span(a.first, i + (1 if tok.kind == MARK else 2)),
                    num(a.value),
                    v,
                    f"{self.ex.name} {num(a.value)}x{reps} @ {v}kg",
                    f"{self.ex.name} {num(a.value)}kg x {reps} rpe {v}",
                ),
            )
