"""The smallest pieces of a group (notation.md §4, §5.2): loads, durations, and token tests."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from core.model import Unit
from core.notation import vocab
from core.notation.markers import parse_marker
from core.notation.tokens import (
    ARROW,
    AT,
    COLON,
    COMMA,
    COUNT,
    DASH,
    DUAL,
    LB_HASH,
    MARK,
    MSS,
    NUM,
    OTHER,
    PLUS,
    SEMI,
    SLASH,
    TIMES,
    WORD,
    Tok,
)
from core.units import to_kg

_TEN = Decimal(10)
_SIXTY = Decimal(60)
_DUAL_TOLERANCE = Decimal("0.02")


@dataclass(slots=True)
class Load:
    """A load as written: number, unit, sign, `bw`; `first`/`end` are its token positions."""

    value: Decimal
    unit: Unit | None
    sign: str | None
    bw: bool
    first: int
    end: int

    @property
    def bare(self) -> bool:
        """A plain number: no unit, no sign, no `bw`."""
        return self.unit is None and self.sign is None and not self.bw


@dataclass(slots=True)
class Duration:
    seconds: Decimal
    first: int
    end: int


def unit_at(t: list[Tok], j: int) -> Unit | None:
    if j >= len(t):
        return None
    tok = t[j]
    if tok.kind == LB_HASH:
        return Unit.LB
    if tok.kind == WORD:
        return vocab.UNITS.get(tok.low)
    return None


def word_at(t: list[Tok], j: int, words: frozenset[str] | str) -> bool:
    if j >= len(t) or t[j].kind != WORD:
        return False
    return t[j].low == words if isinstance(words, str) else t[j].low in words


def kind_at(t: list[Tok], j: int, kind: str) -> bool:
    return j < len(t) and t[j].kind == kind


def skip_reps(t: list[Tok], j: int) -> int:
    """Past an optional rep word (`reps`, `раз`, `Wdh`)."""
    return j + 1 if j < len(t) and t[j].kind == WORD and t[j].low in _REPS else j


_REPS = vocab.REPS_WORDS


def signed_number(t: list[Tok], j: int) -> bool:
    """`+20`, `-30`: a sign glued to a number."""
    return (
        j + 1 < len(t) and t[j].kind in (PLUS, DASH) and t[j + 1].kind == NUM and not t[j + 1].gap
    )


def parse_duration(t: list[Tok], i: int) -> Duration | None:
    """`60s`, `90 sec`, `2 min`, `1.5 min`, `1:30`, `1 min 30`, `1'30"` (N15)."""
    if i >= len(t):
        return None
    tok = t[i]
    if tok.kind == MSS:
        return Duration(tok.value, i, i + 1)
    if tok.kind == NUM and i + 1 < len(t) and t[i + 1].kind == WORD:
        word = t[i + 1].low
        if word in vocab.SECONDS:
            return Duration(tok.value, i, i + 2)
        if word in vocab.MINUTES:
            k = i + 2
            if tok.is_int and kind_at(t, k, NUM) and t[k].is_int and t[k].value < _SIXTY:
                # `1 min 30`, `1'30"`: minutes and seconds.
                end = k + 2 if word_at(t, k + 1, vocab.SECONDS) else k + 1
                if end == k + 2 or not _continues(t, end):
                    return Duration(tok.value * _SIXTY + t[k].value, i, end)
            return Duration(tok.value * _SIXTY, i, i + 2)
    return None


def _continues(t: list[Tok], j: int) -> bool:
    # `1 min 30x...` or `1 min 30 reps`: the 30 begins something else.
    return j < len(t) and (
        t[j].kind == TIMES or unit_at(t, j) is not None or word_at(t, j, vocab.REPS_WORDS)
    )


def number_load(t: list[Tok], j: int, first: int, sign: str | None, bw: bool) -> Load:
    """The number at j as a load, with the unit after it (and its twin in the other unit)."""
    unit = unit_at(t, j + 1)
    load = Load(t[j].value, unit, sign, bw, first, j + 2 if unit else j + 1)
    if unit is not None:
        load.end = skip_dual(t, load.end, load.value, unit)
    return load


def skip_dual(t: list[Tok], j: int, value: Decimal, unit: Unit) -> int:
    """N10: the same load in the other unit (`45lbs/20.4kg`, `100 kg (220 pounds)`) is skipped."""
    if j >= len(t):
        return j
    tok = t[j]
    other_unit: Unit | None
    if tok.kind == DUAL:
        other, other_unit, end = tok.value, Unit(tok.low), j + 1
    elif tok.kind == SLASH and kind_at(t, j + 1, NUM):
        other, other_unit, end = t[j + 1].value, unit_at(t, j + 2), j + 3
    else:
        return j
    if other_unit is None or other_unit is unit:
        return j
    first, second = to_kg(value, unit), to_kg(other, other_unit)
    if first == 0 or abs(first - second) > first * _DUAL_TOLERANCE:
        return j
    return end


def parse_load(t: list[Tok], i: int) -> Load | None:
    """`80`, `80kg`, `135#`, `bw`, `bw+20`, `+20`, `-30kg` (never a duration)."""
    if i >= len(t):
        return None
    tok = t[i]
    if tok.kind == WORD and tok.low in vocab.BW_WORDS:
        if signed_number(t, i + 1):
            return number_load(t, i + 2, i, "+" if t[i + 1].kind == PLUS else "-", True)
        return Load(Decimal(0), None, None, True, i, i + 1)
    if signed_number(t, i):
        return number_load(t, i + 1, i, "+" if tok.kind == PLUS else "-", False)
    if tok.kind == NUM and (i + 1 == len(t) or t[i + 1].kind != WORD or not parse_duration(t, i)):
        return number_load(t, i, i, None, False)
    return None


def starts_group(t: list[Tok], i: int) -> bool:
    """Whether a group can begin at i: a number, a time, a signed number, `bw …`, `×N`."""
    if i >= len(t):
        return False
    tok = t[i]
    if tok.kind in (NUM, MSS):
        return True
    if signed_number(t, i):
        return True
    if tok.kind == TIMES:
        return kind_at(t, i + 1, NUM)
    if tok.kind == WORD and tok.low in vocab.BW_WORDS:
        # `bw squat` is a name; `bw x 10`, `bw+20`, `bw for 10`, `bw 3x10` are loads.
        return (
            kind_at(t, i + 1, TIMES)
            or kind_at(t, i + 1, NUM)
            or signed_number(t, i + 1)
            or word_at(t, i + 1, vocab.FOR_WORD)
            or i + 1 == len(t)
        )
    return False


def load_after_at(t: list[Tok], j: int) -> Load | None:
    """The load of `@ 100`, `@ 8kg`, `at 80`, `with 20` at j (R4: `@` + bare ≤ 10 is an RPE)."""
    if j >= len(t):
        return None
    if t[j].kind == AT:
        load = parse_load(t, j + 1)
        if load is None or (load.bare and load.value <= _TEN):
            return None
        return load
    if word_at(t, j, vocab.AT_WORDS):
        return parse_load(t, j + 1)
    return None


def tagged_load(t: list[Tok], j: int) -> Load | None:
    """N10: a load that says it is one (a unit, a sign or `bw`) and ends its group, after a gap."""
    j = skip_tag_sep(t, j)
    if j >= len(t) or not (t[j].gap or t[j - 1].kind in (DASH, COLON)):
        return None
    load = parse_load(t, j)
    if load is None or load.bare or kind_at(t, load.end, TIMES) or not ends_group(t, load.end):
        return None
    if load.bw and kind_at(t, load.end, NUM):
        return None
    return load


def skip_tag_sep(t: list[Tok], j: int) -> int:
    """Past a ` - ` or `:` between tagged numbers (`100 kg - 8 Reps`)."""
    if j < len(t) and t[j].kind in (DASH, COLON) and t[j].gap and j + 1 < len(t) and t[j + 1].gap:
        return j + 1
    if j < len(t) and t[j].kind == COLON and j + 1 < len(t):
        return j + 1
    return j


def standalone_load(t: list[Tok], j: int) -> Load | None:
    """A load after a space that is not the start of another group (`3x5 100`, `3x5 bw`)."""
    if j >= len(t) or not t[j].gap or parse_marker(t, j) is not None:
        return None
    load = parse_load(t, j)
    if load is None:
        return None
    e = load.end
    if e < len(t):
        nxt = t[e]
        if nxt.kind == TIMES or (
            load.bare
            and nxt.kind == WORD
            and (
                nxt.low in vocab.REPS_WORDS
                or nxt.low in vocab.SET_COUNT_WORDS
                or nxt.low in vocab.FOR_WORDS
                or nxt.low in vocab.RIR_PHRASE_STARTS
                or nxt.low in (vocab.RPE_WORD, vocab.RIR_WORD)
            )
        ):
            return None
        if nxt.kind in (SLASH, DASH) and not nxt.gap and kind_at(t, e + 1, NUM):
            return None
        if nxt.kind == OTHER and not nxt.gap:
            return None
        if not load.bare and not ends_group(t, e):
            return None  # `80x8 +2 partials`: a signed number with words after it is no load
    return load


def ends_group(t: list[Tok], e: int) -> bool:
    if e >= len(t) or t[e].kind in (COMMA, SEMI, ARROW, MARK, COUNT):
        return True
    return parse_marker(t, e) is not None or (t[e].gap and starts_group(t, e))
