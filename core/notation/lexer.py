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
    DASH,
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
    |(?P<num>[0-9]+(?:\.[0-9]{{1,2}})?(?![0-9]))
    |(?P<word>{_LETTER}+(?:['’]{_LETTER}+)*)
    |(?P<arrow>->|→|>)
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
_INVISIBLE = frozenset("\ufe0f\u200d\u20e3")
_SPLIT_TIMES = frozenset(vocab.UNITS) | vocab.BW_WORDS


def is_ignorable(ch: str) -> bool:
    """Emoji and other symbols (So, Sk), variation selectors, joiners and other invisible marks."""
    if ch in _INVISIBLE:
        return True
    category = unicodedata.category(ch)
    return category in ("So", "Sk", "Cf") or "\ufe00" <= ch <= "\ufe0f"


@dataclass(frozen=True, slots=True)
class Lexed:
    """The tokens of a line (notes and ignorables removed) and its note texts in order."""

    tokens: list[Tok]
    notes: list[str]


def lex(line: str) -> Lexed:
    """Tokenise one NFKC-normalised line."""
    tokens: list[Tok] = []
    notes: list[str] = []
    line = line.rstrip()
    pos, n, gap, seen_number = 0, len(line), True, False
    match_at = _TOKEN.match
    while pos < n:
        match = match_at(line, pos)
        assert match is not None  # the last alternative matches any character
        kind = match.lastgroup or "other"
        start, end = match.span(kind)
        text = match.group(kind)
        gap = gap or start > pos
        if kind == "word":
            _add_word(tokens, text, start, end, gap)
            gap = False
        elif kind == "num" or kind == "mss":
            tok = Tok(NUM if kind == "num" else MSS, text, start, end, gap)
            if kind == "num":
                tok.value = Decimal(text)
            else:
                minutes, seconds = text.split(":")
                tok.value = Decimal(int(minutes) * 60 + int(seconds))
            tokens.append(tok)
            seen_number, gap = True, False
        elif kind == "ddash" and not seen_number:
            tokens.append(Tok(SEP, text, start, end, gap))
            gap = False
        elif kind in ("ddash", "dslash") or (kind == "hash" and not _is_lb_hash(line, start, end)):
            _add_note(notes, line[end:])
            break
        elif kind == "hash":
            tok = Tok(LB_HASH, text, start, end, gap)
            tok.low = "lb"
            tokens.append(tok)
            gap = False
        elif kind == "open":
            close = line.find(_CLOSE[text], end)
            stop = close if close >= 0 else n
            content = line[end:stop]
            end = stop + 1 if close >= 0 else n
            mark = _bracket_marker(content)
            if mark is not None:
                mark_tok = Tok(MARK, line[start:end], start, end, gap)
                mark_tok.marker = mark.marker
                tokens.append(mark_tok)
                gap = False
            else:
                _add_note(notes, content)
                gap = True
        elif (kind == "punct" and _ends_word(line, end)) or (
            kind == "other" and is_ignorable(text)
        ):
            gap = True
        else:
            tokens.append(Tok(_SIMPLE.get(kind, OTHER), text, start, end, gap))
            gap = False
        pos = end
    return Lexed(_merge_decimal_commas(tokens) if "," in line else tokens, notes)


def _add_word(tokens: list[Tok], text: str, pos: int, end: int, gap: bool) -> None:
    low = vocab.fold(text)
    if low in vocab.TIMES_WORDS:
        tokens.append(Tok(TIMES, text, pos, end, gap))
        return
    # `95lbx5`, `180kgx5`, `bwx10`: the times sign glued to a unit or to `bw`.
    if len(low) > 1 and low[-1] in "xх" and low[:-1] in _SPLIT_TIMES:
        head = Tok(WORD, text[:-1], pos, end - 1, gap)
        head.low = low[:-1]
        tokens.append(head)
        tokens.append(Tok(TIMES, text[-1], end - 1, end, False))
        return
    tok = Tok(WORD, text, pos, end, gap)
    tok.low = low
    tokens.append(tok)


def _add_note(notes: list[str], text: str) -> None:
    text = text.strip()
    if text:
        notes.append(text)


def _is_lb_hash(line: str, pos: int, end: int) -> bool:
    return pos > 0 and "0" <= line[pos - 1] <= "9" and _LB_HASH_TAIL.match(line, end) is not None


def _ends_word(line: str, end: int) -> bool:
    # `!` and `.` are ignorable only at the end of a word (`100x3!`), never inside a number.
    while end < len(line) and is_ignorable(line[end]):
        end += 1
    return end >= len(line) or line[end].isspace() or line[end] in ",;)]"


def _bracket_marker(content: str) -> Tok | None:
    inner = lex(content)
    if inner.notes or not inner.tokens:
        return None
    found = parse_marker(inner.tokens, 0)
    if found is None or found[1] != len(inner.tokens):
        return None
    tok = Tok(MARK, content, 0, len(content), False)
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
