"""The group forms of §5.2 (pair, triple, scheme, …): each turns a recognised head into sets."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from core.notation import heads as h
from core.notation import loads as ld
from core.notation import readings as rd
from core.notation.bare import REPS, TIME, BareForms
from core.notation.base import MAX_SETS, need
from core.notation.context import ParseFailure
from core.notation.readings import Part, Reading
from core.notation.tokens import Tok
from core.wording import parse_errors as say


class GroupForms(BareForms):
    """Builders for each head form; they return which list may follow (REPS, TIME or None)."""

    def _pair(self, head: h.Head, drop: bool = False) -> str | None:
        load, reps_tok = need(head.load), need(head.reps)
        if head.b_unit is not None:
            raise ParseFailure(
                "unexpected_text", say.two_units(self._through(head.end), self._example())
            )
        if load.bare and not drop and not self.ex.assisted:
            return self._bare_pair(head, load, reps_tok)
        weight, bodyweight, unit = self._load(load)
        reps, seconds = self._amount(reps_tok, head.end)
        self.pair_a = load
        self._add(weight, unit, bodyweight, reps, seconds, drop)
        return REPS if seconds is None else TIME

    def _bare_pair(self, head: h.Head, load: ld.Load, reps_tok: Tok) -> str | None:
        a, b, unit, ex = load.value, reps_tok.value, self.unit, self.ex
        if head.small_at is not None and self._small_at(head, a, reps_tok):
            return None
        if head.extras:
            return self._pair_extras(head, a, reps_tok)
        if ex.bodyweight:
            return self._bodyweight_pair(head, a, reps_tok)
        if ex.timed:
            raise self._time_unit(head.end)
        p = ex.plausible
        later_w = not self.first_group and p.load_ok(a, unit) and p.reps_ok(b)
        choice = rd.W if later_w else rd.weighted_pair(p, a, b, unit, head.reps_word)
        if choice == rd.W or choice == rd.R:
            weight, reps = (a, reps_tok) if choice == rd.W else (b, self.t[load.first])
            self._add(weight, unit, False, self._reps(reps), None, False)
            self.pair_a = load
            return REPS
        whole = (head.first, head.end)
        w_reading = (Part(1, a, unit, reps=int(b)),) if b % 1 == 0 else ()
        sets_reading = (Part(int(a), None, unit, reps=int(b)),) if a % 1 == 0 else ()
        if choice == rd.ASK_WP:
            raise self.ask(*whole, [w_reading, sets_reading])
        if choice == rd.ASK_RP:
            raise self.ask(*whole, [(Part(1, b, unit, reps=int(a)),), sets_reading])
        if choice == rd.NEED_LOAD:
            raise self._need_load(self.t[load.first], reps_tok, (head.first, head.end))
        self._load(load)  # §8 limits of the default reading come first (`bench 0x8`)
        self._reps(reps_tok)
        readings = [w_reading]
        if a % 1 == 0 and 1 <= a <= 100:
            readings.append((Part(1, b, unit, reps=int(a)),))
        raise self.ask(*whole, readings)

    def _rev(self, head: h.Head, drop: bool = False) -> str | None:
        if head.pair_a is not None and head.pair_a.unit is not None:
            raise ParseFailure(
                "unexpected_text", say.two_units(self._through(head.end), self._example())
            )
        reps_tok = need(head.reps)
        weight, bodyweight, unit = self._load(need(head.load))
        reps, seconds = self._amount(reps_tok, head.end)
        self._add(weight, unit, bodyweight, reps, seconds, drop)
        return None

    def _triple(self, head: h.Head) -> str | None:
        a, c = need(head.load), need(head.c_load)
        if head.b_unit is not None or (c.unit is not None and not a.bare):
            raise ParseFailure(
                "unexpected_text", say.two_units(self._through(head.end), self._example())
            )
        reps_tok, sets_tok = need(head.reps), need(head.sets)
        if c.unit is not None:  # R2: only C carries a unit: sets × reps × load (`3x8x110kg`)
            count_tok, load = self.t[a.first], c
        elif not a.bare or head.sets_word:
            count_tok, load = sets_tok, a
        elif self.ex.bodyweight and not self.ex.weighted:
            b = reps_tok.value
            raise self.ask(head.first, head.end, self._bodyweight_triples(a.value, b, c.value))
        else:
            count_tok, load = self._choose_triple(head, a, c)
        if self.ex.bodyweight and load.bare:
            load = ld.Load(load.value, None, "+", False, load.first, load.end)
        weight, bodyweight, unit = self._load(load)
        (reps, seconds), count = self._amount(reps_tok, head.end), self._sets(count_tok)
        for _ in range(count):
            self._add(weight, unit, bodyweight, reps, seconds, False)
        return None

    def _bodyweight_triples(self, a: Decimal, b: Decimal, c: Decimal) -> list[Reading]:
        unit = self.unit
        found: list[Reading] = []
        reps, seconds = (None, int(b)) if self.ex.hold else (int(b), None)
        for load, count in ((a, c), (c, a)):
            if count % 1 == 0 and 1 <= count <= MAX_SETS and b % 1 == 0:
                found.append((Part(int(count), load, unit, reps, seconds, True),))
        return found

    def _choose_triple(self, head: h.Head, a: ld.Load, c: ld.Load) -> tuple[Tok, ld.Load]:
        """N5: load × reps × sets (L) unless only sets × reps × load (S) is typical; else ask."""
        p, unit = self.ex.plausible, self.unit
        av, bv, cv = a.value, need(head.reps).value, c.value
        whole = (head.first, head.end)
        if self.ex.dumbbell and av == 2 and p.load_ok(bv, unit) and cv % 1 == 0 and bv % 1 == 0:
            # `incline db 2x30 x10`: two dumbbells of 30, or 2 sets?
            pair = (Part(1, bv, unit, reps=int(cv)),)
            raise self.ask(*whole, [pair, (Part(2, cv, unit, reps=int(bv)),)])
        choice, l_ok, s_ok = rd.triple(p, av, bv, cv, unit)
        if choice == rd.L:
            return need(head.sets), a
        if choice == rd.S:
            return self.t[a.first], c
        l_reading, s_reading, m_reading = (
            self._part(cv, av, bv),
            self._part(av, cv, bv),
            self._part(bv, av, cv),
        )
        if l_ok and s_ok:
            raise self.ask(*whole, [s_reading, l_reading])
        readings = [r for r, ok in ((l_reading, l_ok), (s_reading, s_ok)) if ok and r]
        if not readings:
            self._load(a)  # none plausible: the §8 limits of L first (`squat 100x5x21`)
            self._reps(need(head.reps))
            self._sets(need(head.sets))
        if rd.middle_plausible(p, av, bv, cv, unit):
            readings.append(m_reading)
        for extra in (l_reading, s_reading, m_reading):
            if len(readings) < 2 and extra and extra not in readings:
                readings.append(extra)
        raise self.ask(*whole, [r for r in readings if r][:3])

    def _part(self, count: Decimal, load: Decimal, reps: Decimal) -> Reading:
        """One storable reading of a triple, or () when no set could hold it."""
        if count % 1 or reps % 1 or not 1 <= count <= MAX_SETS or not 1 <= reps <= 100:
            return ()
        return (self._bare_part(int(count), load, reps=int(reps)),)

    def _scheme(self, head: h.Head) -> str | None:
        load, sets_tok, reps_tok = head.load, need(head.sets), need(head.reps)
        if load is not None and load.first == head.first:  # `100 3x5`: the load comes first
            weight, bodyweight, unit = self._load(load)
            count = self._sets(sets_tok)
            reps, seconds = self._amount(reps_tok, head.end)
        else:
            count = self._sets(sets_tok)
            reps, seconds = self._amount(reps_tok, head.end)
            if load is None:
                if not self.ex.bodyweight:
                    raise self._need_load(sets_tok, reps_tok, (head.first, head.end))
                weight, bodyweight, unit = Decimal(0), True, self.unit
            else:
                if self.ex.bodyweight and load.bare:
                    load = ld.Load(load.value, None, "+", False, load.first, load.end)
                weight, bodyweight, unit = self._load(load)
        for _ in range(count):
            self._add(weight, unit, bodyweight, reps, seconds, False)
        return None

    def _at_load(self, head: h.Head) -> str | None:
        reps_tok = need(head.reps)
        reps, seconds = self._amount(reps_tok, head.end)
        weight, bodyweight, unit = self._load(need(head.load))
        self._add(weight, unit, bodyweight, reps, seconds, False)
        return None

    def _for(self, head: h.Head) -> str | None:
        reps_tok = need(head.reps)
        load = need(head.load)
        if self.ex.bodyweight and load.bare:
            load = ld.Load(load.value, None, "+", False, load.first, load.end)
        weight, bodyweight, unit = self._load(load)
        reps, seconds = self._amount(reps_tok, head.end)
        self._add(weight, unit, bodyweight, reps, seconds, False)
        return REPS if seconds is None else TIME

    def _timed(self, head: h.Head) -> str | None:
        sets = head.sets
        if sets is not None and self.ex.timed and not self.ex.bodyweight and sets.value > MAX_SETS:
            # N15: `260x60sx3` on a carry: no group has 260 sets, so 260 is the load.
            load = ld.Load(sets.value, None, None, False, head.first, head.first + 1)
            return self._load_time(
                h.Head(h.LOAD_TIME, head.first, head.end, load, durations=head.durations)
            )
        count = self._sets(sets) if sets is not None else 1
        seconds = self._seconds(head.durations[0])
        if not self.ex.timed and not self.ex.bodyweight:
            raise self._incomplete(head.end)
        if not self.ex.bodyweight:
            raise ParseFailure(
                "incomplete_set",
                say.missing_load_for_time(self._through(head.end), self._timed_example()),
            )
        for _ in range(count):
            self._add(Decimal(0), self.unit, True, None, seconds, False)
        return TIME

    def _load_time(self, head: h.Head) -> str | None:
        weight, bodyweight, unit = self._load(need(head.load))
        seconds = self._seconds(head.durations[0])
        self._add(weight, unit, bodyweight, None, seconds, False)
        return TIME

    def _load_only(self, head: h.Head) -> str | None:
        raise self._incomplete(head.end)


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
