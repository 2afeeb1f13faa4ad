"""The start of a group (notation.md §5.2, §11 N9–N11): its form and where its numbers are."""

from __future__ import annotations

from decimal import Decimal

from core.model import Unit
from core.notation import vocab
from core.notation.loads import (
    Duration,
    Load,
    kind_at,
    load_after_at,
    number_load,
    parse_duration,
    parse_load,
    skip_reps,
    skip_tag_sep,
    standalone_load,
    tagged_load,
    unit_at,
    word_at,
)
from core.notation.markers import parse_marker
from core.notation.tokens import AT, MSS, NUM, OTHER, TIMES, Tok

_TEN = Decimal(10)

# Forms of a group head (the EBNF alternatives of §5.2, grouped by how the numbers are read).
PAIR = "pair"  # load × reps            80x8, bw x 10, +20x8 (a list may follow)
REV = "rev"  # reps × unit_load        8x80kg, 8 reps x 80kg
TRIPLE = "triple"  # A × B × C          100x5x3, 3x5x100kg
SCHEME = "scheme"  # sets × reps at a load: 3x5 100, 3x5@100, 100 3x5, 3 sets of 5 at 100
AT_LOAD = "at"  # reps at a load        8 reps at 80, 5@165, 10 reps 60kg, 8 +10kg
FOR = "for"  # load for reps            80 for 8, 80kg 8 reps, 60kg 10 (a list may follow)
BARE = "bare"  # reps only              10, x12, 80 8, 20 20 15 (a list may follow)
TIMED = "timed"  # [sets ×] duration    60s, 3x45s, 1:30 (a list may follow)
LOAD_TIME = "loadtime"  # load × duration  40kg x 60s, +10 x 45s, 40kg 60s, 1:30 +10kg
LOAD_ONLY = "loadonly"  # a load with nothing after it: 80kg, +20


class Head:
    """The first part of a group; list items and markers after it are read by the caller.

    Fields a head rarely has are defaults on the class and set only when given: every group
    makes one, so building it stays cheap.
    """

    durations: tuple[Duration, ...] = ()
    pair_a: Load | None = None  # the first number of a pair (N3, N11)
    c_load: Load | None = None  # triple: the third number, read as a load when only it has a unit
    b_unit: Unit | None = None  # triple: unit written on the middle number (never valid)
    sets_word = False  # the set count is written as one (`3 sets of 5`, `x3 sets`)
    reps_word = False  # the reps carry a rep word (`8 reps`)
    extras: tuple[Tok, ...] = ()  # N11: bare numbers after a bare pair
    small_at: Tok | None = None  # N11: a bare `@N` (N ≤ 10) after a bare pair

    def __init__(
        self,
        form: str,
        first: int,
        end: int,
        load: Load | None = None,
        reps: Tok | None = None,
        sets: Tok | None = None,
        *,
        durations: tuple[Duration, ...] = (),
        pair_a: Load | None = None,
        c_load: Load | None = None,
        b_unit: Unit | None = None,
        sets_word: bool = False,
        reps_word: bool = False,
    ) -> None:
        self.form = form
        self.first = first
        self.end = end
        self.load = load
        self.reps = reps
        self.sets = sets
        if pair_a is not None:
            self.pair_a = pair_a
        if durations:
            self.durations = durations
        if c_load is not None:
            self.c_load, self.b_unit = c_load, b_unit
        if sets_word:
            self.sets_word = True
        if reps_word:
            self.reps_word = True


def recognize(t: list[Tok], i: int) -> Head | None:
    """The group head starting at i, or None when no form of §5.2 starts there."""
    tok = t[i]
    if tok.kind == NUM and i + 1 < len(t) and t[i + 1].kind == TIMES:
        # The common `80x8` start: no unit, `sets of`, `@` or `for` can follow a bare number here.
        return _times_head(t, i, Load(tok.value, None, None, False, i, i + 1), i + 2)
    duration = parse_duration(t, i)
    if duration is not None:
        load = tagged_load(t, duration.end)
        if load is not None:  # `plank 1:30 +10kg`
            return Head(LOAD_TIME, i, load.end, load=load, durations=(duration,))
        return Head(TIMED, i, duration.end, durations=(duration,))
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


def _sets_of(t: list[Tok], i: int) -> tuple[int, Duration | None] | None:
    """`N sets [of] R` at i: where R is, and R as a time when it is one; None when the
    number at i is not followed by a set-count word and reps (or a time)."""
    if not word_at(t, i + 1, vocab.SET_COUNT_WORDS):
        return None
    k = i + 2 + (1 if word_at(t, i + 2, vocab.SET_COUNT_LINKS) else 0)
    if not kind_at(t, k, NUM) and not kind_at(t, k, MSS):
        return None
    duration = parse_duration(t, k)
    if duration is None and (unit_at(t, k + 1) is not None or kind_at(t, k + 1, TIMES)):
        return None
    return k, duration


def _count_head(t: list[Tok], i: int) -> Head | None:
    """N9: `3 sets of 5 at 100`, `4 sets 12 reps 150kg`, `3 подхода по 20`, `3 sets of 60s`."""
    found = _sets_of(t, i)
    if found is None:
        return None
    k, duration = found
    if duration is not None:
        return Head(TIMED, i, duration.end, sets=t[i], durations=(duration,), sets_word=True)
    j = skip_reps(t, k + 1)
    load = load_after_at(t, j) or tagged_load(t, j) or _bw_load_at(t, j)
    return Head(
        SCHEME,
        i,
        load.end if load else j,
        load=load,
        reps=t[k],
        sets=t[i],
        sets_word=True,
        reps_word=j > k + 1,
    )


def _number_head(t: list[Tok], i: int) -> Head:
    tok = t[i]
    if i + 1 < len(t) and t[i + 1].kind == TIMES:
        # The common `80x8` start: no unit, `sets of`, `@` or `for` can follow a bare number here.
        return _times_head(t, i, Load(tok.value, None, None, False, i, i + 1), i + 2)
    counted = _count_head(t, i)
    if counted is not None:
        return counted
    if word_at(t, i + 1, vocab.SET_COUNT_WORDS):
        return Head(LOAD_ONLY, i, i + 2)  # `pullups 3 sets`: how many reps?
    # `8 reps at 80`, `5@165`, `10 reps 60kg`, `8 +10kg`
    j = skip_reps(t, i + 1)
    load = load_after_at(t, j) or tagged_load(t, j)
    if load is not None:
        return Head(AT_LOAD, i, load.end, load=load, reps=tok, reps_word=j > i + 1)
    a = number_load(t, i, i, None, False)
    j = a.end
    if word_at(t, j, vocab.FOR_WORDS) and kind_at(t, j + 1, NUM):
        return Head(FOR, i, skip_reps(t, j + 2), load=a, reps=t[j + 1])
    # `8 reps x 80kg`
    if (
        a.unit is None
        and word_at(t, j, vocab.REPS_WORDS)
        and kind_at(t, j + 1, TIMES)
        and kind_at(t, j + 2, NUM)
        and unit_at(t, j + 3) is not None
    ):
        load = number_load(t, j + 2, j + 2, None, False)
        return Head(REV, i, load.end, load=load, reps=tok, reps_word=True)
    if kind_at(t, j, TIMES):
        return _times_head(t, i, a, j + 1)
    scheme = _load_first_scheme(t, i, a)
    if scheme is not None:
        return scheme
    if a.unit is not None:
        return _unit_load_head(t, i, a)
    return Head(BARE, i, skip_reps(t, i + 1), reps=tok, reps_word=word_at(t, i + 1, "reps"))


def _load_first_scheme(t: list[Tok], i: int, a: Load) -> Head | None:
    """`100 3x5`, `100kg 5x5`, `20kg 3x12`: a load, then sets × reps."""
    j = a.end
    if (
        kind_at(t, j, NUM)
        and t[j].gap
        and kind_at(t, j + 1, TIMES)
        and kind_at(t, j + 2, NUM)
        and unit_at(t, j + 3) is None
        and not kind_at(t, j + 3, TIMES)
        and parse_duration(t, j + 2) is None
    ):
        return Head(SCHEME, i, skip_reps(t, j + 3), load=a, reps=t[j + 2], sets=t[j])
    counted = _sets_of(t, j) if kind_at(t, j, NUM) and t[j].gap else None
    if counted is not None and counted[1] is None:
        # `60kg 3 sets of 10`: the load first, as in `60kg 3x10` (§11; the note hint it got
        # before would have logged 60 × 3).
        k = counted[0]
        end = skip_reps(t, k + 1)
        return Head(
            SCHEME, i, end, load=a, reps=t[k], sets=t[j], sets_word=True, reps_word=end > k + 1
        )
    return None


def _unit_load_head(t: list[Tok], i: int, a: Load) -> Head:
    """After a load with a unit: its reps (`80kg 8 reps`, `60kg 10`) or its time (`40kg 60s`)."""
    j = skip_tag_sep(t, a.end)
    if j < len(t) and (t[j].gap or j > a.end):
        duration = parse_duration(t, j)
        if duration is not None:
            return Head(LOAD_TIME, i, duration.end, load=a, durations=(duration,))
        if (
            kind_at(t, j, NUM)
            and not kind_at(t, j + 1, TIMES)
            and unit_at(t, j + 1) is None
            and parse_marker(t, j) is None
        ):
            end = skip_reps(t, j + 1)
            return Head(FOR, i, end, load=a, reps=t[j], reps_word=end > j + 1)
    return Head(LOAD_ONLY, i, a.end, load=a)


def _times_head(t: list[Tok], i: int, a: Load, k: int) -> Head:
    if k + 1 == len(t) and t[k].kind == NUM:
        return Head(PAIR, i, k + 1, load=a, reps=t[k], pair_a=a)  # `80x8` ending the line
    duration = parse_duration(t, k) if k + 1 < len(t) or kind_at(t, k, MSS) else None
    if duration is not None:
        if a.unit is not None:
            return Head(LOAD_TIME, i, duration.end, load=a, durations=(duration,))
        return Head(TIMED, i, duration.end, sets=t[i], durations=(duration,))
    if not kind_at(t, k, NUM):
        return Head(LOAD_ONLY, i, k - 1, load=a)
    b_unit = unit_at(t, k + 1)
    if b_unit is not None:
        b = number_load(t, k, k, None, False)
        triple = _triple(t, i, a, k, b.unit, b.end)
        if triple is not None:
            return triple
        # `8x80kg`: only B carries a unit, so B is the load (R1); both with units is for the caller.
        head = Head(REV, i, b.end, load=b, reps=t[i], pair_a=a)
        head.b_unit = b.unit
        return head
    end = skip_reps(t, k + 1)
    triple = _triple(t, i, a, k, None, k + 1)
    if triple is not None:
        return triple
    if a.unit is None and word_at(t, k + 1, vocab.SETS_WORDS) and not word_at(t, k + 2, "of"):
        # `pullups 20 x3 sets`: the sets are named, so the first number is the reps (N9).
        return Head(SCHEME, i, k + 2, reps=t[i], sets=t[k], sets_word=True)
    head = Head(PAIR, i, end, load=a, reps=t[k], pair_a=a, reps_word=end > k + 1)
    if a.unit is None and end < len(t):
        load = load_after_at(t, end)
        if load is not None:
            return _scheme_of(t, head, load)
        if kind_at(t, end, AT) and kind_at(t, end + 1, OTHER) and t[end + 1].text == "?":
            # A candidate's `3x12 @ ?kg` (§11 N1): the weight is still to be given.
            gone = end + 3 if unit_at(t, end + 2) is not None else end + 2
            return Head(SCHEME, i, gone, reps=t[k], sets=t[i], pair_a=a)
        if kind_at(t, end, AT) and kind_at(t, end + 1, NUM) and unit_at(t, end + 2) is None:
            head.small_at = t[end + 1]  # `3x12 @ 8`: a load or an RPE (N11)
            return head
        load = standalone_load(t, end)
        if load is not None and not load.bare:
            return _scheme_of(t, head, load)
        extras = []
        while load is not None and load.bare and load.end == end + 1:
            # N11: bare numbers after a pair (`80x8 8 7`, `12x10 10`, `3x5 140`).
            extras.append(t[end])
            end += 1
            load = standalone_load(t, end)
        head.extras, head.end = tuple(extras), end
    return head


def _scheme_of(t: list[Tok], pair: Head, load: Load) -> Head:
    """A pair followed by its load (`3x5@100`, `3x5 bw`): sets × reps at that load."""
    return Head(
        SCHEME,
        pair.first,
        load.end,
        load=load,
        reps=pair.reps,
        sets=t[pair.first],
        pair_a=pair.pair_a,
        reps_word=pair.reps_word,
    )


def _triple(t: list[Tok], i: int, a: Load, k: int, b_unit: Unit | None, b_end: int) -> Head | None:
    after_b = skip_reps(t, b_end)
    if not (kind_at(t, after_b, TIMES) and kind_at(t, after_b + 1, NUM)):
        return None
    c = number_load(t, after_b + 1, after_b + 1, None, False)
    end = c.end
    sets_word = c.unit is None and word_at(t, end, vocab.SETS_WORDS)
    return Head(
        TRIPLE,
        i,
        end + 1 if sets_word else end,
        load=a,
        reps=t[k],
        sets=t[after_b + 1],
        pair_a=a,
        c_load=c,
        b_unit=b_unit,
        sets_word=sets_word,
        reps_word=after_b > b_end,
    )


def _load_head(t: list[Tok], i: int, load: Load) -> Head:
    j = load.end
    if kind_at(t, j, TIMES):
        k = j + 1
        duration = parse_duration(t, k)
        if duration is not None:
            return Head(LOAD_TIME, i, duration.end, load=load, durations=(duration,))
        if not kind_at(t, k, NUM):
            return Head(LOAD_ONLY, i, j, load=load)
        b = number_load(t, k, k, None, False)
        triple = _triple(t, i, load, k, b.unit, b.end)
        if triple is not None:
            return triple
        after_b = skip_reps(t, b.end)
        head = Head(PAIR, i, after_b, load=load, reps=t[k], pair_a=load)
        head.b_unit = b.unit
        head.reps_word = after_b > b.end
        return head
    if word_at(t, j, vocab.FOR_WORDS) and kind_at(t, j + 1, NUM):
        return Head(FOR, i, skip_reps(t, j + 2), load=load, reps=t[j + 1])
    scheme = _load_first_scheme(t, i, load)
    if scheme is not None:
        return scheme
    if load.bw and kind_at(t, j, NUM) and t[j].gap and not kind_at(t, j + 1, TIMES):
        # `pullups bw 10`, `dips bw 12, 10, 8`: reps at bodyweight (N4).
        return Head(BARE, i, skip_reps(t, j + 1), reps=t[j], load=load)
    if not load.bw:
        return _unit_load_head(t, i, load)
    return Head(LOAD_ONLY, i, j, load=load)


def _bw_load_at(t: list[Tok], j: int) -> Load | None:
    if j < len(t) and t[j].gap:
        load = parse_load(t, j)
        if load is not None and not load.bare and not kind_at(t, load.end, TIMES):
            return load
    return None
