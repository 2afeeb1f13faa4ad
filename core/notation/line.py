"""One classified line of a message (notation.md §3) and how its name is read (§11 N6, N10)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from core.names import NameIndex, Resolution
from core.notation import loads as ld
from core.notation import vocab
from core.notation.lexer import Note
from core.notation.markers import parse_marker
from core.notation.rawline import WeighInText
from core.notation.tokens import (
    COLON,
    COMMA,
    DASH,
    MARK,
    MSS,
    NUM,
    OTHER,
    SEP,
    TIMES,
    WARMUP,
    WORD,
    Tok,
)

BLANK, NOTE, SET, HEADER, NO_DIGIT, TEXT = "blank", "note", "set", "header", "nodigit", "text"
WARM_HEADER, WEIGH, WEIGH_ASK = "warmheader", "weigh", "weighask"
_NAME_EDGES = (COLON, SEP, DASH)
_NAME_KINDS = frozenset({WORD, DASH, OTHER, COLON, SEP})
WARMUP_EDGE_WORDS = vocab.WARMUP_WORDS | set(vocab.WARMUP_PAIR)
# Words that may stand among the numbers before a name (`50 5kg dumbbell curls`, N10).
_PREFIX_WORDS = frozenset(vocab.UNITS) | vocab.SECONDS | vocab.MINUTES | vocab.REPS_WORDS


@dataclass(frozen=True, slots=True)
class Env:
    """What classifying needs besides the text: the names, and the weigh-in range of the unit."""

    index: NameIndex
    weigh_in: Callable[[WeighInText], bool]


@dataclass(frozen=True, slots=True)
class Context:
    """The exercise a nameless line continues: whether it is timed and whether it is bodyweight."""

    timed: bool
    bodyweight: bool


class Line:
    """One physical line, classified.

    A plain class whose defaults live on the class: a line sets only what it has (most lines
    are `bench 80x8`), which keeps classifying cheap.
    """

    text: str = ""  # the line as read: labels and dates blanked out (positions kept)
    kind: str = BLANK
    tokens: list[Tok] = []  # noqa: RUF012 - always replaced, never changed in place
    notes: list[Note] = []  # noqa: RUF012 - always replaced, never changed in place
    cut: int = 0
    breaks: frozenset[int] = frozenset()  # token starts after an emoji, `!` or `.` (N6.2)
    name: str = ""
    start: int = 0  # first token of the sets (after the name)
    stop: int = 0  # end of the sets: the line's end, or where the name begins (N10)
    name_junk: int | None = None  # a token that can't be part of a name, e.g. `(F)` before it
    warm_name: bool = False
    warm_all: bool = False
    resolution: Resolution | None = None
    lead: tuple[int, str] | None = None  # N6.2: lead-in words (or words after `Name:`) as a note
    weigh: WeighInText | None = None
    dated: bool = False
    unknown_bracket: bool = False  # an app title whose equipment bracket matched nothing

    def __init__(self, number: int, raw: str) -> None:
        self.number = number
        self.raw = raw


def resolve(line: Line, index: NameIndex) -> Resolution:
    return _resolve(line, index)


def _resolve(line: Line, index: NameIndex) -> Resolution:
    if line.resolution is None:
        # A marker or a sign inside the name would vanish from the key: no such name resolves.
        junk = line.name_junk is not None or line.unknown_bracket
        line.resolution = Resolution(None) if junk else index.resolve(line.name)
    return line.resolution


def read_name(line: Line, index: NameIndex, g: int) -> None:
    """The name before the sets: app titles (N6.4), lead-in words and `Name: words` (N6.2)."""
    t = line.tokens
    lo, hi, warm = _trim_name(t, 0, g)
    line.start, line.warm_name = g, warm
    if lo >= hi:
        return
    line.name = _join(t, lo, hi)
    for k in range(lo, hi):
        if t[k].kind not in _NAME_KINDS:
            line.name_junk = k
            return
    if line.notes and hi == g:
        bracket = next((n for n in line.notes if n.bracket and n.at == hi), None)
        if bracket is not None and _app_title(line, index, bracket):
            return
    line.resolution = index.resolve(line.name)
    if line.resolution.exercise is not None:
        return
    line.resolution = None
    _lead_in(line, index, lo, hi)


def _app_title(line: Line, index: NameIndex, bracket: Note) -> bool:
    """`Lateral Raise (Cable)`, `Bicep Curl (Barbell)`: the bracket is part of the name."""
    name, inside = line.name, bracket.text
    tries = [f"{name} ({inside})"]
    equipment = " ".join(vocab.fold(w) for w in inside.split()) in vocab.EQUIPMENT_WORDS
    if equipment:
        tries += [f"{inside} {name}", f"{name} {inside}"]
    for attempt in tries:
        found = index.exact(attempt)
        if found is not None:
            line.name, line.resolution = attempt, Resolution(found)
            line.notes = [n for n in line.notes if n is not bracket]
            return True
    if equipment:
        found = index.resolve(f"{inside} {name}").exercise
        line.notes = [n for n in line.notes if n is not bracket]
        line.name = f"{name} ({inside})"
        if found is None:
            line.unknown_bracket = True  # never drop the equipment silently
        line.resolution = Resolution(found)
        return True
    return False


def _lead_in(line: Line, index: NameIndex, lo: int, hi: int) -> None:
    """N6.2: `Was tough: squat`, `NEW PR 🎉 squat`, `Bench: worked up to` (exact names only)."""
    t = line.tokens
    cuts: list[tuple[int, int]] = []  # (where the lead-in ends, where the name starts)
    for k in range(lo + 1, hi):
        tok = t[k]
        if tok.kind == COLON or (
            tok.kind in (DASH, SEP) and tok.gap and k + 1 < hi and t[k + 1].gap
        ):
            cuts.append((k, k + 1))
        elif tok.start in line.breaks:
            cuts.append((k, k))
    for end, begin in reversed(cuts):
        lead = t[lo:end]
        if any(w.kind == WORD and w.low in vocab.DAY_WORDS for w in lead):
            continue
        found = index.exact(_join(t, begin, hi))
        if found is not None:
            text = line.text[t[lo].start : t[end].start].strip().rstrip(":-–—").strip()
            line.name, line.resolution = _join(t, begin, hi), Resolution(found)
            line.lead = (t[lo].start, text)
            return
    colon = next((k for k in range(lo + 1, hi) if t[k].kind == COLON), None)
    if colon is not None:
        found = index.exact(_join(t, lo, colon))
        if found is not None and colon + 1 < hi:
            line.name, line.resolution = _join(t, lo, colon), Resolution(found)
            line.lead = (t[colon + 1].start, line.text[t[colon + 1].start : t[hi - 1].end].strip())


def name_before_break(line: Line, index: NameIndex) -> tuple[str, int] | None:
    """`finally hit 100kg bench!! 100x1`: an exercise named just before the lead-in's end.

    §11 N6.2 never splits a lead-in with digits, so this reading is only ever offered (asked).
    Returns the name and the token where the sets begin.
    """
    t = line.tokens
    for k in range(len(t) - 1, 0, -1):
        brk = t[k].start in line.breaks
        split = brk or t[k].kind == COLON or (t[k].kind == DASH and t[k].gap)
        begin = k if brk else k + 1
        if not split or not ld.starts_group(t, begin):
            continue
        first = k
        while first > 0 and t[first - 1].kind == WORD and k - first < 4:
            first -= 1
        for lo in range(first, k):
            found = index.exact(_join(t, lo, k))
            if found is not None:
                return _join(t, lo, k), begin
    return None


def number_first(line: Line, index: NameIndex) -> None:
    """N10: numbers, then a name: `50 push-ups`, `1 minutes plank`, `50 5kg dumbbell curls`."""
    t = line.tokens
    k = 0
    while k < len(t) and (
        t[k].kind in (NUM, MSS, TIMES, COMMA) or (t[k].kind == WORD and t[k].low in _PREFIX_WORDS)
    ):
        k += 1
    if k == 0 or k >= len(t) or t[k].kind != WORD or t[k].low in vocab.BW_WORDS:
        return
    if not t[k].gap or parse_marker(t, k) is not None:
        return
    name = _join(t, k, len(t))
    found = index.exact(name)
    if found is None:
        # `20 Judo Push Ups`, `100 frogger`: a name that is not exact is asked about, never
        # guessed from its end; words that name nothing (`3 weeks to go`) are no log at all.
        near = index.resolve(name).exercise is not None
        if not near and not any(index.exact(_join(t, m, len(t))) for m in range(k + 1, len(t))):
            return
    line.name, line.start, line.stop = name, 0, k
    line.resolution = Resolution(found)


def _trim_name(t: list[Tok], lo: int, hi: int) -> tuple[int, int, bool]:
    """Drop separators and warm-up words at both ends of the name (`warmup bench:`, `bench w`)."""
    if hi == lo + 1 and t[lo].kind == WORD and t[lo].low not in WARMUP_EDGE_WORDS:
        return lo, hi, False  # one plain word: `bench`
    warm = False
    while lo < hi:
        if t[lo].kind in _NAME_EDGES:
            lo += 1
            continue
        if t[hi - 1].kind in _NAME_EDGES:
            hi -= 1
            continue
        first, last = t[lo], t[hi - 1]
        if first.kind == MARK or (first.kind == WORD and first.low in WARMUP_EDGE_WORDS):
            found = parse_marker(t, lo)
            if found is not None and found[0].kind == WARMUP and found[1] <= hi:
                lo, warm = found[1], True
                continue
        if last.kind == MARK or (last.kind == WORD and last.low in WARMUP_EDGE_WORDS):
            end_start = _warmup_ending_at(t, lo, hi)
            if end_start is not None:
                hi, warm = end_start, True
                continue
        break
    return lo, hi, warm


def _warmup_ending_at(t: list[Tok], lo: int, hi: int) -> int | None:
    for size in (1, 2, 3):
        s = hi - size
        if s < lo:
            return None
        found = parse_marker(t, s)
        if found is not None and found[0].kind == WARMUP and found[1] == hi:
            return s
    return None


def join(t: list[Tok], lo: int, hi: int) -> str:
    return _join(t, lo, hi)


def _join(t: list[Tok], lo: int, hi: int) -> str:
    if hi == lo + 1:
        return t[lo].text
    parts: list[str] = []
    for k in range(lo, hi):
        if parts and t[k].gap:
            parts.append(" ")
        parts.append(t[k].text)
    return "".join(parts)
