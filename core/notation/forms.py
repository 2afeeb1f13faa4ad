"""The group forms of §5.2 (pair, triple, scheme, …): each turns a recognised head into sets."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from core.notation import heads as h
from core.notation.base import MAX_SETS, LineBase, need, num
from core.notation.context import ParseFailure
from core.notation.markers import parse_marker
from core.notation.tokens import NUM
from core.wording import parse_errors as say

REPS = "reps"  # the group takes a list of reps after it
TIME = "time"  # the group takes a list of times after it


class GroupForms(LineBase):
    """Builders for each head form; they return which list may follow (REPS, TIME or None)."""

    def _pair(self, head: h.Head, drop: bool = False) -> str | None:
        load, reps_tok = need(head.load), need(head.reps)
        if head.b_unit is not None:
            raise ParseFailure(
                "unexpected_text", say.two_units(self._head_text(head), self._example())
            )
        weight, bodyweight, unit = self._load(load, head)
        self._no_reps_on_timed(head)
        reps = self._reps(reps_tok)
        self._bar_check(load, head)
        self.pair_a = load
        self._add(weight, unit, bodyweight, reps, None, drop)
        return REPS

    def _rev(self, head: h.Head, drop: bool = False) -> str | None:
        if head.pair_a is not None and head.pair_a.unit is not None:
            raise ParseFailure(
                "unexpected_text", say.two_units(self._head_text(head), self._example())
            )
        reps = self._reps(need(head.reps))
        weight, bodyweight, unit = self._load(need(head.load), head)
        self._no_reps_on_timed(head)
        self._add(weight, unit, bodyweight, reps, None, drop)
        return None

    def _triple(self, head: h.Head) -> str | None:
        a, c = need(head.load), need(head.c_load)
        if head.b_unit is not None or (head.c_unit is not None and not a.bare):
            raise ParseFailure(
                "unexpected_text", say.two_units(self._head_text(head), self._example())
            )
        if head.c_unit is not None:
            # R2: only C carries a unit, so this is sets × reps × load (`3x8x110kg`).
            count = self._sets(self.t[a.first], head)
            reps = self._reps(need(head.reps))
            weight, bodyweight, unit = self._load(c, head)
        else:
            weight, bodyweight, unit = self._load(a, head)
            reps = self._reps(need(head.reps))
            count = self._sets(need(head.sets), head)
            if a.bare and Decimal(count) > a.value:
                # R2: `curls 3x12x15` could be 3 sets of 12 at 15 or 15 sets at 3.
                raise ParseFailure(
                    "ambiguous",
                    say.ambiguous_triple(
                        self._head_text(head),
                        num(a.value),
                        str(reps),
                        str(count),
                        f"{self.ex.name} {num(a.value)}x{reps}x{count}kg",
                        f"{self.ex.name} {count}x{reps}x{num(a.value)}",
                    ),
                )
            self._bar_check(a, head)
        self._no_reps_on_timed(head)
        for _ in range(count):
            self._add(weight, unit, bodyweight, reps, None, False)
        return None

    def _scheme(self, head: h.Head) -> str | None:
        load, sets_tok, reps_tok = head.load, need(head.sets), need(head.reps)
        if head.bare_load and load is not None and (self.ex.bodyweight or self.ex.timed):
            raise (
                self._timed_ambiguity(head)
                if self.ex.timed
                else self._bodyweight_ambiguity(load, head)
            )
        # R3: a following bare number is the load only when larger than both numbers of the pair.
        if (
            head.bare_load
            and load is not None
            and (load.value <= sets_tok.value or load.value <= reps_tok.value)
        ):
            a, b, c, unit = sets_tok.text, reps_tok.text, num(load.value), self.unit.value
            options = [f"{self.ex.name} {a}x{b}, {c}"]
            if sets_tok.is_int and 1 <= sets_tok.value <= MAX_SETS:
                options.append(f"{self.ex.name} {a}x{b} {c}{unit}")
            raise ParseFailure(
                "ambiguous",
                say.ambiguous_scheme(self._head_text(head), a, b, c, unit, options),
            )
        if load is not None and load.first == head.first:  # `100 3x5`: the load comes first
            weight, bodyweight, unit = self._load(load, head)
            count = self._sets(sets_tok, head)
            reps = self._reps(reps_tok)
        else:
            count = self._sets(sets_tok, head)
            reps = self._reps(reps_tok)
            if load is None:
                if not self.ex.bodyweight:
                    raise self._incomplete(head)
                weight, bodyweight, unit = Decimal(0), True, self.unit
            else:
                weight, bodyweight, unit = self._load(load, head)
        self._no_reps_on_timed(head)
        for _ in range(count):
            self._add(weight, unit, bodyweight, reps, None, False)
        return None

    def _at_load(self, head: h.Head) -> str | None:
        reps = self._reps(need(head.reps))
        weight, bodyweight, unit = self._load(need(head.load), head)
        self._no_reps_on_timed(head)
        self._add(weight, unit, bodyweight, reps, None, False)
        return None

    def _for(self, head: h.Head) -> str | None:
        weight, bodyweight, unit = self._load(need(head.load), head)
        reps = self._reps(need(head.reps))
        self._no_reps_on_timed(head)
        self._add(weight, unit, bodyweight, reps, None, False)
        return REPS

    def _bare(self, head: h.Head) -> str | None:
        t, nxt = self.t, head.end
        if nxt < len(t) and t[nxt].kind == NUM and t[nxt].gap and parse_marker(t, nxt) is None:
            raise self._side_by_side(head.first, nxt + 1)
        if self.ex.timed:
            raise self._timed_ambiguity(head)
        if not self.ex.bodyweight:
            raise self._incomplete(head)
        reps = self._reps(need(head.reps))
        self._add(Decimal(0), self.unit, True, reps, None, False)
        return REPS

    def _timed(self, head: h.Head) -> str | None:
        count = self._sets(head.sets, head) if head.sets is not None else 1
        seconds = self._seconds(head.durations[0])
        if not self.ex.bodyweight:
            raise ParseFailure(
                "incomplete_set",
                say.missing_load_for_time(self._head_text(head), self._timed_example()),
            )
        for _ in range(count):
            self._add(Decimal(0), self.unit, True, None, seconds, False)
        return TIME

    def _load_time(self, head: h.Head) -> str | None:
        weight, bodyweight, unit = self._load(need(head.load), head)
        seconds = self._seconds(head.durations[0])
        self._add(weight, unit, bodyweight, None, seconds, False)
        return TIME

    def _load_only(self, head: h.Head) -> str | None:
        raise self._incomplete(head)


BUILDERS: dict[str, Callable[[GroupForms, h.Head], str | None]] = {
    h.PAIR: GroupForms._pair,
    h.REV: GroupForms._rev,
    h.TRIPLE: GroupForms._triple,
    h.SCHEME: GroupForms._scheme,
    h.AT_LOAD: GroupForms._at_load,
    h.FOR: GroupForms._for,
    h.BARE: GroupForms._bare,
    h.TIMED: GroupForms._timed,
    h.LOAD_TIME: GroupForms._load_time,
    h.LOAD_ONLY: GroupForms._load_only,
}
