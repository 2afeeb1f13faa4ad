"""The state of one line's reading: set drafts, number and conflict checks, error messages."""

from __future__ import annotations

from decimal import Decimal
from typing import TypeVar

from core.model import Failure, Unit
from core.notation import heads as h
from core.notation.context import ExerciseKind, ParseFailure
from core.notation.tokens import (
    COMMA,
    DASH,
    NUM,
    SLASH,
    TIMES,
    Tok,
)
from core.wording import parse_errors as say

_T = TypeVar("_T")
LIMIT = {Unit.KG: Decimal(1000), Unit.LB: Decimal(2200)}
BAR = {Unit.KG: Decimal(20), Unit.LB: Decimal(45)}
TEN = Decimal(10)
HALF = Decimal("0.5")
MAX_SETS = 20


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


class LineBase:
    """What every part of a line's reading shares: tokens, exercise, drafts and checks."""

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

    # -- sets and their checks ------------------------------------------------------------------

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

    def _check(self, entry: SetDraft, i: int, j: int) -> None:
        """§6 conflicts on one set; the quote is the text from i to j."""
        if not entry.warmup and entry.failure is None and (entry.rpe is None or entry.rir is None):
            return
        example, quoted = self._example(), self._span(i, j)
        if entry.failure is not None and (
            (entry.rpe is not None and entry.rpe < TEN) or (entry.rir is not None and entry.rir > 0)
        ):
            raise ParseFailure(
                "conflicting_markers", say.failure_with_effort(quoted, f"{example} F")
            )
        if (
            entry.rpe is not None
            and entry.rir is not None
            and abs(entry.rpe + entry.rir - TEN) > HALF
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
        if abs(weight) > LIMIT[unit]:
            raise ParseFailure(
                "weight_out_of_range",
                say.weight_too_heavy(f"{num(value)} {unit.value}", ex.example()),
            )
        return (weight if weight != 0 else Decimal(0)), bodyweight, unit

    def _reps(self, tok: Tok) -> int:
        if not tok.is_int or not 1 <= tok.value <= 100:
            raise ParseFailure(
                "reps_out_of_range", say.reps_out_of_range(tok.text, self._example())
            )
        return int(tok.value)

    def _sets(self, tok: Tok, head: h.Head) -> int:
        if not tok.is_int or not 1 <= tok.value <= MAX_SETS:
            example = self._example()
            if head.form == h.TRIPLE and head.load is not None and head.reps is not None:
                example = f"{self.ex.name} {num(head.load.value)}x{head.reps.text}x3"
            if (
                head.form == h.TRIPLE
                and head.load is not None
                and head.load.bare
                and head.reps is not None
                and tok.value > MAX_SETS
                and 1 <= head.load.value <= MAX_SETS
            ):
                # `3x8x110` is 110 sets, never reordered: suggest the weight-first spelling.
                example = (
                    f"{self.ex.name} {tok.text}x{head.reps.text}x{num(head.load.value)} "
                    f"({tok.text} kg, {head.reps.text} reps, {num(head.load.value)} sets)"
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
        if not self.ex.barbell or not load.bare or not 0 < load.value < BAR[self.unit]:
            return
        a = num(load.value)
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

    # -- quoting and errors -----------------------------------------------------------------------

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
        a, name, unit = num(load.value), self.ex.name, self.unit.value
        quoted = self._head_text(head)
        if self.ex.timed:
            b = head.reps.text if head.reps is not None else "60"
            return ParseFailure("ambiguous", say.ambiguous_timed(quoted, f"{name} {a}x{b}s"))
        if head.form == h.PAIR and head.reps is not None:
            b = head.reps.text
            if load.value % 1 == 0 and 1 <= load.value <= MAX_SETS:
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


def need(value: _T | None) -> _T:
    """A field the recognised form guarantees (narrows Optional for the type checker)."""
    assert value is not None
    return value


def num(value: Decimal) -> str:
    """A number as the user would type it: `80`, `82.5`."""
    return format(value.normalize(), "f")
