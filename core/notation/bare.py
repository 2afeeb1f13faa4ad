"""Numbers without roles (notation.md §11 N4, N11): bare lists, bodyweight pairs, pair + more."""

from __future__ import annotations

from decimal import Decimal

from core.notation import heads as h
from core.notation import loads as ld
from core.notation import readings as rd
from core.notation.base import MAX_SETS, TEN, LineBase, need
from core.notation.readings import Part, Reading
from core.notation.tokens import COMMA, DASH, NUM, SLASH, Tok
from core.plausibility import hold_ok

REPS = "reps"  # the group takes a list of reps after it
TIME = "time"  # the group takes a list of times after it
HOLD = "hold"  # the group takes a list of bare seconds after it (`plank 60, 45`)
_SIXTY = Decimal(60)


class BareForms(LineBase):
    """Groups whose numbers get their roles from the exercise's plausible ranges."""

    def _small_at(self, head: h.Head, a: Decimal, reps_tok: Tok) -> bool:
        """N11: `lateral raise 3x12 @ 8` is 3 sets at 8 kg; `curls 8x12 @9` is a question."""
        value, ex, unit = need(head.small_at).value, self.ex, self.unit
        if ex.bodyweight or ex.timed or a % 1 != 0 or a > TEN or reps_tok.value % 1 != 0:
            return False
        end = head.end + 2
        if a <= 5 and ex.plausible.load_ok(value, unit):
            count, reps = self._sets(self.t[head.first]), self._reps(reps_tok)
            load = ld.Load(value, None, None, False, end - 1, end)
            weight, bodyweight, unit = self._load(load)
            for _ in range(count):
                self._add(weight, unit, bodyweight, reps, None, False)
            head.end = end
            return True
        if a > 5:
            b = int(reps_tok.value)
            as_rpe = (self._bare_part(1, a, reps=b, rpe=value),)
            raise self.ask(head.first, end, [as_rpe, (self._bare_part(int(a), value, reps=b),)])
        return False

    def _pair_extras(self, head: h.Head, a: Decimal, reps_tok: Tok) -> str | None:
        """N11: `bench 80x8 8 7` (more reps at 80), `curls 3x12 15` (3 sets at 15), or ask."""
        extras, unit, p = head.extras, self.unit, self.ex.plausible
        b = reps_tok.value
        more = not self.ex.timed and all(p.reps_ok(e.value) for e in extras)
        weighted = not self.ex.bodyweight and not self.ex.timed
        if weighted and a > TEN and p.load_ok(a, unit) and p.reps_ok(b) and more:
            for tok in (reps_tok, *extras):
                self._add(a, unit, False, self._reps(tok), None, False)
            return None
        c = extras[0].value
        scheme = len(extras) == 1 and a % 1 == 0 and 1 <= a <= MAX_SETS and b % 1 == 0
        if weighted and scheme and a <= 5 and c > a and c > b and p.load_ok(c, unit):
            reps = self._reps(reps_tok)
            for _ in range(int(a)):
                self._add(c, unit, False, reps, None, False)
            return None
        readings: list[Reading] = []
        hold = self.ex.hold
        if b % 1 == 0 and all(e.is_int for e in extras):
            load = Decimal(0) if self.ex.bodyweight else a
            items = (int(b), *(int(e.value) for e in extras))
            readings.append(
                tuple(
                    Part(1, load, unit, None if hold else r, r if hold else None, load == 0)
                    for r in items
                )
            )
        if scheme:
            amount = (None, int(b)) if hold else (int(b), None)
            readings.append((self._bare_part(int(a), c, *amount),))
        raise self.ask(head.first, head.end, readings)

    def _bodyweight_pair(self, head: h.Head, a: Decimal, reps_tok: Tok) -> str | None:
        ex, unit, b = self.ex, self.unit, reps_tok.value
        choice = rd.bodyweight_pair(ex.plausible, a, b, ex.weighted, ex.hold)
        if choice == rd.ADDED:
            weight, _, unit = self._load(ld.Load(a, None, "+", False, head.first, head.first + 1))
            self._add(weight, unit, True, self._reps(reps_tok), None, False)
            return REPS
        if choice == rd.SETS:
            count = int(a)
            seconds = int(b) if ex.hold else None
            reps = None if ex.hold else self._reps(reps_tok)
            for _ in range(count):
                self._add(Decimal(0), unit, True, reps, seconds, False)
            return TIME if ex.hold else REPS
        if not ex.hold:
            self._reps(reps_tok)  # a hard limit first (`pullups 3x150`)
        readings: list[Reading] = []
        seconds, reps = (int(b), None) if ex.hold else (None, int(b))
        if a % 1 == 0 and a <= MAX_SETS and b % 1 == 0:
            readings.append((Part(int(a), Decimal(0), unit, reps, seconds, True),))
        if not ex.hold and b % 1 == 0 and b <= MAX_SETS and a % 1 == 0 and a <= 100:
            readings.append((Part(int(b), Decimal(0), unit, reps=int(a), bodyweight=True),))
        if b % 1 == 0:
            readings.append((Part(1, a, unit, reps, seconds, True),))
        raise self.ask(head.first, head.end, readings[:3])

    def _bare(self, head: h.Head) -> str | None:
        t, ex, first = self.t, self.ex, need(head.reps)
        spaced: list[Tok] = []
        j = head.end
        while j < self.stop and t[j].kind == NUM and t[j].gap and _plain_bare(t, j):
            spaced.append(t[j])
            j = ld.skip_reps(t, j + 1)  # `bench 80 8 reps`
        head.end = j
        if head.load is not None and head.load.bw:  # `pullups bw 10`: reps at bodyweight
            for tok in (first, *spaced):
                self._add(Decimal(0), self.unit, True, self._reps(tok), None, False)
            return REPS
        if ex.hold and t[head.first].kind == NUM:
            listed = _list_ahead(t, j)
            return self._hold_numbers(head, [first, *spaced, *listed], 1 + len(spaced))
        if ex.timed:
            raise self._time_unit(head.end)
        if ex.bodyweight:
            if len(spaced) == 1 and first.value % 1 == 0 and spaced[0].value % 1 == 0:
                # N4: `dips 20 8`: two sets, or +20 for 8?
                a, b = first.value, spaced[0].value
                reps = tuple(
                    Part(1, Decimal(0), self.unit, reps=int(v), bodyweight=True) for v in (a, b)
                )
                raise self.ask(
                    head.first, j, [reps, (Part(1, a, self.unit, reps=int(b), bodyweight=True),)]
                )
            for tok in (first, *spaced):
                self._add(Decimal(0), self.unit, True, self._reps(tok), None, False)
            return REPS
        if not spaced:
            raise self._incomplete(head.end)
        return self._load_then_reps(head, first, spaced, _list_ahead(t, j))

    def _load_then_reps(
        self, head: h.Head, first: Tok, spaced: list[Tok], listed: list[Tok]
    ) -> str | None:
        """N11: `bench 80 8`, `squat 100 5 5 5`, `deadlift 120 5-5-5`; else ask (`curls 10 12`)."""
        p, unit = self.ex.plausible, self.unit
        reps = [*spaced, *listed]
        load = first.value
        if p.load_ok(load, unit) and all(p.reps_ok(r.value) and r.value < load for r in reps):
            at = self.t.index(first)
            weight, bodyweight, unit = self._load(ld.Load(load, None, None, False, at, at + 1))
            for tok in spaced:
                self._add(weight, unit, bodyweight, self._reps(tok), None, False)
            return REPS
        readings: list[Reading] = []
        if all(r.is_int and 1 <= r.value <= 100 for r in reps):
            readings.append(tuple(self._bare_part(1, load, reps=int(r.value)) for r in reps))
        if len(reps) == 1 and first.is_int and 1 <= first.value <= 100:
            readings.append((self._bare_part(1, reps[0].value, reps=int(load)),))
        end = head.end
        if listed:
            end = self.t.index(listed[-1]) + 1
        raise self.ask(head.first, end, readings)

    def _hold_numbers(self, head: h.Head, numbers: list[Tok], added: int) -> str | None:
        """N11: a bare integer of 10–600 on a hold is seconds (`plank 60`); below 10, ask."""
        if all(hold_ok(tok.value) for tok in numbers):
            for tok in numbers[:added]:
                self._add(Decimal(0), self.unit, True, None, int(tok.value), False)
            return HOLD
        value = numbers[0].value
        readings: list[Reading] = []
        if value % 1 == 0 and 1 <= value <= 60:
            minutes = int(value * _SIXTY)
            readings.append((Part(1, Decimal(0), self.unit, seconds=minutes, bodyweight=True),))
        if value % 1 == 0 and 1 <= value <= 3600:
            seconds = int(value)
            readings.append((Part(1, Decimal(0), self.unit, seconds=seconds, bodyweight=True),))
        raise self.ask(head.first, head.end, readings)


def _plain_bare(t: list[Tok], j: int) -> bool:
    """A bare number that is reps or a load by position only (not `8x…`, `60s`, `80kg`, `2 rir`)."""
    head = h.recognize(t, j)
    return head is not None and head.form == h.BARE and head.end == ld.skip_reps(t, j + 1)


def _list_ahead(t: list[Tok], j: int) -> list[Tok]:
    """The numbers of a `,` `/` `-` list at j (`5-5-5`, `10,10,8`), without reading them."""
    found: list[Tok] = []
    while j + 1 < len(t) and t[j].kind in (COMMA, SLASH, DASH) and t[j + 1].kind == NUM:
        if t[j].kind == DASH and (t[j].gap or t[j + 1].gap):
            break
        if ld.parse_duration(t, j + 1) is not None or not _plain_bare(t, j + 1):
            break
        found.append(t[j + 1])
        j += 2
    return found
