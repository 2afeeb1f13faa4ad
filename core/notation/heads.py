"""The start of a group (notation.md §5.2): which form it has and where its numbers are."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from core.model import Unit
from core.notation import vocab
from core.notation.markers import parse_marker
from core.notation.tokens import (
    ARROW,
    AT,
    COMMA,
    DASH,
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

_TEN = Decimal(10)

# Forms of a group head (the EBNF alternatives of §5.2, grouped by how the numbers are read).
PAIR = "pair"  # load × reps            80x8, bw x 10, +20x8 (a list may follow)
REV = "rev"  # reps × unit_load        8x80kg, 8 reps x 80kg
TRIPLE = "triple"  # A × B × C          100x5x3, 3x5x100kg
SCHEME = "scheme"  # sets × reps at a load: 3x5 100, 3x5@100, 100 3x5, 3 sets of 5 at 100
AT_LOAD = "at"  # reps at a load        8 reps at 80, 5@165
FOR = "for"  # load for reps            80 for 8 (a list may follow)
BARE = "bare"  # reps only              10, x12 (a list may follow)
TIMED = "timed"  # [sets ×] duration    60s, 3x45s, 1:30 (a list may follow)
LOAD_TIME = "loadtime"  # load × duration  40kg x 60s, +10 x 45s
LOAD_ONLY = "loadonly"  # a load with nothing after it: 80kg, +20


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


@dataclass(slots=True)
class Head:
    """The first part of a group; list items and markers after it are read by the caller."""

    form: str
    first: int
    end: int
    load: Load | None = None
    reps: Tok | None = None
    sets: Tok | None = None
    durations: list[Duration] = field(default_factory=list)
    pair_a: Load | None = None  # the first number of a pair (R1, R4)
    pair_b: Tok | None = None
    bare_load: bool = False  # R3: a scheme whose load is a following bare number
    c_load: Load | None = None  # triple: the third number, read as a load when only it has a unit
    c_unit: Unit | None = None  # triple: unit written on the third number
    b_unit: Unit | None = None  # triple: unit written on the middle number (never valid)


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
    """Past an optional `rep`/`reps` word."""
    return j + 1 if word_at(t, j, vocab.REPS_WORDS) else j


def signed_number(t: list[Tok], j: int) -> bool:
    """`+20`, `-30`: a sign glued to a number."""
    return (
        j + 1 < len(t) and t[j].kind in (PLUS, DASH) and t[j + 1].kind == NUM and not t[j + 1].gap
    )


def parse_duration(t: list[Tok], i: int) -> Duration | None:
    """`60s`, `90 sec`, `2 min`, `1.5 min`, `1:30`."""
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
            return Duration(tok.value * 60, i, i + 2)
    return None


def parse_load(t: list[Tok], i: int) -> Load | None:
    """`80`, `80kg`, `135#`, `bw`, `bw+20`, `+20`, `-30kg` (never a duration)."""
    if i >= len(t):
        return None
    tok = t[i]
    if tok.kind == WORD and tok.low in vocab.BW_WORDS:
        if signed_number(t, i + 1):
            return _number_load(t, i + 2, i, "+" if t[i + 1].kind == PLUS else "-", True)
        return Load(Decimal(0), None, None, True, i, i + 1)
    if signed_number(t, i):
        return _number_load(t, i + 1, i, "+" if tok.kind == PLUS else "-", False)
    if tok.kind == NUM and parse_duration(t, i) is None:
        return _number_load(t, i, i, None, False)
    return None


def _number_load(t: list[Tok], j: int, first: int, sign: str | None, bw: bool) -> Load:
    unit = unit_at(t, j + 1)
    return Load(t[j].value, unit, sign, bw, first, j + 2 if unit else j + 1)


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
            nxt.kind == WORD
            and (nxt.low in vocab.REPS_WORDS or nxt.low in vocab.SETS_WORDS or nxt.low == "for")
        ):
            return None
        if nxt.kind in (SLASH, DASH) and not nxt.gap and kind_at(t, e + 1, NUM):
            return None
        if nxt.kind == OTHER and not nxt.gap:
            return None
        if not load.bare and not _ends_group(t, e):
            return None  # `80x8 +2 partials`: a signed number with words after it is no load
    return load


def _ends_group(t: list[Tok], e: int) -> bool:
    if e >= len(t) or t[e].kind in (COMMA, SEMI, ARROW, MARK):
        return True
    return parse_marker(t, e) is not None or (t[e].gap and starts_group(t, e))


def recognize(t: list[Tok], i: int) -> Head | None:
    """The group head starting at i, or None when no form of §5.2 starts there."""
    duration = parse_duration(t, i)
    if duration is not None:
        return Head(TIMED, i, duration.end, durations=[duration])
    tok = t[i]
    if tok.kind == TIMES:
        if kind_at(t, i + 1, NUM) and parse_duration(t, i + 1) is None:
            return Head(BARE, i, skip_reps(t, i + 2), reps=t[i + 1])
        return None
    if tok.kind == NUM:
        if kind_at(t, i + 1, OTHER) and not t[i + 1].gap:
            return None  # `80%x5`: a number glued to a symbol the notation does not know
        return _number_head(t, i)
    load = parse_load(t, i)
    if load is not None:
        return _load_head(t, i, load)
    return None


def _number_head(t: list[Tok], i: int) -> Head:
    tok = t[i]
    if i + 1 < len(t) and t[i + 1].kind == TIMES:
        # The common `80x8` start: no unit, `sets of`, `@` or `for` can follow a bare number here.
        return _times_head(t, i, Load(tok.value, None, None, False, i, i + 1), i + 2)
    # `3 sets of 5 at 100`
    if (
        word_at(t, i + 1, vocab.SETS_WORDS)
        and word_at(t, i + 2, vocab.OF_WORD)
        and kind_at(t, i + 3, NUM)
    ):
        j = skip_reps(t, i + 4)
        load = load_after_at(t, j) or _bw_load_at(t, j)
        end = load.end if load else j
        return Head(SCHEME, i, end, load=load, reps=t[i + 3], sets=tok)
    # `8 reps at 80`, `5@165`
    load = load_after_at(t, skip_reps(t, i + 1))
    if load is not None:
        return Head(AT_LOAD, i, load.end, load=load, reps=tok)
    a = _number_load(t, i, i, None, False)
    j = a.end
    if word_at(t, j, vocab.FOR_WORD) and kind_at(t, j + 1, NUM):
        return Head(FOR, i, skip_reps(t, j + 2), load=a, reps=t[j + 1])
    # `8 reps x 80kg`
    if (
        a.unit is None
        and word_at(t, j, vocab.REPS_WORDS)
        and kind_at(t, j + 1, TIMES)
        and kind_at(t, j + 2, NUM)
        and unit_at(t, j + 3) is not None
    ):
        return Head(REV, i, j + 4, load=_number_load(t, j + 2, j + 2, None, False), reps=tok)
    if kind_at(t, j, TIMES):
        return _times_head(t, i, a, j + 1)
    # `100 3x5`, `100kg 5x5`
    if (
        kind_at(t, j, NUM)
        and t[j].gap
        and kind_at(t, j + 1, TIMES)
        and kind_at(t, j + 2, NUM)
        and unit_at(t, j + 3) is None
        and not kind_at(t, j + 3, TIMES)
    ):
        return Head(SCHEME, i, skip_reps(t, j + 3), load=a, reps=t[j + 2], sets=t[j])
    if a.unit is not None:
        return Head(LOAD_ONLY, i, j, load=a)
    return Head(BARE, i, skip_reps(t, i + 1), reps=tok)


def _times_head(t: list[Tok], i: int, a: Load, k: int) -> Head:
    duration = parse_duration(t, k)
    if duration is not None:
        if a.unit is not None:
            return Head(LOAD_TIME, i, duration.end, load=a, durations=[duration])
        return Head(TIMED, i, duration.end, sets=t[i], durations=[duration])
    if not kind_at(t, k, NUM):
        return Head(LOAD_ONLY, i, k - 1, load=a)
    b = _number_load(t, k, k, None, False)
    if kind_at(t, b.end, TIMES) and kind_at(t, b.end + 1, NUM):
        c = _number_load(t, b.end + 1, b.end + 1, None, False)
        return Head(
            TRIPLE,
            i,
            c.end,
            load=a,
            reps=t[k],
            sets=t[b.end + 1],
            pair_a=a,
            c_load=c,
            c_unit=c.unit,
            b_unit=b.unit,
        )
    if b.unit is not None:
        # `8x80kg`: only B carries a unit, so B is the load (R1); both with units is for the caller.
        head = Head(REV, i, b.end, load=b, reps=t[i], pair_a=a)
        head.b_unit = b.unit
        return head
    end = skip_reps(t, b.end)
    if a.unit is None:
        load = load_after_at(t, end)
        bare = False
        if load is None:
            load = standalone_load(t, end)
            bare = load is not None and load.bare
        if load is not None:
            return Head(
                SCHEME,
                i,
                load.end,
                load=load,
                reps=t[k],
                sets=t[i],
                bare_load=bare,
                pair_a=a,
                pair_b=t[k],
            )
    return Head(PAIR, i, end, load=a, reps=t[k], pair_a=a, pair_b=t[k])


def _load_head(t: list[Tok], i: int, load: Load) -> Head:
    j = load.end
    if kind_at(t, j, TIMES):
        k = j + 1
        duration = parse_duration(t, k)
        if duration is not None:
            return Head(LOAD_TIME, i, duration.end, load=load, durations=[duration])
        if not kind_at(t, k, NUM):
            return Head(LOAD_ONLY, i, j, load=load)
        b = _number_load(t, k, k, None, False)
        if kind_at(t, b.end, TIMES) and kind_at(t, b.end + 1, NUM):
            c = _number_load(t, b.end + 1, b.end + 1, None, False)
            return Head(
                TRIPLE,
                i,
                c.end,
                load=load,
                reps=t[k],
                sets=t[b.end + 1],
                c_load=c,
                c_unit=c.unit,
                b_unit=b.unit,
            )
        head = Head(PAIR, i, skip_reps(t, b.end), load=load, reps=t[k], pair_a=load, pair_b=t[k])
        head.b_unit = b.unit
        return head
    if word_at(t, j, vocab.FOR_WORD) and kind_at(t, j + 1, NUM):
        return Head(FOR, i, skip_reps(t, j + 2), load=load, reps=t[j + 1])
    if (
        kind_at(t, j, NUM)
        and t[j].gap
        and kind_at(t, j + 1, TIMES)
        and kind_at(t, j + 2, NUM)
        and not kind_at(t, j + 3, TIMES)
    ):
        return Head(SCHEME, i, skip_reps(t, j + 3), load=load, reps=t[j + 2], sets=t[j])
    return Head(LOAD_ONLY, i, j, load=load)


def _bw_load_at(t: list[Tok], j: int) -> Load | None:
    if j < len(t) and t[j].gap:
        load = parse_load(t, j)
        if load is not None and not load.bare and not kind_at(t, load.end, TIMES):
            return load
    return None
