"""What each line of a message is (notation.md §3, §11 N6–N8, N10, N12, N13), and its name."""

from __future__ import annotations

import re

from core.notation import loads as ld
from core.notation import rawline, vocab
from core.notation.lexer import Note, lex
from core.notation.line import (
    BLANK,
    HEADER,
    NO_DIGIT,
    NOTE,
    SET,
    TEXT,
    WARM_HEADER,
    WEIGH,
    WEIGH_ASK,
    Context,
    Env,
    Line,
    join,
    name_before_break,
    number_first,
    read_name,
    resolve,
)
from core.notation.markers import parse_marker
from core.notation.tokens import (
    AT,
    COLON,
    COMMA,
    DASH,
    MARK,
    MSS,
    NUM,
    SEP,
    SLASH,
    TIMES,
    WARMUP,
    WORD,
    Tok,
)

__all__ = [
    "BLANK",
    "HEADER",
    "NOTE",
    "NO_DIGIT",
    "SET",
    "TEXT",
    "WARM_HEADER",
    "WEIGH",
    "WEIGH_ASK",
    "Context",
    "Env",
    "Line",
    "classify",
    "join",
    "name_before_break",
    "resolve",
]

_NOTE_STARTS = ("#", "//", "--", "—")
_ASCII_DIGIT = re.compile(r"[0-9]")
_BW_KEYWORD = re.compile(r"\s*(?:bw|body\s*weight)\b", re.I)


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
    text = raw
    head = stripped[:3].lower()
    if head[0].isdigit() or head[0] in "-*•" or head.startswith(rawline.LABEL_STARTS):
        text, line.warm_all = rawline.strip_label(raw)
    weigh = rawline.read_weigh_in(text) if head.startswith(rawline.WEIGH_STARTS) else None
    if weigh is not None and env.weigh_in(weigh):
        line.weigh, line.text = weigh, text
        bodyweight_reps = context is not None and context.bodyweight and not context.timed
        ask = bodyweight_reps and weigh.plain_integer and weigh.value <= 100
        line.kind = WEIGH_ASK if ask and _BW_KEYWORD.match(text) else WEIGH
        return line
    if "/" in text or "." in text or "-" in text:
        text, line.dated = rawline.blank_dates(text)
        if line.dated and _ASCII_DIGIT.search(text) is None:
            line.kind, line.text = TEXT, text
            return line
    line.text = text
    lexed = lex(text)
    t = line.tokens = lexed.tokens
    line.notes, line.cut = lexed.notes, lexed.cut
    if lexed.breaks:
        line.breaks = lexed.breaks
    line.stop = len(t)
    if not t:
        line.kind = NOTE if lexed.notes else BLANK
        return line
    g, n = 0, len(t)
    while g < n:
        tok = t[g]
        if tok.kind == WORD and tok.low not in vocab.BW_WORDS:
            g += 1  # a name's word: the common case, decided without a call
        elif ld.starts_group(t, g):
            break
        else:
            g += 1
    read_name(line, index, g)
    if not line.name and g == 0:
        number_first(line, index)
    named = bool(line.name) and g < len(t) and resolve(line, index).exercise is not None
    name_after = line.stop < len(t)  # N10: `50 push-ups`
    if named or name_after or (not line.name and _begins_group(t, g)) or _has_pattern(t):
        line.kind = TEXT if _chatter(line, t, env, context) else SET
    elif not any(tok.kind in (NUM, MSS) for tok in t):
        if line.name and resolve(line, index).exercise is not None:
            line.kind = HEADER
        elif _only_warmup(t):
            line.kind = WARM_HEADER
        else:
            line.kind = NO_DIGIT
    else:
        line.kind = TEXT
    return line


def _chatter(line: Line, t: list[Tok], env: Env, context: Context | None) -> bool:
    """N13: rest timers, cardio and other durations, dates, program names, plans."""
    exercise = resolve(line, env.index).exercise if line.name else None
    if rawline.has_program(line.text):
        return True
    if exercise is not None:  # a named exercise: only a plan without a set makes it chatter
        k = line.start + 1
        return (k >= len(t) or t[k].kind != TIMES) and _plan(line.text) and not _has_pattern(t)
    first = t[0]
    if first.kind == WORD and first.low in vocab.REST_WORDS:
        return True
    if line.dated and not line.name:
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
    if _durations_only(t, line.start, line.stop):
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
