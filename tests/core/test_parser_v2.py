"""§11 "read like a lifter", rule by rule, beyond the corpora: the examples the rules name."""

from __future__ import annotations

import pytest

from core.model import Unit
from core.parser import NotALog, ParsedSets, ParseError, ParseResult, parse_sets


def brief(result: ParseResult) -> str:
    """`bench_press 80kg x8 F [note]; …`, `error CODE` or `not a log`: what a lifter would see."""
    if isinstance(result, NotALog):
        return "not a log"
    if isinstance(result, ParseError):
        return f"error {result.code}"
    parts = []
    for s in result.sets:
        load = "bw" if s.bodyweight and s.weight == 0 else f"{s.weight:f}{s.unit.value}"
        if s.bodyweight and s.weight > 0:
            load = "+" + load
        amount = f"x{s.reps}" if s.reps is not None else f"x{s.seconds}s"
        marks = "".join(
            [
                " F" if s.failure else "",
                " w" if s.warmup else "",
                f" @{s.rpe:f}" if s.rpe is not None else "",
                f" rir{s.rir:f}" if s.rir is not None else "",
                " drop" if s.drop else "",
                f" [{s.note}]" if s.note else "",
            ]
        )
        parts.append(f"{s.exercise} {load} {amount}{marks}")
    text = "; ".join(parts)
    if result.title:
        text += f" title={result.title}"
    if result.bodyweight:
        text += f" weigh-in={result.bodyweight.weight:f}{result.bodyweight.unit.value}"
    return text.strip()


CASES: list[tuple[str, str, str | None, str]] = [
    # N3: plausibility between load x reps, reps x load and sets x reps
    ("lat pulldown 12x50", "kg", None, "lat_pulldown 50kg x12"),
    ("ez curl 7.5x12", "kg", None, "ez_bar_curl 7.5kg x12"),
    ("lateral raise 10x12, 5x10", "kg", None, "lateral_raise 10kg x12; lateral_raise 5kg x10"),
    ("bench 3x25", "kg", None, "error ambiguous"),
    ("bench 40x5", "lb", None, "error ambiguous"),
    ("squat 5x5", "kg", None, "error incomplete_set"),
    # N4: bodyweight pairs
    ("muscle ups 5x3", "kg", None, "; ".join(["muscle_up bw x3"] * 5)),
    ("weighted pullups 20x5", "kg", None, "pull_up +20kg x5"),
    ("pullups 20x5", "kg", None, "error ambiguous"),
    ("pullups 20 x3 sets", "kg", None, "; ".join(["pull_up bw x20"] * 3)),
    # N5: triples
    ("2x5x45 (warmup)", "lb", "back_squat", "back_squat 45lb x5 w; back_squat 45lb x5 w"),
    ("lying leg curl 40x12x25", "kg", None, "error sets_out_of_range"),
    ("deadlift 5x5x3", "kg", None, "error ambiguous"),
    # N6: words on a set line
    ("squat 100x5 w/ belt", "kg", None, "back_squat 100kg x5 [w/ belt]"),
    ("bench 80x8 felt easy, no fail", "kg", None, "bench_press 80kg x8 [felt easy, no fail]"),
    ("new PR: deadlift 200kg x 1 🎉", "kg", None, "deadlift 200kg x1 [new PR]"),
    ("NEW PR 🎉 squat 150x1", "kg", None, "back_squat 150kg x1 [NEW PR 🎉]"),
    ("Bench: worked up to 82.5 x 15", "kg", None, "bench_press 82.5kg x15 [worked up to]"),
    ("cossack squat 60x10", "kg", None, "error unknown_exercise"),
    ("20 Judo Push Ups", "kg", None, "error unknown_exercise"),
    ("hack squat 120x10 + 2 partials", "kg", None, "error unexpected_text"),
    ("bench 80x8 three sets", "kg", None, "error unexpected_text"),
    ("Squat (Smith Machine) 80x8", "kg", None, "smith_machine_squat 80kg x8"),
    ("Pull Up (Assisted) 30x8", "kg", None, "assisted_pull_up -30kg x8"),
    ("bench (paused) 80x8", "kg", None, "bench_press 80kg x8 [paused]"),
    ("bench80x8", "kg", None, "bench_press 80kg x8"),
    # N7: titles, notes and warm-up headers
    (
        "2024-01-15 * Lower Strength\nsquat 100x5",
        "kg",
        None,
        "back_squat 100kg x5 title=2024-01-15 * Lower Strength",
    ),
    ("bench 80x8\nnice session 👍", "kg", None, "bench_press 80kg x8 [nice session 👍]"),
    (
        "Warm-up sets:\nbench 20x10\n40x5\n\nbench 80x8",
        "kg",
        None,
        "bench_press 20kg x10 w; bench_press 40kg x5 w; bench_press 80kg x8",
    ),
    ("great session\n80x8", "kg", "bench_press", "error unknown_exercise"),
    # N8, N9: labels and set counts
    ("Sets: 9@245, 8@255", "lb", "deadlift", "deadlift 245lb x9; deadlift 255lb x8"),
    ("- bench 80x8\n- squat 100x5", "kg", None, "bench_press 80kg x8; back_squat 100kg x5"),
    ("Dumbbell bench: 11 x 10, 21 x 15 (x 3)", "kg", None, "error ambiguous"),
    ("plank 3 sets of 60s", "kg", None, "; ".join(["plank bw x60s"] * 3)),
    ("squat 100x5x3 3 sets", "kg", None, "error unexpected_text"),
    # N10: tagged numbers, a number before the name
    ("bench 10 reps 60kg", "kg", None, "bench_press 60kg x10"),
    ("plank 1:30 +10kg", "kg", None, "plank +10kg x90s"),
    ("bench 80 8 reps", "kg", None, "bench_press 80kg x8"),
    ("1 minutes plank", "kg", None, "plank bw x60s"),
    ("50 5kg dumbbell biceps curls", "kg", None, "dumbbell_curl 5kg x50"),
    ("50 curls", "kg", None, "error incomplete_set"),
    ("100 froggers", "kg", None, "not a log"),
    ("3 weeks to go", "kg", None, "not a log"),
    # N11: bare numbers, holds, dumbbells in lb
    ("curls 10 12", "kg", None, "error ambiguous"),
    ("plank 5", "kg", None, "error ambiguous"),
    ("curls 30s 3x12", "lb", None, "; ".join(["dumbbell_curl 30lb x12"] * 3)),
    ("hammer curl 35s", "lb", None, "error incomplete_set"),
    # N12: weigh-ins
    ("Weight: 203", "lb", None, "weigh-in=203lb"),
    ("bw 80", "kg", "pull_up", "error ambiguous"),
    ("bw 120", "kg", "pull_up", "weigh-in=120kg"),
    ("bw 81.5\nbw 82", "kg", None, "error unexpected_text"),
    ("bw 81.5\nbench 80x8", "kg", None, "bench_press 80kg x8 weigh-in=81.5kg"),
    # N13: not a log
    ("Time: 50 minutes", "kg", None, "not a log"),
    ("3/4 done", "kg", None, "not a log"),
    ("+5kg next time", "kg", None, "not a log"),
    ("farmers walk 2x32kg 40m", "kg", None, "error unexpected_text"),
    ("pushups 60s", "kg", None, "push_up bw x60s"),
    # N14-N17: markers, durations, joiners, warm-up scope
    ("bench 80x8 RPE-8", "kg", None, "bench_press 80kg x8 @8"),
    ("bench 80x8 2 left", "kg", None, "bench_press 80kg x8 rir2"),
    ("bench 80x8 @8-9", "kg", None, "error ambiguous"),
    ("plank 1,5 min", "kg", None, "plank bw x90s"),
    ("farmers walk 260x60sx3", "lb", None, "; ".join(["farmers_walk 260lb x60s"] * 3)),
    ("curls 15x10 drop set 10x8", "kg", None, "dumbbell_curl 15kg x10; dumbbell_curl 10kg x8 drop"),
    ("Squat w 60x5, 80x3", "kg", None, "back_squat 60kg x5 w; back_squat 80kg x3 w"),
]


@pytest.mark.parametrize(("text", "unit", "last", "read"), CASES, ids=[c[0] for c in CASES])
def test_reads_as_the_rule_says(text: str, unit: str, last: str | None, read: str) -> None:
    assert brief(parse_sets(text, Unit(unit), last)) == read


def test_a_lone_surrogate_is_an_emoji_half_and_ignored() -> None:
    result = parse_sets("bench 80x8 \ud83d")
    assert isinstance(result, ParsedSets) and brief(result) == "bench_press 80kg x8"


def test_name_found_only_in_the_words_is_asked_with_one_line_that_logs_it() -> None:
    """§11 N6.2 never splits lead-in words that hold digits, so this reading is only offered."""
    asked = parse_sets("finally hit 100kg bench!! 100x1")
    assert isinstance(asked, ParseError) and asked.code == "ambiguous"
    (candidate,) = asked.candidates
    assert brief(parse_sets(candidate)) == "bench_press 100kg x1 [finally hit 100kg bench!!]"
