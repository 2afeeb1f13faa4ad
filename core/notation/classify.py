"""What each line of a message is (notation.md §3, §11 N6–N8, N10, N12, N13), and its name."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from core.names import NameIndex, Resolution
from core.notation import loads as ld
from core.notation import rawline, vocab
from core.notation.lexer import Note, lex
from core.notation.markers import parse_marker
from core.notation.rawline import WeighInText
from core.notation.tokens import (
    AT,
    COLON,
    COMMA,
    DASH,
    MARK,
    MSS,
    NUM,
    OTHER,
    SEP,
    SLASH,
    TIMES,
    WARMUP,
    WORD,
    Tok,
)

BLANK, NOTE, SET, HEADER, NO_DIGIT, TEXT = "blank", "note", "set", "header", "nodigit", "text"
WARM_HEADER, WEIGH, WEIGH_ASK = "warmheader", "weigh", "weighask"
_NOTE_STARTS = ("#", "//", "--", "—")
_NAME_EDGES = (COLON, SEP, DASH)
_NAME_KINDS = frozenset({WORD, DASH, OTHER, COLON, SEP})
_WARMUP_EDGE_WORDS = vocab.WARMUP_WORDS | set(vocab.WARMUP_PAIR)
_ASCII_DIGIT = re.compile(r"[0-9]")
_BW_KEYWORD = re.compile(r"\s*(?:bw|body\s*weight)\b", re.I)
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


def classify(number: int, raw: str, env: Env, context: Context | None) -> Line:
    """Classify one line; `context` is the exercise above it (or the last one logged)."""
    line = Line(number, raw)
    index = env.index
    stripped = raw.strip()
    if not stripped:
        return line
    if stripped.startswith(_NOTE_STARTS):
        line.kind = NOTE
        body = stripped.lstrip(stripped[0]).strip()
        if body:
            line.notes = [Note(body, 0, 0)]
        return line
    text, line.warm_all = rawline.strip_label(raw)
    weigh = rawline.read_weigh_in(text)
    if weigh is not None and env.weigh_in(weigh):
        line.weigh, line.text = weigh, text
        bodyweight_reps = context is not None and context.bodyweight and not context.timed
        ask = bodyweight_reps and weigh.plain_integer and weigh.value <= 100
        line.kind = WEIGH_ASK if ask and _BW_KEYWORD.match(text) else WEIGH
        return line
    text, line.dated = rawline.blank_dates(text)
    line.text = text
    if line.dated and _ASCII_DIGIT.search(text) is None:
        line.kind = TEXT
        return line
    lexed = lex(text)
    t = line.tokens = lexed.tokens
    line.notes, line.cut = lexed.notes, lexed.cut
    if lexed.breaks:
        line.breaks = lexed.breaks
    line.stop = len(t)
    if not t:
        line.kind = NOTE if lexed.notes else BLANK
        return line
    g = 0
    while g < len(t) and not ld.starts_group(t, g):
        g += 1
    _read_name(line, index, g)
    if not line.name and g == 0:
        _number_first(line, index)
    named = bool(line.name) and g < len(t) and _resolve(line, index).exercise is not None
    if named or (not line.name and _begins_group(t, g)) or _has_pattern(t):
        line.kind = TEXT if _chatter(line, t, env, context) else SET
    elif not any(tok.kind in (NUM, MSS) for tok in t):
        if line.name and _resolve(line, index).exercise is not None:
            line.kind = HEADER
        elif _only_warmup(t):
            line.kind = WARM_HEADER
        else:
            line.kind = NO_DIGIT
    else:
        line.kind = TEXT
    return line


def resolve(line: Line, index: NameIndex) -> Resolution:
    return _resolve(line, index)


def _resolve(line: Line, index: NameIndex) -> Resolution:
    if line.resolution is None:
        # A marker or a sign inside the name would vanish from the key: no such name resolves.
        junk = line.name_junk is not None or line.unknown_bracket
        line.resolution = Resolution(None) if junk else index.resolve(line.name)
    return line.resolution


def _read_name(line: Line, index: NameIndex, g: int) -> None:
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


def _number_first(line: Line, index: NameIndex) -> None:
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
    if found is not None:
        line.name, line.resolution, line.start, line.stop = name, Resolution(found), 0, k


def _chatter(line: Line, t: list[Tok], env: Env, context: Context | None) -> bool:
    """N13: rest timers, cardio and other durations, dates, program names, plans."""
    exercise = _resolve(line, env.index).exercise if line.name else None
    resolved = exercise is not None
    first = t[0]
    if first.kind == WORD and first.low in vocab.REST_WORDS and not resolved:
        return True
    if rawline.has_program(line.text) or (line.dated and not resolved and not line.name):
        return True
    if _plan(line.text) and not _has_pattern(t):
        return True
    # A nameless slash list is reps only with nothing but numbers and markers (`3/4 done`).
    if (
        not line.name
        and t[0].kind == NUM
        and ld.kind_at(t, 1, SLASH)
        and any(w.kind == WORD and parse_marker(t, k) is None for k, w in enumerate(t))
    ):
        return True
    if exercise is None and _durations_only(t, line.start, line.stop):
        # A named exercise keeps its time (`pushups 60s`; `bench 2 min` asks for the load).
        return line.name != "" or context is None or not context.timed
    return False


_PLAN_WORDS = "|".join([*vocab.PLAN_WORDS, *(r"\s+".join(p) for p in vocab.PLAN_PHRASES)])
_PLAN = re.compile(rf"\b(?:{_PLAN_WORDS})\b", re.I)


def _plan(text: str) -> bool:
    return _PLAN.search(text) is not None


def _durations_only(t: list[Tok], start: int, stop: int) -> bool:
    """The line's only set data is one or more durations (`gym in 20 min`, `mile run 7:30`)."""
    k, found = start, False
    while k < stop:
        tok = t[k]
        if tok.kind in (NUM, MSS):
            duration = ld.parse_duration(t, k)
            if duration is None:
                return False
            found, k = True, duration.end
            continue
        if tok.kind in (TIMES, AT) or (tok.kind in (MARK,) or ld.signed_number(t, k)):
            return False
        k += 1
    return found


def _only_warmup(t: list[Tok]) -> bool:
    k = 0
    while k < len(t) and t[k].kind in (COLON, DASH, SEP):
        k += 1
    found = parse_marker(t, k) if k < len(t) else None
    if found is None or found[0].kind != WARMUP:
        return False
    rest = t[found[1] :]
    return all(tok.kind in (COLON, DASH, SEP) or tok.low in vocab.SETS_WORDS for tok in rest)


def _trim_name(t: list[Tok], lo: int, hi: int) -> tuple[int, int, bool]:
    """Drop separators and warm-up words at both ends of the name (`warmup bench:`, `bench w`)."""
    warm = False
    while lo < hi:
        if t[lo].kind in _NAME_EDGES:
            lo += 1
            continue
        if t[hi - 1].kind in _NAME_EDGES:
            hi -= 1
            continue
        first, last = t[lo], t[hi - 1]
        if first.kind == MARK or (first.kind == WORD and first.low in _WARMUP_EDGE_WORDS):
            found = parse_marker(t, lo)
            if found is not None and found[0].kind == WARMUP and found[1] <= hi:
                lo, warm = found[1], True
                continue
        if last.kind == MARK or (last.kind == WORD and last.low in _WARMUP_EDGE_WORDS):
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


def _has_pattern(t: list[Tok]) -> bool:
    """§3 (a): `N×N`, `N for N`, `N rep(s)`, `N sets of`, `N@N`, a duration, `bw/+N/-N ×`."""
    n = len(t)
    for k, tok in enumerate(t):
        if tok.kind == NUM:
            j = k + 1 + (1 if ld.unit_at(t, k + 1) is not None else 0)
            if ld.kind_at(t, j, TIMES) and j + 1 < n and t[j + 1].kind in (NUM, MSS):
                return True
            if ld.word_at(t, k + 1, vocab.FOR_WORDS) and ld.kind_at(t, k + 2, NUM):
                return True
            if ld.word_at(t, k + 1, vocab.REPS_WORDS):
                return True
            if ld.word_at(t, k + 1, vocab.SET_COUNT_WORDS) and ld.kind_at(t, k + 2, NUM):
                return True
            if ld.word_at(t, k + 1, vocab.SETS_WORDS) and ld.word_at(t, k + 2, vocab.OF_WORD):
                return True
            if ld.kind_at(t, k + 1, AT) and ld.kind_at(t, k + 2, NUM):
                return True
            if ld.parse_duration(t, k) is not None:
                return True
        elif (tok.kind == WORD and tok.low in vocab.BW_WORDS) or ld.signed_number(t, k):
            load = ld.parse_load(t, k)
            if load is not None and ld.kind_at(t, load.end, TIMES):
                return True
    return False


def _begins_group(t: list[Tok], g: int) -> bool:
    """§3 (b): the line begins with a group."""
    if g >= len(t):
        return False
    tok = t[g]
    if tok.kind == NUM:
        k = g + 1
        if k >= len(t):
            return True
        nxt = t[k]
        if nxt.kind in (TIMES, COMMA, SLASH, DASH, AT) or ld.unit_at(t, k) is not None:
            return True
        if ld.parse_duration(t, g) is not None or parse_marker(t, k) is not None:
            return True
        if nxt.kind == WORD and not nxt.gap and nxt.low in ("m", "s"):
            return True  # `1m` on a hold, `70s x 8` dumbbells: the exercise decides
        return nxt.kind == WORD and (nxt.low in vocab.FOR_WORDS or nxt.low in vocab.REPS_WORDS)
    if tok.kind == MSS:
        k = g + 1
        return k >= len(t) or t[k].kind in (COMMA, SLASH) or parse_marker(t, k) is not None
    return ld.starts_group(t, g)
