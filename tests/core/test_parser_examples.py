"""What lifters really type: the examples of notation.md §9 and the rules around them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.model import Failure, SetEntry, Unit
from core.parser import NotALog, ParsedSets, ParseError, parse_sets


def sets(text: str, unit: Unit = Unit.KG, last: str | None = None) -> tuple[SetEntry, ...]:
    result = parse_sets(text, unit, last)
    assert isinstance(result, ParsedSets), result
    return result.sets


def error(text: str, unit: Unit = Unit.KG, last: str | None = None) -> ParseError:
    result = parse_sets(text, unit, last)
    assert isinstance(result, ParseError), result
    return result


def short(entry: SetEntry) -> tuple[object, ...]:
    """exercise, weight, unit, reps or seconds, and the markers that are set."""
    marks = []
    if entry.bodyweight:
        marks.append("bw")
    if entry.failure:
        marks.append(entry.failure.value)
    if entry.rpe is not None:
        marks.append(f"rpe{entry.rpe}")
    if entry.rir is not None:
        marks.append(f"rir{entry.rir}")
    if entry.warmup:
        marks.append("w")
    if entry.drop:
        marks.append("drop")
    amount = entry.reps if entry.reps is not None else f"{entry.seconds}s"
    return (entry.exercise, float(entry.weight), entry.unit.value, amount, *marks)


# -- §9, row by row -------------------------------------------------------------------------


def test_bench_with_failure() -> None:
    assert [short(s) for s in sets("bench 80x8 F")] == [
        ("bench_press", 80.0, "kg", 8, "concentric")
    ]


def test_decimal_comma_and_rpe() -> None:
    assert [short(s) for s in sets("Bench press 82,5 x 6 @9.5")] == [
        ("bench_press", 82.5, "kg", 6, "rpe9.5")
    ]


def test_triple_marks_the_last_set_only() -> None:
    assert [short(s) for s in sets("squat 100x5x3 F")] == [
        ("back_squat", 100.0, "kg", 5),
        ("back_squat", 100.0, "kg", 5),
        ("back_squat", 100.0, "kg", 5, "concentric"),
    ]


@pytest.mark.parametrize(
    ("text", "count"),
    [("squat 3x5@100", 3), ("squat 5x5 100kg", 5), ("squat 3 sets of 5 at 100", 3)],
)
def test_program_style_schemes(text: str, count: int) -> None:
    assert [short(s) for s in sets(text)] == [("back_squat", 100.0, "kg", 5)] * count


def test_ramp_with_rpe_on_the_last() -> None:
    got = [short(s) for s in sets("deadlift 140x5, 150x3, 160x1 @9")]
    assert got == [
        ("deadlift", 140.0, "kg", 5),
        ("deadlift", 150.0, "kg", 3),
        ("deadlift", 160.0, "kg", 1, "rpe9"),
    ]


def test_list_with_failure_and_note() -> None:
    got = sets("ohp 60x8,8,6F # left shoulder clicky")
    assert [short(s) for s in got] == [
        ("overhead_press", 60.0, "kg", 8),
        ("overhead_press", 60.0, "kg", 8),
        ("overhead_press", 60.0, "kg", 6, "concentric"),
    ]
    assert {s.note for s in got} == {"left shoulder clicky"}


def test_pounds_typed_on_the_line() -> None:
    assert [short(s) for s in sets("incline bench 185lbx8")] == [
        ("incline_bench_press", 185.0, "lb", 8)
    ]


@pytest.mark.parametrize("text", ["pullups 10", "pullups bw x 10"])
def test_bodyweight_reps(text: str) -> None:
    assert [short(s) for s in sets(text)] == [("pull_up", 0.0, "kg", 10, "bw")]


def test_added_and_assisted_loads() -> None:
    assert [short(s) for s in sets("dips +20x8 Fe")] == [("dip", 20.0, "kg", 8, "bw", "eccentric")]
    assert [short(s) for s in sets("pull-ups -30 x 8")] == [("pull_up", -30.0, "kg", 8, "bw")]


def test_holds() -> None:
    assert [short(s) for s in sets("plank 60s F")] == [
        ("plank", 0.0, "kg", "60s", "bw", "isometric")
    ]
    assert [short(s) for s in sets("plank 1:30")] == [("plank", 0.0, "kg", "90s", "bw")]


def test_warmup() -> None:
    assert [short(s) for s in sets("bench 20x10 w")] == [("bench_press", 20.0, "kg", 10, "w")]


def test_drop_chain() -> None:
    assert [short(s) for s in sets("curls 20x10 > 15x8 > 10x6 F")] == [
        ("dumbbell_curl", 20.0, "kg", 10),
        ("dumbbell_curl", 15.0, "kg", 8, "drop"),
        ("dumbbell_curl", 10.0, "kg", 6, "concentric", "drop"),
    ]


def test_continuation_from_the_last_exercise() -> None:
    assert [short(s) for s in sets("85x6", last="bench_press")] == [("bench_press", 85.0, "kg", 6)]


def test_continuation_line_in_the_message() -> None:
    got = sets("bench 80x8\n85x6 Ft")
    assert [(short(s), s.line) for s in got] == [
        (("bench_press", 80.0, "kg", 8), 1),
        (("bench_press", 85.0, "kg", 6, "technical"), 2),
    ]


@pytest.mark.parametrize(
    ("text", "exercise"),
    [
        ("жим лёжа 80х8 до отказа", "bench_press"),
        ("sentadilla 100x5", "back_squat"),
        ("Kreuzheben 140x5", "deadlift"),
    ],
)
def test_other_languages(text: str, exercise: str) -> None:
    assert sets(text)[0].exercise == exercise


@pytest.mark.parametrize(
    "text",
    [
        "hi",
        "/stats",
        "how much did I bench last week?",
        "what was my best squat in 2024?",
        "should I try bench 90x5?",
        "leg day 2",
        "slept 8 hours",
        "see you at 18:30",
        "3 weeks to go",
        "",
        "   \n ",
    ],
)
def test_not_a_log(text: str) -> None:
    assert isinstance(parse_sets(text), NotALog)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("pullups 10x3", "ambiguous"),
        ("plank 5", "ambiguous"),
        ("curls 10 12", "ambiguous"),
        ("curls 3x12", "ambiguous"),
        ("squat 3x5", "incomplete_set"),
        ("squat 100x5x21", "sets_out_of_range"),
        ("bench 80x8 F @8", "conflicting_markers"),
        ("zercher carry 60x20", "unknown_exercise"),
        ("100kg PR", "no_exercise"),
        ("bench 80x8 80%", "unexpected_text"),
        ("bench 80x8 +2 partials", "unexpected_text"),
        ("Sit ups: 26 total", "unexpected_text"),
    ],
)
def test_errors(text: str, code: str) -> None:
    assert error(text).code == code


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("pullups 3x10", [("pull_up", 0.0, "kg", 10, "bw")] * 3),
        ("plank 60", [("plank", 0.0, "kg", "60s", "bw")]),
        ("bench 80 8", [("bench_press", 80.0, "kg", 8)]),
        ("squat 3x8x110", [("back_squat", 110.0, "kg", 8)] * 3),
        ("bench 8x80", [("bench_press", 80.0, "kg", 8)]),
        ("curls 3x12 15", [("dumbbell_curl", 15.0, "kg", 12)] * 3),
    ],
)
def test_v2_reads_what_v1_asked(text: str, read: list[tuple[object, ...]]) -> None:
    """§11 N3–N5, N11: plausibility for the exercise picks the one reading a lifter means."""
    assert [short(s) for s in sets(text)] == read


def test_words_after_the_sets_are_a_note() -> None:
    (entry,) = sets("bench 80x8 ok?")
    assert entry.note == "ok?"
    (entry,) = sets("bench 100x3 failed the 4th")
    assert (entry.failure, entry.note) == (Failure.CONCENTRIC, "the 4th")
    (entry,) = sets("bench 80x8 felt easy, no fail")
    assert (entry.failure, entry.note) == (None, "felt easy, no fail")


def test_message_quotes_the_text_and_ends_with_an_example() -> None:
    found = error("bench 80x8 +2 partials")
    assert "+2 partials" in found.message
    assert found.message.endswith("bench 80x8 # +2 partials")
    found = error("pullups 10x3")
    assert "pullups 10x3" in found.message
    assert found.message.endswith("pullups +10kg x 3")
    assert found.candidates == ("pullups bw 10x3", "pullups bw 3x10", "pullups +10kg x 3")


def test_unknown_exercise_suggests() -> None:
    found = error("zercher carry 60x20")
    assert found.suggestions == ("farmers_walk", "overhead_carry", "zercher_squat")
    assert "Farmer's Walk" in found.message


# -- rules around the table -------------------------------------------------------------------


def test_unit_carries_to_later_groups_only_on_its_line() -> None:
    got = sets("bench 60kg x 10, 80 x 8\n100 x 5", unit=Unit.LB)
    assert [s.unit for s in got] == [Unit.KG, Unit.KG, Unit.LB]


def test_bar_threshold_follows_the_unit_in_force() -> None:
    assert error("squat 44x5", unit=Unit.LB).code == "ambiguous"
    assert sets("squat 44x5")[0].weight == Decimal(44)


def test_reps_then_unit_load_and_for_and_at() -> None:
    assert short(sets("bench 8x80kg")[0]) == ("bench_press", 80.0, "kg", 8)
    assert short(sets("bench 80 for 8")[0]) == ("bench_press", 80.0, "kg", 8)
    assert short(sets("bench 8 reps at 80")[0]) == ("bench_press", 80.0, "kg", 8)
    assert short(sets("squat 5@120")[0]) == ("back_squat", 120.0, "kg", 5)


def test_marker_written_on_an_item() -> None:
    got = sets("bench 100x5,5Ft,4")
    assert [s.failure for s in got] == [None, Failure.TECHNICAL, None]


def test_effort_per_set_and_its_ambiguity() -> None:
    assert [s.rpe for s in sets("squat 120x5 @7, 5 @8")] == [Decimal(7), Decimal(8)]
    assert [s.rpe for s in sets("squat 120x5, 5, 5 @7, 8, 9")] == [Decimal(n) for n in (7, 8, 9)]
    assert error("bench 100x5 rir 2/3/4").code == "ambiguous"
    assert error("bench 80x8 rir 1-2").candidates == (
        "bench 80kg x 8 rir 1",
        "bench 80kg x 8 rir 2",
    )


def test_rir_forms() -> None:
    for text in ("rir 2", "2rir", "2 rir", "rir:2", "2 in the tank", "2 reps in reserve"):
        assert sets(f"bench 80x8 {text}")[0].rir == Decimal(2), text


def test_bracket_markers_and_notes() -> None:
    got = sets("bench 80x8 (F) (left elbow)")
    assert got[0].failure is Failure.CONCENTRIC
    assert got[0].note == "left elbow"
    assert sets("bench 80x8 [failure]")[0].failure is Failure.CONCENTRIC
    assert sets("bench 80x8 (@8)")[0].rpe == Decimal(8)


def test_note_lines_join_the_nearest_set_line() -> None:
    got = sets("# felt good\nbench 80x8 # paused\n# slow\n\nsquat 100x5")
    assert [(s.exercise, s.note) for s in got] == [
        ("bench_press", "felt good; paused; slow"),
        ("back_squat", None),
    ]


def test_header_lines() -> None:
    got = sets("Bench:\n60x10\n80x8 F")
    assert [(s.exercise, s.line) for s in got] == [("bench_press", 2), ("bench_press", 3)]
    assert error("Bench:\nsquat 100x5").code == "incomplete_set"
    assert error("zercher carry\n60x20") == error("zercher carry\n60x20")
    assert error("zercher carry\n60x20").code == "unknown_exercise"


def test_warmup_next_to_the_name_marks_the_line() -> None:
    assert [s.warmup for s in sets("warmup bench 20x10, 40x5")] == [True, True]
    assert [s.warmup for s in sets("squat 60x5 w, 100x5x3")] == [True, False, False, False]
    assert error("bench 40x10 w F").code == "conflicting_markers"


def test_first_error_in_reading_order() -> None:
    found = error("bench 80x8\nbench 0x8\nzercher carry 60x20")
    assert (found.code, found.line) == ("weight_out_of_range", 2)
    assert error("zercher carry 80x0").code == "unknown_exercise"  # the name comes first


def test_ignorables() -> None:
    assert short(sets("bench 80x8 F 💪🔥!")[0]) == ("bench_press", 80.0, "kg", 8, "concentric")
    assert sets("bench 100x3!")[0].failure is None  # `!` is emphasis, never failure


def test_text_too_long() -> None:
    found = error("bench 80x8 " + "a" * 4100)
    assert (found.code, found.line) == ("text_too_long", None)


def test_a_load_then_a_count_of_sets() -> None:
    """`60kg 3 sets of 10` as `60kg 3x10` (§11): three sets of ten at 60 kg."""
    assert [short(s) for s in sets("bench 60kg 3 sets of 10")] == [
        ("bench_press", 60.0, "kg", 10)
    ] * 3
    assert [short(s) for s in sets("bench 135 lbs 4 sets 8 reps")] == [
        ("bench_press", 135.0, "lb", 8)
    ] * 4


def test_a_count_of_sets_is_never_offered_back_as_reps() -> None:
    """The note hint turned `bench 60kg for 3 sets of 10` into `bench 60kg for 3 # sets of 10`,
    which logs one set of 3 reps; the example now logs what was meant."""
    for typed in ("bench 60kg for 3 sets of 10", "bench 60 kg 3 sets, 10 reps"):
        message = error(typed).message
        assert "“3 sets" in message and "#" not in message
        example = message.rsplit(": ", 1)[-1]
        assert [short(s) for s in sets(example)] == [("bench_press", 60.0, "kg", 10)] * 3


@pytest.mark.parametrize(
    "text", ["bench 80x8x F", "bench 80x8 x F", "bench 80x8xF", "bench 80x8xf", "bench 80x8 xF"]
)
def test_an_x_typed_on_before_the_failure_mark_still_marks_failure(text: str) -> None:
    # A tester's `bench 80x8x F` was refused with "Notes go after #: bench 80x8 # x F" (the
    # failure would then be a note), and `80x8xF` logged with the note "xF" and no failure.
    [entry] = sets(text)
    assert short(entry) == ("bench_press", 80.0, "kg", 8, Failure.CONCENTRIC.value)
    assert entry.note is None
