"""One-tap answers (core/clarify.py): every button logs exactly what its label says.

A choice is the message rewritten to read one way; these tests read each choice's text again
and check that it gives the sets the label names, for every ambiguous message of the corpora
and the spec, and for unknown names and loads left out.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from core.catalogue import load_catalogue
from core.clarify import (
    EXERCISE,
    LOAD,
    NEW,
    READING,
    Context,
    LastLoad,
    NewExercise,
    choices,
    load_wanted,
    question,
    usual_load,
)
from core.custom_exercises import CustomExercise, user_catalogue
from core.echo import format_sets_counted
from core.model import SetRecord, Unit
from core.parser import ParsedSets, ParseError, parse_sets
from tests.core.test_parser_candidates import _ambiguous

CATALOGUE = load_catalogue()
KG = Context(Unit.KG, None, CATALOGUE)
HUNDRED = LastLoad(Decimal(100), Unit.KG)


def _error(ctx: Context, text: str) -> ParseError:
    found = ctx.parse(text)
    assert isinstance(found, ParseError), found
    return found


def _line_sets(result: ParsedSets, line: int) -> list[object]:
    return [s for s in result.sets if s.line == line]


AMBIGUOUS = _ambiguous()


@pytest.mark.parametrize(("text", "unit", "last"), AMBIGUOUS)
def test_each_reading_logs_what_its_label_says(text: str, unit: str, last: str | None) -> None:
    ctx = Context(Unit(unit), last, CATALOGUE)
    error = _error(ctx, text)
    assert error.line is not None
    offered = choices(ctx, text, error, HUNDRED)
    assert offered, "an ambiguous message always gets buttons"
    assert len({c.label for c in offered}) == len(offered)
    assert len({c.key for c in offered}) == len(offered)
    assert len({repr(c.result) for c in offered}) == len(offered), "two buttons, one outcome"
    for choice in offered:
        assert choice.kind in (READING, LOAD)
        again = ctx.parse(choice.text)
        assert again == choice.result  # a tap reads the same text the same way
        if isinstance(again, ParsedSets):
            mine = [s for s in again.sets if s.line == error.line]
            if mine:
                sets = format_sets_counted(mine, CATALOGUE)
                name = CATALOGUE.name_of(mine[0].exercise)
                assert choice.label in (sets, f"{name} · {sets}")
            else:
                assert again.bodyweight is not None and "bodyweight" in choice.label
        else:  # the next question of the message, on a later line
            assert again.line is not None and again.line > error.line
        # Only the lines asked about change; the lifter's other lines stay as typed.
        before, after = text.split("\n"), choice.text.split("\n")
        assert len(before) == len(after)
        assert [a for i, a in enumerate(after) if i != error.line - 1] == [
            b.rstrip("\r") for i, b in enumerate(before) if i != error.line - 1
        ]


def test_the_readings_of_a_bodyweight_pair_are_sets_or_added_load() -> None:
    offered = choices(KG, "dips 8x12", _error(KG, "dips 8x12"))
    assert [c.label for c in offered] == ["8 sets × 12", "12 sets × 8", "+8 kg × 12"]
    plus = offered[2].result
    assert isinstance(plus, ParsedSets)
    [s] = plus.sets
    assert (s.exercise, s.bodyweight, s.weight, s.reps) == ("dip", True, Decimal(8), 12)


def test_a_yes_or_no_question_and_reps_or_bodyweight_name_the_exercise() -> None:
    text = "finally hit 100kg bench!! 100x1"
    [choice] = choices(KG, text, _error(KG, text))
    assert choice.label == "Bench Press · 100 kg × 1"
    after_pullups = Context(Unit.KG, "pull_up", CATALOGUE)
    offered = choices(after_pullups, "bw 80", _error(after_pullups, "bw 80"))
    assert [c.label for c in offered] == ["Pull-Up · bw × 80", "⚖️ bodyweight 80 kg"]


def test_a_reading_with_the_load_left_out_takes_the_last_sessions_load() -> None:
    error = _error(KG, "bench 3x25")
    assert load_wanted(KG, "bench 3x25", error) == "bench_press"
    without = choices(KG, "bench 3x25", error)
    assert [c.label for c in without] == ["25 kg × 3"]  # no history: never a made-up load
    offered = choices(KG, "bench 3x25", error, HUNDRED)
    assert [(c.kind, c.label) for c in offered] == [
        (READING, "25 kg × 3"),
        (LOAD, "3 sets × 25 @ 100 kg"),
    ]
    text = question("bench 3x25", error, offered, HUNDRED)
    # The typed example and the button agree (the parser's own example said 60 kg).
    assert "bench 3x25 @ 100kg" in text and "60kg" not in text


def test_a_load_left_out_offers_the_last_sessions_load() -> None:
    error = _error(KG, "squat 3x5 F")
    assert error.code == "incomplete_set" and error.fill == "squat 3x5 @ ?kg F"
    assert load_wanted(KG, "squat 3x5 F", error) == "back_squat"
    assert choices(KG, "squat 3x5 F", error) == ()
    assert question("squat 3x5 F", error, (), None) == error.message
    in_lb = LastLoad(Decimal(225), Unit.LB)
    [choice] = choices(KG, "squat 3x5 F", error, in_lb)
    assert choice.kind == LOAD and choice.label == "2 sets × 5 @ 225 lb, 225 lb × 5 F"
    assert choice.text == "squat 3x5 @ 225lb F"
    text = question("squat 3x5 F", error, (choice,), in_lb)
    assert "Last time you used 225 lb" in text and "squat 3x5 @ 225lb F" in text


def test_a_continuation_without_a_load_keeps_the_exercise_before_it() -> None:
    ctx = Context(Unit.KG, "back_squat", CATALOGUE)
    error = _error(ctx, "3x5")
    [choice] = choices(ctx, "3x5", error, HUNDRED)
    assert choice.result == ctx.parse("squat 3x5 @ 100kg")


def test_under_a_header_the_line_keeps_the_headers_exercise() -> None:
    text = "Curls:\n3x12"
    error = _error(KG, text)
    assert load_wanted(KG, text, error) == "dumbbell_curl"
    offered = choices(KG, text, error, HUNDRED)
    assert [(c.label, c.text) for c in offered] == [
        ("3 kg × 12", "Curls:\n3kg x 12"),
        ("3 sets × 12 @ 100 kg", "Curls:\n3x12 @ 100kg"),
    ]


def test_an_unknown_name_offers_close_exercises_and_a_new_one() -> None:
    text = "Push day 🔥\nzercher carry 60x20\nbench 80x8"
    error = _error(KG, text)
    assert (error.code, error.line, error.name) == ("unknown_exercise", 2, "zercher carry")
    mine = user_catalogue(CATALOGUE, [CustomExercise("custom_zercher_carry", "Zercher Carry")])
    offered = choices(KG, text, error, new=NewExercise("zercher carry", mine))
    labels = [(c.kind, c.label) for c in offered]
    # Farmer's Walk is a timed carry: `60x20` needs a unit there, so it gets no button.
    assert labels == [
        (EXERCISE, "Zercher Squat · 60 kg × 20"),
        (NEW, "➕ new exercise “zercher carry” · 60 kg × 20"),
    ]
    squat = offered[0]
    assert squat.text == "Push day 🔥\nZercher Squat 60x20\nbench 80x8"
    assert isinstance(squat.result, ParsedSets) and squat.result.title == "Push day 🔥"
    assert [s.exercise for s in squat.result.sets] == ["zercher_squat", "bench_press"]
    new = offered[1]
    assert new.text == text and new.name == "zercher carry"
    assert isinstance(new.result, ParsedSets)
    assert [s.exercise for s in new.result.sets] == ["custom_zercher_carry", "bench_press"]
    asked = question(text, error, offered, None)
    assert "make “zercher carry” an exercise of your own" in asked
    assert "Nothing of this message is logged until you tap" in asked


def test_a_new_exercise_whose_numbers_then_need_a_question_is_still_offered() -> None:
    error = _error(KG, "zercher carry 3x5")
    mine = user_catalogue(CATALOGUE, [CustomExercise("custom_zercher_carry", "Zercher Carry")])
    offered = choices(KG, "zercher carry 3x5", error, new=NewExercise("zercher carry", mine))
    new = next(c for c in offered if c.kind == NEW)
    assert new.label == "➕ new exercise “zercher carry”"  # no sets yet: the next question asks
    assert isinstance(new.result, ParseError) and new.result.line == 1


def test_a_several_line_message_asks_line_by_line() -> None:
    text = "bench 80x8\npullups 10x3\ncurls 3x12"
    offered = choices(KG, text, _error(KG, text), HUNDRED)
    assert [c.label for c in offered] == ["10 sets × 3", "3 sets × 10", "+10 kg × 3"]
    for choice in offered:
        assert isinstance(choice.result, ParseError) and choice.result.line == 3
    follow = offered[1]
    assert isinstance(follow.result, ParseError)
    last = choices(KG, follow.text, follow.result, HUNDRED)
    assert [c.label for c in last] == ["3 kg × 12", "3 sets × 12 @ 100 kg"]
    done = last[1].result
    assert isinstance(done, ParsedSets)
    assert [(s.exercise, s.reps) for s in done.sets] == [
        ("bench_press", 8),
        *[("pull_up", 10)] * 3,
        *[("dumbbell_curl", 12)] * 3,
    ]


def test_errors_without_an_answer_to_tap_get_none() -> None:
    for text in ("bench 80x0", "bench 80x8 + pullups 10", "bench 80x8\n12.05.2024 squat 100x5"):
        assert choices(KG, text, _error(KG, text), HUNDRED) == ()


def test_bench_8x80_is_80_kg_for_8_and_asks_nothing() -> None:
    found = parse_sets("bench 8x80")
    assert isinstance(found, ParsedSets)
    assert [(s.weight, s.reps) for s in found.sets] == [(Decimal(80), 8)]


def _set(weight: str, reps: int | None = 5, *, warmup: bool = False) -> SetRecord:
    return SetRecord(
        exercise="back_squat",
        weight=Decimal(weight),
        unit=Unit.KG,
        reps=reps,
        at=datetime(2026, 3, 2, 9, tzinfo=UTC),
        warmup=warmup,
        seconds=None if reps is not None else 30,
    )


def test_the_usual_load_is_the_one_most_working_sets_used() -> None:
    top_and_back_offs = [_set("60", warmup=True)] * 4 + [_set("110")] + [_set("100")] * 3
    assert usual_load(top_and_back_offs) == LastLoad(Decimal(100), Unit.KG)
    assert usual_load([_set("100"), _set("105")]) == LastLoad(Decimal(105), Unit.KG)
    assert usual_load([_set("60", warmup=True), _set("40", None)]) is None
