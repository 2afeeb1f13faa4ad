"""The state of one line's reading: set drafts, number and conflict checks, questions and errors."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TypeVar

from core.model import Failure, Unit
from core.notation import loads as ld
from core.notation import vocab
from core.notation.context import ExerciseKind, ParseFailure
from core.notation.lexer import Note
from core.notation.readings import Part, Reading, describe, merged, num, spell
from core.notation.tokens import COMMA, COUNT, NUM, TIMES, WORD, Tok
from core.plausibility import HARD_LIMIT, hold_ok
from core.wording import parse_errors as say

# What may stand between "N sets" and the reps of each (`3 sets x 10`, `3 sets, 10 reps`).
_BEFORE_REPS = frozenset((TIMES, COMMA))

_T = TypeVar("_T")
TEN = Decimal(10)
HALF = Decimal("0.5")
MAX_SETS = 20
_FIVE = Decimal(5)


class SetDraft:
    """A set being read; markers are applied to it until the line is done.

    Markers default on the class: most sets have none, so a new draft sets five fields, not ten.
    """

    failure: Failure | None = None
    rpe: Decimal | None = None
    rir: Decimal | None = None
    warmup = False
    drop = False

    def __init__(
        self, weight: Decimal, unit: Unit, bodyweight: bool, reps: int | None, seconds: int | None
    ) -> None:
        self.weight = weight
        self.unit = unit
        self.bodyweight = bodyweight
        self.reps = reps
        self.seconds = seconds


def rewrite(tokens: list[Tok], ex: ExerciseKind) -> list[Tok]:
    """Words whose meaning depends on the exercise (N11 `70s` dumbbells, N13 `1m` holds)."""
    if not ex.dumbbell and not ex.hold:
        return tokens
    out: list[Tok] = []
    n = len(tokens)
    for k, tok in enumerate(tokens):
        prev = out[-1] if out else None
        glued = prev is not None and prev.kind == NUM and not tok.gap and tok.kind == WORD
        if glued and ex.hold and tok.low == "m":
            tok.low = "min"
        elif (
            glued
            and ex.dumbbell
            and not ex.timed
            and tok.low == "s"
            and prev is not None
            and prev.value >= _FIVE
            and k + 1 < n
            and (tokens[k + 1].kind in (TIMES, NUM) or tokens[k + 1].low in vocab.REPS_WORDS)
        ):
            continue  # `db bench 70s x 8`: a pair of 70 lb dumbbells, not 70 seconds
        out.append(tok)
    return out


class LineBase:
    """What every part of a line's reading shares: tokens, exercise, drafts and checks."""

    # Defaults on the class; a line's reading sets them only when they change.
    chain_first = 0
    chain_warmup = False
    first_group = True
    pair_a: ld.Load | None = None  # the current group's pair, for N11's `@N`
    warm_all = False  # a warm-up label or header marks every set of the line
    warm_name = False  # a warm-up word by the name marks groups up to a bigger one (N17)
    trailing: tuple[int, str] | None = None  # N6.1: words after the sets, and where
    name_at: int | None = None  # where a name typed after the sets begins (N10)

    def __init__(
        self,
        line: str,
        tokens: list[Tok],
        span: tuple[int, int],
        exercise: ExerciseKind,
        unit: Unit,
        prefix: str | None,
        warmup: tuple[bool, bool] = (False, False),
        notes: tuple[list[Note], int] = ([], 0),
    ) -> None:
        self.line = line
        # The sets end where the line's tokens end, or where the name begins (`50 push-ups`, N10).
        t = tokens if span[1] == len(tokens) else tokens[: span[1]]
        self.t = rewrite(t, exercise) if exercise.dumbbell or exercise.hold else t
        if span[1] < len(tokens):
            self.name_at = tokens[span[1]].start
        self.start = self.chain_tok = span[0]
        self.stop = len(self.t)
        self.ex = exercise
        self.unit = unit
        self.prefix = prefix  # what a candidate puts before the sets; None: the line's own
        self.sets: list[SetDraft] = []
        if warmup[0] or warmup[1]:
            self.warm_all, self.warm_name = warmup
        self.bracket_notes, self.cut = notes  # the line's notes, and where a `#` note begins

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
        if drop:
            entry.drop = True
        if self.chain_warmup:
            entry.warmup = True
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

    def _load(self, load: ld.Load) -> tuple[Decimal, bool, Unit]:
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
        if abs(weight) > HARD_LIMIT[unit]:
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

    def _amount(self, tok: Tok, head_end: int) -> tuple[int | None, int | None]:
        """Reps, or on a hold the seconds of a plain number (`plank +10x60`); carries need `s`."""
        if not self.ex.timed:
            return self._reps(tok), None
        if self.ex.hold and hold_ok(tok.value):
            return None, int(tok.value)
        raise self._time_unit(head_end)

    def _time_unit(self, head_end: int) -> ParseFailure:
        return ParseFailure(
            "incomplete_set", say.time_needs_unit(self._through(head_end), self._timed_example())
        )

    def _sets(self, tok: Tok) -> int:
        whole = tok.is_int or (tok.kind == COUNT and tok.value % 1 == 0)
        if not whole or not 1 <= tok.value <= MAX_SETS:
            raise ParseFailure(
                "sets_out_of_range", say.sets_out_of_range(tok.text, self._example())
            )
        return int(tok.value)

    def _seconds(self, duration: ld.Duration) -> int:
        seconds = duration.seconds
        if seconds % 1 != 0 or not 1 <= seconds <= 3600:
            raise ParseFailure(
                "time_out_of_range",
                say.time_out_of_range(
                    self._span(duration.first, duration.end), self._timed_example()
                ),
            )
        return int(seconds)

    # -- quoting, questions and errors -----------------------------------------------------------

    def _span(self, i: int, j: int) -> str:
        t = self.t
        if not t:
            return ""
        i, j = max(0, min(i, len(t) - 1)), max(1, min(j, len(t)))
        return self.line[t[i].start : t[j - 1].end]

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

    def _bare_part(
        self,
        count: int,
        value: Decimal | None,
        reps: int | None = None,
        seconds: int | None = None,
        rpe: Decimal | None = None,
    ) -> Part:
        """A reading of a number typed bare as this exercise's load (assistance is negative)."""
        ex = self.ex
        load = -value if value is not None and ex.assisted else value
        return Part(count, load, self.unit, reps, seconds, ex.bodyweight or ex.assisted, rpe)

    def candidate(self, i: int, j: int, reading: Reading) -> str:
        """This line with tokens i..j-1 written as `reading` (§11 N1: one line per reading)."""
        t = self.t
        before = self.line[t[self.start].start : t[i].start] if i > self.start else ""
        # `50 push-ups` (N10): the name was after the sets; the candidate puts it first.
        after = self.line[t[j - 1].end : self.name_at] if j > 0 else ""
        if after[:1].isalnum():
            after = f" {after}"  # `plank 8PR`: the spelled group must not run into a word
        own = self.line[: t[self.start].start] if self.start < len(t) else ""
        prefix = " ".join((own if self.prefix is None else self.prefix).split())
        prefix = f"{prefix} " if prefix else ""
        text = f"{prefix}{before}{spell(reading, not before.strip())}{after}"
        return " ".join(text.split())

    def ask(self, i: int, j: int, readings: Sequence[Reading]) -> ParseFailure:
        """`ambiguous`: tokens i..j-1 read several ways; one candidate line per reading."""
        storable = (r for r in readings if r and all(p.count >= 1 for p in r))
        distinct = list({merged(r): r for r in storable}.values())
        if not distinct:  # no reading could be stored: say what was not understood
            return self._unexpected(i)
        candidates = tuple(self.candidate(i, j, r) for r in distinct)
        shown = [c.replace("@ ?", f"@ {self.ex.example_load()}", 1) for c in candidates]
        message = say.ambiguous(self._through(j), [describe(r) for r in distinct], shown)
        return ParseFailure("ambiguous", message, candidates=candidates)

    def _unexpected(self, i: int) -> ParseFailure:
        t = self.t
        leftover = self._span(i, len(t))
        if i > self.start and t[i - 1].kind == NUM and ld.word_at(t, i, vocab.SET_COUNT_WORDS):
            # `bench 60kg for 3 sets of 10`: the number before "sets" counts sets. The note
            # hint (`bench 60kg for 3 # sets of 10`) would log 3 reps; show sets × reps.
            return ParseFailure("unexpected_text", self._count_of_sets(i))
        done = self.line[t[self.start].start : t[i].start].strip(" ,;/-") if i > self.start else ""
        example = (
            f"{self.ex.name} {done} # {leftover}" if done else f"{self._example()} # {leftover}"
        )
        return ParseFailure("unexpected_text", say.unexpected_text(leftover, example))

    def _count_of_sets(self, i: int) -> str:
        """What to write for `<load> [for] N sets [of R]`: `<name> <load> NxR`."""
        t = self.t
        count = t[i - 1].text
        k = i + 1  # the reps: `of 10`, `x 10`, `, 10 reps`
        while k < len(t) and (t[k].kind in _BEFORE_REPS or t[k].low in vocab.SET_COUNT_LINKS):
            k += 1
        load = self.line[t[self.start].start : t[i - 1].start].split()
        while load and load[-1].casefold() in vocab.FOR_WORDS:
            load.pop()
        duration = ld.parse_duration(t, k)
        if duration is not None:  # `3 sets of 60 sec`: a load held for a time, 3 times
            scheme = ["x", f"{duration.seconds:g}s", "x", count]
        else:
            scheme = [f"{count}x{t[k].text if ld.kind_at(t, k, NUM) else '8'}"]
        example = " ".join([self.ex.name, *load, *scheme])
        return say.count_of_sets(self._span(i - 1, len(t)), example)

    def _incomplete(self, head_end: int) -> ParseFailure:
        return ParseFailure(
            "incomplete_set", say.weight_and_reps(self._through(head_end), self._example())
        )

    def _need_load(self, sets: Tok, reps: Tok, head: tuple[int, int]) -> ParseFailure:
        """N3.5: sets and reps, but no weight: ask for it (candidates stay empty; `fill` is the
        line with `@ ?` where the load goes)."""
        example = f"{self.ex.name} {sets.text}x{reps.text} @ {self.ex.example_load()}"
        message = say.missing_load(
            self._through(head[1]), sets.text, reps.text, example + self.unit.value
        )
        fill = None
        if sets.is_int and reps.kind == NUM and reps.is_int:
            group = (Part(int(sets.value), None, self.unit, reps=int(reps.value)),)
            fill = self.candidate(*head, group)
        return ParseFailure("incomplete_set", message, fill=fill)


def need(value: _T | None) -> _T:
    """A field the recognised form guarantees (narrows Optional for the type checker)."""
    assert value is not None
    return value
