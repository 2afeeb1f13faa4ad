"""Reading one marker (§6: failure, RPE, RIR, warm-up) at a token position."""

from __future__ import annotations

from decimal import Decimal

from core.notation import vocab
from core.notation.tokens import (
    AT,
    COLON,
    DASH,
    FAILURE,
    LB_HASH,
    MARK,
    NUM,
    RIR,
    RPE,
    SLASH,
    TIMES,
    WARMUP,
    WORD,
    Marker,
    Tok,
)

_TEN = Decimal(10)


def _words_at(t: list[Tok], i: int, words: tuple[str, ...]) -> bool:
    if i + len(words) > len(t):
        return False
    return all(t[i + k].kind == WORD and t[i + k].low == w for k, w in enumerate(words))


def _text(t: list[Tok], i: int, j: int) -> str:
    return " ".join(tok.text for tok in t[i:j])


def unit_follows(t: list[Tok], j: int) -> bool:
    """Whether a unit word (or a glued `#`) is at position j."""
    return j < len(t) and (t[j].kind == LB_HASH or (t[j].kind == WORD and t[j].low in vocab.UNITS))


def parse_marker(t: list[Tok], i: int) -> tuple[Marker, int] | None:
    """The marker starting at i and the position after it, or None when none starts there."""
    if i >= len(t):
        return None
    tok = t[i]
    kind = tok.kind
    if kind == MARK:
        assert tok.marker is not None
        return tok.marker, i + 1
    if kind == TIMES and i > 0 and t[i - 1].kind == NUM:
        # `bench 80x8x F`, `80x8 x F`: an `x` typed on from the sets before the marker.
        after = parse_marker(t, i + 1)
        if after is not None and after[0].kind == FAILURE:
            return after
        return None
    if kind == WORD:
        if (
            tok.low[:1] in ("x", "х")  # `80x8xF`: the `x` glued to the failure marker
            and tok.low[1:] in vocab.FAIL_WORDS
            and i > 0
            and t[i - 1].kind == NUM
        ):
            return Marker(FAILURE, text=tok.text[1:]), i + 1
        return _word_marker(t, i)
    if kind == AT:
        # `@` + a bare number up to 10 is an RPE; a larger number or one with a unit is a load (R4).
        j = i + 1
        if j < len(t) and t[j].kind == NUM and t[j].value <= _TEN and not unit_follows(t, j + 1):
            end = j + 2 if _words_at(t, j + 1, (vocab.RPE_WORD,)) else j + 1  # `@8 rpe`
            return Marker(RPE, value=t[j].value, text=_text(t, i, end)), end
        if _words_at(t, j, (vocab.RPE_WORD,)):  # `@rpe8`, `@ RPE 8`
            return _word_marker(t, j)
        return None
    if kind == NUM:
        j = i + 1
        if _words_at(t, j, (vocab.RIR_WORD,)):
            return Marker(RIR, value=tok.value, text=_text(t, i, j + 1)), j + 1
        if _words_at(t, j, (vocab.RPE_WORD,)) and not (j + 1 < len(t) and t[j + 1].kind == NUM):
            return Marker(RPE, value=tok.value, text=_text(t, i, j + 1)), j + 1  # `8rpe`
        if j >= len(t) or t[j].kind != WORD or t[j].low not in vocab.RIR_PHRASE_STARTS:
            return None
        for phrase in vocab.RIR_PHRASES:
            if _words_at(t, j, phrase):
                end = j + len(phrase)
                return Marker(RIR, value=tok.value, text=_text(t, i, end)), end
    return None


def _word_marker(t: list[Tok], i: int) -> tuple[Marker, int] | None:
    w = t[i].low
    if w not in vocab.MARKER_STARTS:
        return None
    for phrase in vocab.FAIL_PHRASE_STARTS.get(w, ()):
        if _words_at(t, i, phrase):
            end = i + len(phrase)
            return Marker(FAILURE, text=_text(t, i, end)), end
    nxt = t[i + 1] if i + 1 < len(t) else None
    typed = vocab.FAIL_TYPES.get(w)
    if typed is not None and nxt is not None and nxt.kind == WORD and nxt.low in vocab.FAIL_TAILS:
        return Marker(FAILURE, failure=typed, text=_text(t, i, i + 2)), i + 2
    if w in vocab.FAIL_WORDS:
        return Marker(FAILURE, text=t[i].text), i + 1
    code = vocab.FAIL_CODES.get(w)
    if code is not None:
        return Marker(FAILURE, failure=code, text=t[i].text), i + 1
    if w in vocab.TECH_ALONE:
        return Marker(FAILURE, failure=vocab.FAIL_TYPES[w], text=t[i].text), i + 1
    if w in (vocab.RPE_WORD, vocab.RIR_WORD):
        kind = RPE if w == vocab.RPE_WORD else RIR
        j = i + 1
        if j < len(t) and t[j].kind == COLON:
            j += 1
        # `rir -1` is an effort out of range, not stray text; in `RPE-8` the dash only joins.
        negative = (
            j + 1 < len(t) and t[j].kind == DASH and t[j + 1].kind == NUM and not t[j + 1].gap
        )
        if negative and not t[j].gap:
            j, negative = j + 1, False
        if negative:
            j += 1
        if j < len(t) and t[j].kind == NUM:
            value = -t[j].value if negative else t[j].value
            return Marker(kind, value=value, text=_text(t, i, j + 1)), j + 1
        return None
    if w in vocab.WARMUP_WORDS:
        if w == "w" and nxt is not None and nxt.kind == SLASH and not nxt.gap:
            return None  # `w/ belt`: "with", not a warm-up (N6.1)
        return Marker(WARMUP, text=t[i].text), i + 1
    if w == vocab.WARMUP_PAIR[0] and nxt is not None:
        if nxt.kind == DASH and _words_at(t, i + 2, vocab.WARMUP_PAIR[1:]):
            return Marker(WARMUP, text=_text(t, i, i + 3)), i + 3
        if _words_at(t, i + 1, vocab.WARMUP_PAIR[1:]):
            return Marker(WARMUP, text=_text(t, i, i + 2)), i + 2
    return None
