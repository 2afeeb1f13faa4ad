"""Splitting one line into tokens and notes (notation.md §2, §4): ignorables dropped, notes kept."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from core.notation import vocab
from core.notation.markers import parse_marker, unit_follows
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
    SEP,
    SLASH,
    TIMES,
    WORD,
    Tok,
)

_LETTER = r"(?:[^\W\d_]|[\u0300-\u036f])"
# Leading whitespace is part of every match: the lexer then sees one match per token.
_TOKEN = re.compile(
    rf"""
    \s*(?:
    (?P<mss>[0-9]+:[0-5][0-9](?![0-9]))
    |(?P<num>[0-9]+(?:\.[0-9]{{1,4}})?(?![0-9]))
    |(?P<word>{_LETTER}+(?:['’]{_LETTER}+)*)
    |(?P<arrow>->|→|=>|>|➡\ufe0f?)
    |(?P<ddash>--+|—)
    |(?P<endash>–)
    |(?P<dslash>//)
    |(?P<hash>\#)
    |(?P<open>[(\[])
    |(?P<times>[×*])
    |(?P<at>@)
    |(?P<comma>,)
    |(?P<semi>;)
    |(?P<slash>/)
    |(?P<dash>[-−‐])
    |(?P<plus>\+)
    |(?P<colon>:)
    |(?P<secmark>''|′′|″|"|”)
    |(?P<minmark>['′’])
    |(?P<punct>[!.]+)
    |(?P<other>.)
    )""",
    re.VERBOSE | re.DOTALL,
)
_SIMPLE = {
    "arrow": ARROW,
    "endash": SEP,
    "times": TIMES,
    "at": AT,
    "comma": COMMA,
    "semi": SEMI,
    "slash": SLASH,
    "dash": DASH,
    "plus": PLUS,
    "colon": COLON,
}
# `135#x5`, `180#`: a `#` glued to a number is pounds unless a word follows it (`8#felt good`).
_LB_HASH_TAIL = re.compile(r"$|[^\w]|[xXхХ](?:[0-9\s]|$)")
_CLOSE = {"(": ")", "[": "]"}
_ORDINAL = re.compile(rf"(?:{'|'.join(vocab.ORDINAL_SUFFIXES)})(?!{_LETTER})")
_INVISIBLE = frozenset("\ufe0f\u200d\u20e3")
_SPLIT_TIMES = frozenset(vocab.UNITS) | vocab.BW_WORDS | vocab.SECONDS | vocab.MINUTES
# N9 and N10 brackets: `(2 sets)`, `(x 3)`, `(x3)`; `(220 pounds)`, `(100kg)`.
_COUNT = re.compile(r"\s*(?:[xх×]\s*([0-9]+)|([0-9]+)\s*(?:sets?|series|подход\w*))\s*", re.I)
_DUAL = re.compile(r"\s*([0-9]+(?:[.,][0-9]+)?)\s*([^\W\d_]+)\s*")


def is_ignorable(ch: str) -> bool:
    """Emoji and other symbols (So, Sk), halves of broken emoji (Cs), joiners, invisible marks."""
    if ch in _INVISIBLE:
        return True
    category = unicodedata.category(ch)
    return category in ("So", "Sk", "Cf", "Cs") or "\ufe00" <= ch <= "\ufe0f"


@dataclass(frozen=True, slots=True)
class Note:
    """A note as written: its text, where it starts in the line, and how many tokens precede it."""

    text: str
    start: int
    at: int
    bracket: bool = False
    end: int = 0


@dataclass(slots=True)
class Lexed:
    """The tokens of a line (notes and ignorables removed), its notes, where a `#` note began."""

    tokens: list[Tok]
    notes: list[Note]
    cut: int
    breaks: frozenset[int] = frozenset()  # where a token follows an emoji, `!` or `.` (N6.2)


def lex(line: str) -> Lexed:
    """Tokenise one NFKC-normalised line."""
    tokens: list[Tok] = []
    notes: list[Note] = []
    line = line.rstrip()
    pos, n, gap, seen_number = 0, len(line), True, False
    broken: list[int] = []  # how many tokens came before each emoji, `!` or `.`
    cut = n
    simple = _SIMPLE
    # Every character is matched (the last alternative takes any), so the matches tile the line;
    # after a bracket or an ordinal the ones inside what was read are skipped.
    for match in _TOKEN.finditer(line):
        kind = match.lastgroup or "other"
        start, end = match.span(kind)
        if start < pos:
            continue
        if start > pos:
            gap = True
        if kind == "word":
            text = match.group(kind)
            low = text.lower() if text.isascii() else vocab.fold(text)
            if low and low[-1] not in "xх":
                tok = Tok(WORD, text, start, end, gap)
                tok.low = low
                tokens.append(tok)
            else:
                _add_word(tokens, text, start, end, gap)
            gap = False
        elif kind == "num":
            suffix = _ORDINAL.match(line, end) if end < n and line[end].isalpha() else None
            if suffix is not None:  # `4th`, `2nd`: a word (N6.1), never a number
                end = suffix.end()
                _add_word(tokens, line[start:end], start, end, gap)
            else:
                tok = Tok(NUM, match.group(kind), start, end, gap)
                tok.value = Decimal(tok.text)
                tokens.append(tok)
                seen_number = True
            gap = False
        elif kind in simple:
            tokens.append(Tok(simple[kind], match.group(kind), start, end, gap))
            gap = False
        elif kind == "mss":
            tok = Tok(MSS, match.group(kind), start, end, gap)
            minutes, seconds = tok.text.split(":")
            tok.value = Decimal(int(minutes) * 60 + int(seconds))
            tokens.append(tok)
            seen_number, gap = True, False
        elif (kind == "secmark" or kind == "minmark") and _glued_number(tokens, start):
            # `90"`, `90''`, `1'30"`: seconds and minutes marks glued to a number (N15).
            tok = Tok(WORD, match.group(kind), start, end, False)
            tok.low = "s" if kind == "secmark" else "min"
            tokens.append(tok)
            gap = False
        elif kind == "ddash" and not seen_number:
            tokens.append(Tok(SEP, match.group(kind), start, end, gap))
            gap = False
        elif kind in ("ddash", "dslash") or (kind == "hash" and not _is_lb_hash(line, start, end)):
            _add_note(notes, line[end:], start, len(tokens))
            cut = start
            break
        elif kind == "hash":
            tok = Tok(LB_HASH, "#", start, end, gap)
            tok.low = "lb"
            tokens.append(tok)
            gap = False
        elif kind == "open":
            close = line.find(_CLOSE[line[start]], end)
            stop = close if close >= 0 else n
            content = line[end:stop]
            end = stop + 1 if close >= 0 else n
            special = _bracket_token(content)
            if special is not None:
                special.text, special.start, special.end = line[start:end], start, end
                special.gap = gap
                tokens.append(special)
                gap = False
            else:
                _add_note(notes, content, start, len(tokens), end)
                gap = True
        elif (kind == "punct" and _ends_word(line, end)) or (
            kind == "other" and is_ignorable(match.group(kind))
        ):
            gap = True
            broken.append(len(tokens))
        else:
            tokens.append(Tok(OTHER, match.group(kind), start, end, gap))
            gap = False
        pos = end
    breaks = frozenset(tokens[k].start for k in broken if k < len(tokens)) if broken else _NONE
    merged = _merge_decimal_commas(tokens) if "," in line else tokens
    return Lexed(merged, notes, cut, breaks)


_NONE: frozenset[int] = frozenset()


def _glued_number(tokens: list[Tok], start: int) -> bool:
    return bool(tokens) and tokens[-1].kind == NUM and tokens[-1].end == start


def _add_word(tokens: list[Tok], text: str, pos: int, end: int, gap: bool) -> None:
    low = text.lower() if text.isascii() else vocab.fold(text)
    if not low or low[-1] not in "xх":
        tok = Tok(WORD, text, pos, end, gap)
        tok.low = low
        tokens.append(tok)
        return
    if low in vocab.TIMES_WORDS:
        tokens.append(Tok(TIMES, text, pos, end, gap))
        return
    # `95lbx5`, `180kgx5`, `bwx10`, `60sx3`: the times sign glued to a unit, `bw` or a time unit.
    if len(low) > 1 and low[:-1] in _SPLIT_TIMES:
        head = Tok(WORD, text[:-1], pos, end - 1, gap)
        head.low = low[:-1]
        tokens.append(head)
        tokens.append(Tok(TIMES, text[-1], end - 1, end, False))
        return
    tok = Tok(WORD, text, pos, end, gap)
    tok.low = low
    tokens.append(tok)


def _add_note(notes: list[Note], text: str, start: int, at: int, end: int = 0) -> None:
    text = text.strip()
    if text:
        notes.append(Note(text, start, at, end > 0, end))


def _is_lb_hash(line: str, pos: int, end: int) -> bool:
    return pos > 0 and "0" <= line[pos - 1] <= "9" and _LB_HASH_TAIL.match(line, end) is not None


def _ends_word(line: str, end: int) -> bool:
    # `!` and `.` are ignorable only at the end of a word (`100x3!`), never inside a number.
    while end < len(line) and is_ignorable(line[end]):
        end += 1
    return end >= len(line) or line[end].isspace() or line[end] in ",;)]"


def _bracket_token(content: str) -> Tok | None:
    """A bracket holding one marker (`(F)`, `(last F)`), a set count or a load in another unit."""
    count = _COUNT.fullmatch(content)
    if count is not None:
        tok = Tok(COUNT, content, 0, 0, False)
        tok.value = Decimal(count.group(1) or count.group(2))
        return tok
    dual = _DUAL.fullmatch(content)
    if dual is not None and vocab.fold(dual.group(2)) in vocab.UNITS:
        tok = Tok(DUAL, content, 0, 0, False)
        tok.value = Decimal(dual.group(1).replace(",", "."))
        tok.low = vocab.UNITS[vocab.fold(dual.group(2))].value
        return tok
    inner = lex(content)
    tokens = inner.tokens
    if inner.notes or not tokens:
        return None
    first = 1 if tokens[0].kind == WORD and tokens[0].low == "last" and len(tokens) > 1 else 0
    found = parse_marker(tokens, first)
    if found is None or found[1] != len(tokens):
        return None
    tok = Tok(MARK, content, 0, 0, False)
    tok.marker = found[0]
    return tok


def _decimal_context(tokens: list[Tok], out: list[Tok], i: int) -> bool:
    # A comma between digits is a decimal comma only in a load (before a unit, `x` or `for`) or in
    # an RPE/RIR value; elsewhere it separates reps (`100x5,5,4`).
    prev = out[-1] if out else None
    after = i + 3
    if unit_follows(tokens, after):
        return True
    if after < len(tokens):
        nxt = tokens[after]
        if nxt.kind == TIMES or (nxt.kind == WORD and nxt.low in ("for", vocab.RIR_WORD)):
            return prev is None or prev.kind != TIMES
        if nxt.kind == WORD and (nxt.low in vocab.MINUTES or nxt.low in vocab.SECONDS):
            return True  # `1,5 min` (N15)
    if prev is None:
        return False
    if prev.kind == AT:
        return True
    if prev.kind == WORD and (
        prev.low in vocab.AT_WORDS or prev.low in (vocab.RPE_WORD, vocab.RIR_WORD)
    ):
        return True
    return (
        prev.kind == COLON
        and len(out) > 1
        and out[-2].kind == WORD
        and out[-2].low in (vocab.RPE_WORD, vocab.RIR_WORD)
    )


def _merge_decimal_commas(tokens: list[Tok]) -> list[Tok]:
    if len(tokens) < 3:
        return tokens
    out: list[Tok] = []
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        if (
            tok.is_int
            and i + 2 < n
            and tokens[i + 1].kind == COMMA
            and not tokens[i + 1].gap
            and tokens[i + 2].is_int
            and not tokens[i + 2].gap
            and len(tokens[i + 2].text) <= 2
            and not _list_continues(tokens, i + 3)
            and _decimal_context(tokens, out, i)
        ):
            frac = tokens[i + 2]
            merged = Tok(NUM, f"{tok.text},{frac.text}", tok.start, frac.end, tok.gap)
            merged.value = Decimal(f"{tok.text}.{frac.text}")
            out.append(merged)
            i += 3
            continue
        out.append(tok)
        i += 1
    return out


def _list_continues(tokens: list[Tok], j: int) -> bool:
    # `@7,8,9` is a list, not 7.8 followed by 9.
    return (
        j + 1 < len(tokens)
        and tokens[j].kind == COMMA
        and not tokens[j].gap
        and tokens[j + 1].kind == NUM
        and not tokens[j + 1].gap
    )
