"""A whole message (notation.md §3): lines, names, context, not-a-log, notes, the first error."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from core.catalogue import Catalogue
from core.model import SetEntry, Unit
from core.names import NameIndex, Resolution
from core.notation import heads as h
from core.notation import vocab
from core.notation.context import ExerciseKind, ParseFailure
from core.notation.lexer import lex
from core.notation.markers import parse_marker
from core.notation.sets import LineSets, SetDraft
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
from core.wording import parse_errors as say

MAX_CHARS = 4096
_ASCII_DIGIT = re.compile(r"[0-9]")
BLANK, NOTE, SET, HEADER, NO_DIGIT, OTHER_LINE = (
    "blank",
    "note",
    "set",
    "header",
    "nodigit",
    "other",
)
_NOTE_STARTS = ("#", "//", "--", "—")
_NAME_EDGES = (COLON, SEP, DASH)
_NAME_KINDS = frozenset({WORD, DASH, OTHER, COLON, SEP})
_WARMUP_EDGE_WORDS = vocab.WARMUP_WORDS | set(vocab.WARMUP_PAIR)


class NotLog(Exception):
    """Raised internally when the message is not a log at all."""


class MessageFailure(Exception):
    """A ParseFailure placed on its line."""

    def __init__(self, failure: ParseFailure, line: int | None) -> None:
        super().__init__(failure.code)
        self.failure = failure
        self.line = line


@dataclass(slots=True)
class Line:
    """One physical line, classified."""

    number: int
    text: str
    kind: str = BLANK
    tokens: list[Tok] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    name: str = ""
    name_start: int = 0  # first token of the sets (after the name)
    name_junk: int | None = None  # a token that can't be part of a name, e.g. `(F)` before it
    warmup: bool = False
    resolution: Resolution | None = None


def parse_message(
    text: str, unit: Unit, last_exercise: str | None, catalogue: Catalogue, index: NameIndex
) -> list[SetEntry]:
    """The sets of a message; raises NotLog or MessageFailure."""
    if len(text) > MAX_CHARS:
        raise MessageFailure(ParseFailure("text_too_long", say.text_too_long()), None)
    text = unicodedata.normalize("NFKC", text)
    stripped = text.strip()
    # `//` opens a note, so only a single slash is a bot command.
    if not stripped or (stripped.startswith("/") and not stripped.startswith("//")):
        raise NotLog
    if _ASCII_DIGIT.search(text) is None:
        raise NotLog
    lines = [
        _classify(n, raw.rstrip("\r"), index) for n, raw in enumerate(text.split("\n"), start=1)
    ]
    named_set_line = any(
        line.kind == SET and line.name and _resolve(line, index).exercise is not None
        for line in lines
    )
    if not named_set_line and _is_question(lines):
        raise NotLog
    if not any(line.kind == SET for line in lines):
        raise NotLog
    return _read(lines, unit, last_exercise, catalogue, index)


def _resolve(line: Line, index: NameIndex) -> Resolution:
    if line.resolution is None:
        # A marker or a sign inside the name would vanish from the key: no such name resolves.
        junk = line.name_junk is not None
        line.resolution = Resolution(None) if junk else index.resolve(line.name)
    return line.resolution


def _classify(number: int, raw: str, index: NameIndex) -> Line:
    line = Line(number, raw)
    stripped = raw.strip()
    if not stripped:
        return line
    if stripped.startswith(_NOTE_STARTS):
        line.kind = NOTE
        body = stripped.lstrip(stripped[0]).strip()
        if body:
            line.notes.append(body)
        return line
    lexed = lex(raw)
    t = line.tokens = lexed.tokens
    line.notes = lexed.notes
    if not t:
        line.kind = NOTE if lexed.notes else BLANK
        return line
    g = 0
    while g < len(t) and not h.starts_group(t, g):
        g += 1
    lo, hi, warm = _trim_name(t, 0, g)
    line.name = _join(t, lo, hi)
    line.name_junk = next((k for k in range(lo, hi) if t[k].kind not in _NAME_KINDS), None)
    line.name_start = g
    line.warmup = warm
    named = bool(line.name) and g < len(t) and _resolve(line, index).exercise is not None
    if _has_pattern(t) or (not line.name and _begins_group(t, g)) or named:
        line.kind = SET
    elif not any(tok.kind in (NUM, MSS) for tok in t):
        line.kind = HEADER if line.name and _resolve(line, index).exercise is not None else NO_DIGIT
    else:
        line.kind = OTHER_LINE
    return line


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
        found = parse_marker(t, lo) if _may_be_warmup(t[lo]) else None
        if found is not None and found[0].kind == WARMUP and found[1] <= hi:
            lo, warm = found[1], True
            continue
        end_start = _warmup_ending_at(t, lo, hi)
        if end_start is not None:
            hi, warm = end_start, True
            continue
        break
    return lo, hi, warm


def _may_be_warmup(tok: Tok) -> bool:
    return tok.kind == MARK or (tok.kind == WORD and tok.low in _WARMUP_EDGE_WORDS)


def _warmup_ending_at(t: list[Tok], lo: int, hi: int) -> int | None:
    if not _may_be_warmup(t[hi - 1]):
        return None
    for size in (1, 2, 3):
        s = hi - size
        if s < lo:
            return None
        found = parse_marker(t, s)
        if found is not None and found[0].kind == WARMUP and found[1] == hi:
            return s
    return None


def _join(t: list[Tok], lo: int, hi: int) -> str:
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
            j = k + 1 + (1 if h.unit_at(t, k + 1) is not None else 0)
            if h.kind_at(t, j, TIMES) and j + 1 < n and t[j + 1].kind in (NUM, MSS):
                return True
            if h.word_at(t, k + 1, vocab.FOR_WORD) and h.kind_at(t, k + 2, NUM):
                return True
            if h.word_at(t, k + 1, vocab.REPS_WORDS):
                return True
            if h.word_at(t, k + 1, vocab.SETS_WORDS) and h.word_at(t, k + 2, vocab.OF_WORD):
                return True
            if h.kind_at(t, k + 1, AT) and h.kind_at(t, k + 2, NUM):
                return True
            if h.parse_duration(t, k) is not None:
                return True
        elif (tok.kind == WORD and tok.low in vocab.BW_WORDS) or h.signed_number(t, k):
            load = h.parse_load(t, k)
            if load is not None and h.kind_at(t, load.end, TIMES):
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
        if nxt.kind in (TIMES, COMMA, SLASH, DASH, AT) or h.unit_at(t, k) is not None:
            return True
        if h.parse_duration(t, g) is not None or parse_marker(t, k) is not None:
            return True
        return nxt.kind == WORD and (nxt.low == vocab.FOR_WORD or nxt.low in vocab.REPS_WORDS)
    if tok.kind == MSS:
        k = g + 1
        return k >= len(t) or t[k].kind in (COMMA, SLASH) or parse_marker(t, k) is not None
    return h.starts_group(t, g)


def _is_question(lines: list[Line]) -> bool:
    """§3 rule 5: ends with `?` (notes aside) or starts with a question word."""
    content = [line for line in lines if line.tokens and line.kind != NOTE]
    if not content:
        return False
    last = content[-1].tokens[-1]
    if last.kind == OTHER and last.text == "?":
        return True
    first = content[0].tokens[0]
    return first.kind == WORD and first.low in vocab.QUESTION_WORDS


def _next_content(lines: list[Line], i: int) -> Line | None:
    for line in lines[i + 1 :]:
        if line.kind not in (BLANK, NOTE):
            return line
    return None


def _is_continuation(line: Line | None) -> bool:
    return line is not None and line.kind == SET and not line.name


@lru_cache(maxsize=2048)
def _kind(exercise_id: str, catalogue: Catalogue, typed: str | None) -> ExerciseKind:
    exercise = catalogue.get(exercise_id)
    if exercise is None:
        # A custom exercise from the lifter's history: nothing known, read as a weighted lift.
        return ExerciseKind(exercise_id, (typed or exercise_id.replace("_", " ")).strip().lower())
    return ExerciseKind.of(exercise, typed)


def _unknown(name: str, catalogue: Catalogue, index: NameIndex) -> ParseFailure:
    suggestions = index.suggest(name)
    names = [catalogue.name_of(s) for s in suggestions]
    first = catalogue.get(suggestions[0]) if suggestions else None
    example = ExerciseKind.of(first).example() if first is not None else "bench 80x8"
    return ParseFailure("unknown_exercise", say.unknown_exercise(name, names, example), suggestions)


def _read(
    lines: list[Line], unit: Unit, last_exercise: str | None, catalogue: Catalogue, index: NameIndex
) -> list[SetEntry]:
    produced: list[tuple[Line, str, list[SetDraft]]] = []
    attached: dict[int, list[tuple[int, str]]] = {}
    current: ExerciseKind | None = None
    header_notes: list[tuple[int, str]] = []
    for i, line in enumerate(lines):
        if line.kind in (BLANK, NOTE):
            continue
        try:
            if line.kind == HEADER:
                kind = _kind(_need_id(line), catalogue, line.name)
                if not _is_continuation(_next_content(lines, i)):
                    raise ParseFailure(
                        "incomplete_set", say.header_without_sets(line.text, kind.example())
                    )
                current = kind
                header_notes = [(line.number, note) for note in line.notes]
                continue
            if line.kind == NO_DIGIT and line.name and _is_continuation(_next_content(lines, i)):
                raise _unknown(line.name, catalogue, index)
            if line.kind != SET:
                quoted = line.text.strip()
                raise ParseFailure(
                    "unexpected_text", say.unexpected_text(quoted, f"bench 80x8 # {quoted}")
                )
            if line.name_junk is not None:
                quoted = _join(line.tokens, line.name_junk, line.name_start)
                raise ParseFailure(
                    "unexpected_text", say.unexpected_text(quoted, f"bench 80x8 # {quoted}")
                )
            if line.name:
                resolved = _resolve(line, index).exercise
                if resolved is None:
                    raise _unknown(line.name, catalogue, index)
                current = _kind(resolved, catalogue, line.name)
                header_notes = []
            elif current is None:
                if not last_exercise:
                    quoted = _join(line.tokens, 0, len(line.tokens))
                    raise ParseFailure(
                        "no_exercise",
                        say.no_exercise(quoted, _with_bench(quoted, catalogue, index)),
                    )
                current = _kind(last_exercise, catalogue, None)
            drafts = LineSets(
                line.text, line.tokens, line.name_start, current, unit, line.warmup
            ).parse()
        except ParseFailure as failure:
            raise MessageFailure(failure, line.number) from None
        notes = attached.setdefault(line.number, [])
        if not line.name:
            notes.extend(header_notes)
        notes.extend((line.number, note) for note in line.notes)
        produced.append((line, current.id, drafts))
    _attach_note_lines(lines, [line.number for line, _, _ in produced], attached)
    entries: list[SetEntry] = []
    for line, exercise_id, drafts in produced:
        texts = [text for _, text in sorted(attached[line.number], key=lambda item: item[0])]
        note = "; ".join(texts) if texts else None
        entries.extend(_entry(d, exercise_id, note, line.number) for d in drafts)
    return entries


def _attach_note_lines(
    lines: list[Line], set_lines: list[int], attached: dict[int, list[tuple[int, str]]]
) -> None:
    """A note line belongs to the nearest set line above it, else to the first one below (§3)."""
    for line in lines:
        if line.kind != NOTE or not line.notes or not set_lines:
            continue
        above = [n for n in set_lines if n < line.number]
        target = above[-1] if above else set_lines[0]
        attached[target].extend((line.number, note) for note in line.notes)


def _entry(d: SetDraft, exercise_id: str, note: str | None, line: int) -> SetEntry:
    drafted = {name: getattr(d, name) for name in SetDraft.__slots__}
    return SetEntry(exercise=exercise_id, note=note, line=line, **drafted)


def _with_bench(sets: str, catalogue: Catalogue, index: NameIndex) -> str:
    """`bench` + what was typed when that logs, else a plain example."""
    candidate = f"bench {sets}"
    try:
        parse_message(candidate, Unit.KG, None, catalogue, index)
    except (NotLog, MessageFailure):
        return "bench 80x8"
    return candidate


def _need_id(line: Line) -> str:
    assert line.resolution is not None and line.resolution.exercise is not None
    return line.resolution.exercise
