"""Reading the sets of one line (notation.md §5.2, §5.3, §6): groups, lists, chains, markers."""

from __future__ import annotations

from decimal import Decimal
from typing import TypeVar

from core.model import Failure, Unit
from core.notation import heads as h
from core.notation.context import ExerciseKind, ParseFailure
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
    Tok,
)
from core.units import to_kg
from core.wording import parse_errors as say

_T = TypeVar("_T")
_LIMIT = {Unit.KG: Decimal(1000), Unit.LB: Decimal(2200)}
_BAR = {Unit.KG: Decimal(20), Unit.LB: Decimal(45)}
_TEN = Decimal(10)
_HALF = Decimal("0.5")
_MAX_SETS = 20
_REPS = "reps"
_TIME = "time"


class SetDraft:
    """A set being read; markers are applied to it until the line is done."""

    __slots__ = (
        "bodyweight",
        "drop",
        "failure",
        "reps",
        "rir",
        "rpe",
        "seconds",
        "unit",
        "warmup",
        "weight",
    )

    def __init__(
        self, weight: Decimal, unit: Unit, bodyweight: bool, reps: int | None, seconds: int | None
    ) -> None:
        self.weight = weight
        self.unit = unit
        self.bodyweight = bodyweight
        self.reps = reps
        self.seconds = seconds
        self.failure: Failure | None = None
        self.rpe: Decimal | None = None
        self.rir: Decimal | None = None
        self.warmup = False
        self.drop = False


class LineSets:
    """Parses the sets part of one line, left to right; raises ParseFailure at the first problem."""

    def __init__(
        self,
        line: str,
        tokens: list[Tok],
        start: int,
        exercise: ExerciseKind,
        unit: Unit,
        warmup: bool,
    ) -> None:
        self.line = line
        self.t = tokens
        self.start = start
        self.ex = exercise
        self.unit = unit
        self.line_warmup = warmup
        self.sets: list[SetDraft] = []
        self.chain_first = 0
        self.chain_tok = start
        self.chain_warmup = False
        self.pair_a: h.Load | None = None  # the current group's pair, for R4

    # -- reading ------------------------------------------------------------------------------

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
                count = _need(head.reps).text
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
        kind = _builders[form](self, head)
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

    # -- group forms ----------------------------------------------------------------------------

    def _pair(self, head: h.Head, drop: bool = False) -> str | None:
        load, reps_tok = _need(head.load), _need(head.reps)
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
        return _REPS

    def _rev(self, head: h.Head, drop: bool = False) -> str | None:
        if head.pair_a is not None and head.pair_a.unit is not None:
            raise ParseFailure(
                "unexpected_text", say.two_units(self._head_text(head), self._example())
            )
        reps = self._reps(_need(head.reps))
        weight, bodyweight, unit = self._load(_need(head.load), head)
        self._no_reps_on_timed(head)
        self._add(weight, unit, bodyweight, reps, None, drop)
        return None

    def _triple(self, head: h.Head) -> str | None:
        a, c = _need(head.load), _need(head.c_load)
        if head.b_unit is not None or (head.c_unit is not None and not a.bare):
            raise ParseFailure(
                "unexpected_text", say.two_units(self._head_text(head), self._example())
            )
        if head.c_unit is not None:
            # R2: only C carries a unit, so this is sets × reps × load (`3x8x110kg`).
            count = self._sets(self.t[a.first], head)
            reps = self._reps(_need(head.reps))
            weight, bodyweight, unit = self._load(c, head)
        else:
            weight, bodyweight, unit = self._load(a, head)
            reps = self._reps(_need(head.reps))
            count = self._sets(_need(head.sets), head)
            if a.bare and Decimal(count) > a.value:
                # R2: `curls 3x12x15` could be 3 sets of 12 at 15 or 15 sets at 3.
                raise ParseFailure(
                    "ambiguous",
                    say.ambiguous_triple(
                        self._head_text(head),
                        _n(a.value),
                        str(reps),
                        str(count),
                        f"{self.ex.name} {_n(a.value)}x{reps}x{count}kg",
                        f"{self.ex.name} {count}x{reps}x{_n(a.value)}",
                    ),
                )
            self._bar_check(a, head)
        self._no_reps_on_timed(head)
        for _ in range(count):
            self._add(weight, unit, bodyweight, reps, None, False)
        return None

    def _scheme(self, head: h.Head) -> str | None:
        load, sets_tok, reps_tok = head.load, _need(head.sets), _need(head.reps)
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
            a, b, c, unit = sets_tok.text, reps_tok.text, _n(load.value), self.unit.value
            options = [f"{self.ex.name} {a}x{b}, {c}"]
            if sets_tok.is_int and 1 <= sets_tok.value <= _MAX_SETS:
                options.append(f"{self.ex.name} {a}x{b} {c}{unit}")
            raise ParseFailure(
                "ambiguous",
                say.ambiguous_scheme(self._head_text(head), a, b, c, unit, options),
            )
        if load is not None and load.first < sets_tok_index(self.t, sets_tok):
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
        reps = self._reps(_need(head.reps))
        weight, bodyweight, unit = self._load(_need(head.load), head)
        self._no_reps_on_timed(head)
        self._add(weight, unit, bodyweight, reps, None, False)
        return None

    def _for(self, head: h.Head) -> str | None:
        weight, bodyweight, unit = self._load(_need(head.load), head)
        reps = self._reps(_need(head.reps))
        self._no_reps_on_timed(head)
        self._add(weight, unit, bodyweight, reps, None, False)
        return _REPS

    def _bare(self, head: h.Head) -> str | None:
        t, nxt = self.t, head.end
        if nxt < len(t) and t[nxt].kind == NUM and t[nxt].gap and parse_marker(t, nxt) is None:
            raise self._side_by_side(head.first, nxt + 1)
        if self.ex.timed:
            raise self._timed_ambiguity(head)
        if not self.ex.bodyweight:
            raise self._incomplete(head)
        reps = self._reps(_need(head.reps))
        self._add(Decimal(0), self.unit, True, reps, None, False)
        return _REPS

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
        return _TIME

    def _load_time(self, head: h.Head) -> str | None:
        weight, bodyweight, unit = self._load(_need(head.load), head)
        seconds = self._seconds(head.durations[0])
        self._add(weight, unit, bodyweight, None, seconds, False)
        return _TIME

    def _load_only(self, head: h.Head) -> str | None:
        raise self._incomplete(head)

    # -- lists and markers ----------------------------------------------------------------------

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
            if kind == _TIME:
                duration = h.parse_duration(t, k)
                if duration is None:
                    break
                prev = self.sets[-1]
                self._add(
                    prev.weight, prev.unit, prev.bodyweight, None, self._seconds(duration), False
                )
                self._list_size(k)
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
                and t[k].value <= _TEN
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
            self._list_size(k)
            j, after_effort = item_end, False
        return j

    def _list_size(self, k: int) -> None:
        # A list is one group: 0 or more than 20 sets in it is out of range (§8).
        count = len(self.sets) - self.chain_first
        if count > _MAX_SETS:
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
            value = _need(marker.value)
            if marker.kind == RPE:
                if not (1 <= value <= _TEN and (value * 2) % 1 == 0):
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
                if not (0 <= value <= _TEN and (value * 2) % 1 == 0):
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
        if written_at and a is not None and a.bare and a.value <= _TEN:
            entry = self.sets[-1]
            reps = entry.reps if entry.reps is not None else 10
            v = _n(value)
            raise ParseFailure(
                "ambiguous",
                say.ambiguous_at(
                    self._span(a.first, i + (1 if tok.kind == MARK else 2)),
                    _n(a.value),
                    v,
                    f"{self.ex.name} {_n(a.value)}x{reps} @ {v}kg",
                    f"{self.ex.name} {_n(a.value)}kg x {reps} rpe {v}",
                ),
            )

    def _check(self, entry: SetDraft, i: int, j: int) -> None:
        """§6 conflicts on one set; the quote is the text from i to j."""
        if not entry.warmup and entry.failure is None and (entry.rpe is None or entry.rir is None):
            return
        example, quoted = self._example(), self._span(i, j)
        if entry.failure is not None and (
            (entry.rpe is not None and entry.rpe < _TEN)
            or (entry.rir is not None and entry.rir > 0)
        ):
            raise ParseFailure(
                "conflicting_markers", say.failure_with_effort(quoted, f"{example} F")
            )
        if (
            entry.rpe is not None
            and entry.rir is not None
            and abs(entry.rpe + entry.rir - _TEN) > _HALF
        ):
            raise ParseFailure("conflicting_markers", say.effort_disagrees(quoted, f"{example} @8"))
        if entry.warmup and (
            entry.failure is not None or entry.rpe is not None or entry.rir is not None
        ):
            raise ParseFailure(
                "conflicting_markers", say.warmup_with_effort(quoted, f"{example} w")
            )
        if entry.warmup and entry.drop:
            raise ParseFailure(
                "conflicting_markers", say.warmup_drop(quoted, f"{self.ex.name} 20x10 > 15x8")
            )

    # -- numbers --------------------------------------------------------------------------------

    def _add(
        self,
        weight: Decimal,
        unit: Unit,
        bodyweight: bool,
        reps: int | None,
        seconds: int | None,
        drop: bool,
    ) -> None:
        entry = SetDraft(weight, unit, bodyweight, reps, seconds)
        entry.drop = drop
        entry.warmup = self.line_warmup or self.chain_warmup
        self._check(entry, self.start, len(self.t))
        self.sets.append(entry)

    def _load(self, load: h.Load, head: h.Head) -> tuple[Decimal, bool, Unit]:
        """Weight, bodyweight flag and unit of a load on this exercise (R6), range-checked."""
        if load.unit is not None:
            self.unit = load.unit
        unit = self.unit
        value, ex = load.value, self.ex
        if ex.assisted:
            if load.sign == "+":
                raise ParseFailure(
                    "weight_out_of_range",
                    say.weight_added_to_assisted(self._span(load.first, load.end), ex.example()),
                )
            weight, bodyweight = -value, True
        elif ex.bodyweight:
            if load.bare:
                raise self._bodyweight_ambiguity(load, head)
            weight, bodyweight = (-value if load.sign == "-" else value), True
        elif load.bw or load.sign is not None:
            if load.sign == "-":
                raise ParseFailure(
                    "weight_out_of_range",
                    say.weight_negative(self._span(load.first, load.end), "pullups -30x8"),
                )
            weight, bodyweight = value, True
        else:
            if value == 0:
                raise ParseFailure(
                    "weight_out_of_range",
                    say.weight_zero(self._span(load.first, load.end), ex.example()),
                )
            weight, bodyweight = value, False
        if abs(weight) > _LIMIT[unit]:
            raise ParseFailure(
                "weight_out_of_range",
                say.weight_too_heavy(f"{_n(value)} {unit.value}", ex.example()),
            )
        return (weight if weight != 0 else Decimal(0)), bodyweight, unit

    def _reps(self, tok: Tok) -> int:
        if not tok.is_int or not 1 <= tok.value <= 100:
            raise ParseFailure(
                "reps_out_of_range", say.reps_out_of_range(tok.text, self._example())
            )
        return int(tok.value)

    def _sets(self, tok: Tok, head: h.Head) -> int:
        if not tok.is_int or not 1 <= tok.value <= _MAX_SETS:
            example = self._example()
            if head.form == h.TRIPLE and head.load is not None and head.reps is not None:
                example = f"{self.ex.name} {_n(head.load.value)}x{head.reps.text}x3"
            if (
                head.form == h.TRIPLE
                and head.load is not None
                and head.load.bare
                and head.reps is not None
                and tok.value > _MAX_SETS
                and 1 <= head.load.value <= _MAX_SETS
            ):
                # `3x8x110` is 110 sets, never reordered: suggest the weight-first spelling.
                example = (
                    f"{self.ex.name} {tok.text}x{head.reps.text}x{_n(head.load.value)} "
                    f"({tok.text} kg, {head.reps.text} reps, {_n(head.load.value)} sets)"
                )
            raise ParseFailure("sets_out_of_range", say.sets_out_of_range(tok.text, example))
        return int(tok.value)

    def _seconds(self, duration: h.Duration) -> int:
        seconds = duration.seconds
        if seconds % 1 != 0 or not 1 <= seconds <= 3600:
            raise ParseFailure(
                "time_out_of_range",
                say.time_out_of_range(
                    self._span(duration.first, duration.end), self._timed_example()
                ),
            )
        return int(seconds)

    def _bar_check(self, load: h.Load, head: h.Head) -> None:
        # R1: on a barbell a unitless load below an empty bar is probably a set count (`squat 3x5`).
        if not self.ex.barbell or not load.bare or not 0 < load.value < _BAR[self.unit]:
            return
        a = _n(load.value)
        b = head.reps.text if head.reps is not None else "5"
        raise ParseFailure(
            "ambiguous",
            say.ambiguous_bar(
                self._head_text(head),
                a,
                f"{a} {self.unit.value}",
                b,
                f"{self.ex.name} {a}x{b} 100",
                f"{self.ex.name} {a}{self.unit.value} x {b}",
            ),
        )

    def _no_reps_on_timed(self, head: h.Head) -> None:
        if self.ex.timed:
            raise self._timed_ambiguity(head)

    # -- errors ---------------------------------------------------------------------------------

    def _span(self, i: int, j: int) -> str:
        t = self.t
        if not t:
            return ""
        i, j = max(0, min(i, len(t) - 1)), max(1, min(j, len(t)))
        return self.line[t[i].start : t[j - 1].end]

    def _head_text(self, head: h.Head) -> str:
        return self._through(head.end)

    def _through(self, j: int) -> str:
        """The line from its start (the name included) through token j - 1."""
        t = self.t
        j = max(1, min(j, len(t)))
        return self.line[: t[j - 1].end].strip()

    def _example(self) -> str:
        return self.ex.example()

    def _timed_example(self) -> str:
        if self.ex.timed and not self.ex.bodyweight:
            return f"{self.ex.name} 40kg x 60s"
        return f"{self.ex.name} 60s" if self.ex.bodyweight else "plank 90s"

    def _unexpected(self, i: int) -> ParseFailure:
        t = self.t
        leftover = self._span(i, len(t))
        done = self.line[t[self.start].start : t[i].start].strip(" ,;/-") if i > self.start else ""
        example = (
            f"{self.ex.name} {done} # {leftover}" if done else f"{self._example()} # {leftover}"
        )
        return ParseFailure("unexpected_text", say.unexpected_text(leftover, example))

    def _incomplete(self, head: h.Head) -> ParseFailure:
        return ParseFailure(
            "incomplete_set", say.weight_and_reps(self._head_text(head), self._example())
        )

    def _side_by_side(self, i: int, j: int) -> ParseFailure:
        # R8: `bench 80 8`, `dips 12 12 10`; the example writes the numbers the unambiguous way.
        t, k = self.t, i
        while k < len(t) and t[k].kind in (NUM, COMMA, SLASH, DASH, TIMES):
            k += 1
        numbers = [tok.text for tok in t[i:k] if tok.kind == NUM]
        name = self.ex.name
        if len(numbers) < 2:
            example = self._example()
        elif self.ex.timed:
            example = f"{name} " + ", ".join(f"{n}s" for n in numbers)
        elif self.ex.bodyweight:
            example = f"{name} " + ", ".join(numbers)
        else:
            example = f"{name} {numbers[0]}x" + ", ".join(numbers[1:])
        return ParseFailure("ambiguous", say.ambiguous_side_by_side(self._through(len(t)), example))

    def _timed_ambiguity(self, head: h.Head) -> ParseFailure:
        return ParseFailure(
            "ambiguous", say.ambiguous_timed(self._head_text(head), self._timed_example())
        )

    def _bodyweight_ambiguity(self, load: h.Load, head: h.Head) -> ParseFailure:
        # R6: a bare number before × on a bodyweight exercise is a set count or an added load.
        a, name, unit = _n(load.value), self.ex.name, self.unit.value
        quoted = self._head_text(head)
        if self.ex.timed:
            b = head.reps.text if head.reps is not None else "60"
            return ParseFailure("ambiguous", say.ambiguous_timed(quoted, f"{name} {a}x{b}s"))
        if head.form == h.PAIR and head.reps is not None:
            b = head.reps.text
            if load.value % 1 == 0 and 1 <= load.value <= _MAX_SETS:
                options = [f"{name} {a}x{b} bw"]
                if load.value <= 4:
                    options.append(f"{name} {', '.join([b] * int(load.value))}")
                options.append(f"{name} +{a}x{b}")
                return ParseFailure(
                    "ambiguous", say.ambiguous_bodyweight(quoted, a, f"+{a} {unit}", b, options)
                )
        return ParseFailure(
            "ambiguous",
            say.ambiguous_bodyweight_load(quoted, a, [f"{name} +{a}x8", f"{name} -{a}x8"]),
        )


def sets_tok_index(t: list[Tok], tok: Tok) -> int:
    for index, candidate in enumerate(t):
        if candidate is tok:
            return index
    return len(t)


def _need(value: _T | None) -> _T:
    assert value is not None
    return value


def _n(value: Decimal) -> str:
    """A number as the user would type it: `80`, `82.5`."""
    text = format(value.normalize(), "f")
    return text


_builders = {
    h.PAIR: LineSets._pair,
    h.REV: LineSets._rev,
    h.TRIPLE: LineSets._triple,
    h.SCHEME: LineSets._scheme,
    h.AT_LOAD: LineSets._at_load,
    h.FOR: LineSets._for,
    h.BARE: LineSets._bare,
    h.TIMED: LineSets._timed,
    h.LOAD_TIME: LineSets._load_time,
    h.LOAD_ONLY: LineSets._load_only,
}
