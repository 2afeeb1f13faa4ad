"""Properties of the question grammar: it never raises, and a set's NxN is never a question."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.catalogue import load_catalogue
from core.questions import (
    DEFAULT_PERIOD,
    NotAQuestion,
    Question,
    Unclear,
    UnclearReason,
    parse_question,
)
from core.questions.grammar import LEXICONS, default_grammar
from tests.paths import DATA

CATALOGUE = load_catalogue()
GRAMMAR = default_grammar()  # `read` raises on a bug, where parse_question would hide it

# Grammar words of every language, names and numbers, so generated texts reach deep.
FRAGMENTS = sorted(
    {
        word
        for lex in LEXICONS
        for pattern in lex.phrases
        for word in pattern.replace("|", " ").split()
    }
    | {"bench", "squat", "deadlift", "легс", "press de banca", "muscle ups", "t-bar", "legs"}
    | {"?", "¿", "!", "'s", "30", "2024", "0", "99999", "1rm", "x", "kg", "a", "12th", "31st"}
    | {"february", "may", "mai", "мая", "monday", "ago", "de", "12.", "29"}
)
CASES = [
    json.loads(line)
    for line in (DATA / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    if line.strip()
]


def _check(result: object) -> None:
    assert isinstance(result, Question | Unclear | NotAQuestion)
    if isinstance(result, Question) and not result.period_stated:
        assert result.period == DEFAULT_PERIOD[result.intent]
    if isinstance(result, Unclear) and result.reason is UnclearReason.UNKNOWN_EXERCISE:
        assert result.words
        assert all(exercise in CATALOGUE for exercise in result.suggestions)


@given(st.text(max_size=120))
def test_any_text_reads_without_raising(text: str) -> None:
    _check(GRAMMAR.read(text))


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=14), st.sampled_from([" ", "", ", "]))
def test_grammar_fragments_read_without_raising(words: list[str], sep: str) -> None:
    _check(GRAMMAR.read(sep.join(words)))


@given(
    st.text(max_size=40),
    st.integers(0, 999),
    st.sampled_from(["x", "X", "×", "х", "Х", "*", " x ", "kg x", " kg x "]),
    st.integers(0, 99),
    st.text(max_size=40),
)
def test_anything_with_a_set_shape_is_not_a_question(
    before: str, weight: int, times: str, reps: int, after: str
) -> None:
    text = f"{before}{weight}{times}{reps}{after}"
    assert isinstance(parse_question(text), NotAQuestion)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case_and_a_question_mark_change_nothing(case: dict[str, object]) -> None:
    text = str(case["text"])
    plain = parse_question(text)
    assert parse_question(text.upper()) == plain
    assert parse_question(text.lower()) == plain
    if isinstance(plain, Question):
        assert parse_question(text.rstrip("?") + "?") == plain
