"""Every phrasing of the public question file resolves to its intent, subject and dates."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from core.catalogue import load_catalogue
from core.parser import NotALog, parse_sets
from core.questions import (
    Everything,
    ExerciseSubject,
    MuscleSubject,
    NotAQuestion,
    Question,
    Unclear,
    parse_question,
)
from tests.paths import DATA

TODAY = date(2025, 6, 18)  # a Wednesday; a case may set its own `today` and `week_start`

CASES: list[dict[str, Any]] = [
    json.loads(line)
    for line in (DATA / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    if line.strip()
]


def test_file_is_large_varied_and_unique() -> None:
    assert len(CASES) >= 120
    assert len({c["id"] for c in CASES}) == len(CASES)
    assert {c["lang"] for c in CASES} == {"en", "ru", "es", "pt", "de"}
    questions = [c for c in CASES if "intent" in c["expect"]]
    intents = {c["expect"]["intent"] for c in questions}
    assert intents == {"best", "last", "history", "volume", "count", "trend", "failure", "muscle"}
    for lang in ("ru", "es", "pt", "de"):
        in_lang = {c["expect"]["intent"] for c in questions if c["lang"] == lang}
        assert len(in_lang) >= 7, lang  # every main intent in every language
    assert sum("not_a_question" in c["expect"] for c in CASES) >= 15
    assert sum("unclear" in c["expect"] for c in CASES) >= 8


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case(case: dict[str, Any]) -> None:
    result = parse_question(case["text"])
    expect = case["expect"]
    if "not_a_question" in expect:
        assert isinstance(result, NotAQuestion), result
        return
    if "unclear" in expect:
        assert isinstance(result, Unclear), result
        assert result.reason.value == expect["unclear"]
        return
    assert isinstance(result, Question), result
    assert result.intent.value == expect["intent"]
    subject = result.subject
    if expect["exercise"] is not None:
        assert subject == ExerciseSubject(expect["exercise"])
    elif expect["muscle"] is not None:
        assert isinstance(subject, MuscleSubject) and subject.group == expect["muscle"], subject
    else:
        assert subject == Everything()
    assert result.period.code == expect["period"]
    assert result.period_stated is expect["stated"]
    today = date.fromisoformat(case.get("today", TODAY.isoformat()))
    span = result.date_range(today, case.get("week_start", "monday"))
    start, end = expect["range"]
    assert span.start == (date.fromisoformat(start) if start else None)
    assert span.end == date.fromisoformat(end)


QUESTIONS = [c for c in CASES if "not_a_question" not in c["expect"]]


@pytest.mark.parametrize("case", QUESTIONS, ids=[c["id"] for c in QUESTIONS])
def test_the_parser_leaves_every_question_to_the_grammar(case: dict[str, Any]) -> None:
    # The service asks the grammar only about texts the parser calls not-a-log: a phrasing the
    # parser took for a log (or an error) would never reach it.
    assert isinstance(parse_sets(case["text"], catalogue=load_catalogue()), NotALog)
