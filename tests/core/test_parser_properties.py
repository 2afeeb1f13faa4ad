"""Properties of the parser: it never raises, never invents sets, asks with candidates that log
what they say, and echoes round-trip."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.catalogue import Exercise, load_catalogue
from core.echo import format_set
from core.model import Failure, SetEntry, Unit
from core.parser import NotALog, ParsedSets, ParseError, parse_sets
from core.wording import parse_errors as say
from tests.core.test_parser_candidates import check_candidates

CATALOGUE = load_catalogue()
CODES = {
    "text_too_long",
    "unknown_exercise",
    "no_exercise",
    "incomplete_set",
    "ambiguous",
    "unexpected_text",
    "reps_out_of_range",
    "weight_out_of_range",
    "time_out_of_range",
    "sets_out_of_range",
    "effort_out_of_range",
    "conflicting_markers",
}
LIMIT = {Unit.KG: Decimal(1000), Unit.LB: Decimal(2200)}

# Pieces of the notation, so generated messages reach deep into the grammar, not just `not_a_log`.
FRAGMENTS = [
    "bench",
    "squat",
    "pullups",
    "dips",
    "plank",
    "curls",
    "farmers walk",
    "assisted pull up",
    "lateral raise",
    "deadlift",
    "bnech",
    "zercher carry",
    "Bench:",
    "80",
    "8",
    "3",
    "5",
    "100",
    "0",
    "101",
    "7,5",
    "82.5",
    "20",
    "45",
    "1:30",
    "60s",
    "2 min",
    "x",
    "X",
    "×",
    "*",
    "х",
    ",",
    ";",
    "/",
    "-",
    "--",
    "—",
    "–",
    "+",
    ">",
    "->",
    "@",
    "@8",
    "@9,5",
    "kg",
    "lb",
    "#",
    "135#",
    "(",
    ")",
    "[",
    "]",
    "(F)",
    "F",
    "Fe",
    "Ft",
    "fail",
    "to failure",
    "tech",
    "neg fail",
    "rpe",
    "rir",
    "2 in the tank",
    "w",
    "warmup",
    "warm-up",
    "bw",
    "bodyweight",
    "for",
    "at",
    "with",
    "reps",
    "sets of",
    "3 sets of 5 at",
    "💪",
    "🔥",
    "!",
    ".",
    "?",
    "how",
    "what",
    "/start",
    "\n",
    "\r\n",
    " ",
    "  ",
    "\t",
    "é",
    "жим лёжа",
    "до отказа",
    "\u200d",
    "\ufe0f",
    "%",
    # v2 (§11): labels, counts, joiners, tagged numbers, weigh-ins, chatter, app titles, notes
    "Set 1:",
    "1)",
    "last set",
    "3 sets",
    "(2 sets)",
    "(x3)",
    "x3 sets",
    "then",
    "and",
    "&",
    "drop",
    "=>",
    "➡️",
    "reps",
    "раз",
    "Wdh",
    "на",
    "8rpe",
    "@rpe",
    "1 left",
    "to fail",
    "(last F)",
    "bw 81.5",
    "weight",
    "rest",
    "12/05",
    "5/3/1",
    "next time",
    "(220 pounds)",
    "/20.4kg",
    "(Cable)",
    "(Barbell)",
    "Was tough:",
    "PR",
    "felt easy",
    "three",
    "4th",
    "1m",
    '90"',
    "'",
    "1 min 30",
    "70s",
    "weighted",
    "?",
    "50 push-ups",
    "Warm up",
    "Push day 🔥",
]
notation_text = st.lists(st.sampled_from(FRAGMENTS), max_size=24).map("".join)
spaced_text = st.lists(st.sampled_from(FRAGMENTS), max_size=16).map(" ".join)


def _check_result(text: str, result: object) -> None:
    assert isinstance(result, ParsedSets | NotALog | ParseError), result
    if isinstance(result, ParseError):
        assert result.message != say.internal_error(), f"internal error on {text!r}"
        assert result.code in CODES
        assert result.message.strip()
        assert (result.line is None) == (result.code == "text_too_long")
        assert len(result.suggestions) <= 3
        assert result.code == "ambiguous" or not result.candidates
    elif isinstance(result, ParsedSets):
        lines = text.replace("\r\n", "\n").split("\n")
        assert result.sets or result.bodyweight, "a log has a set or a weigh-in"
        if result.bodyweight is not None:
            assert 1 <= result.bodyweight.line <= len(lines)
        assert result.title is None or result.title == result.title.strip() != ""
        assert not result.sets or not result.sets[0].drop
        assert [s.line for s in result.sets] == sorted(s.line for s in result.sets)
        for entry in result.sets:
            _check_set(entry, len(lines))


def _check_set(s: SetEntry, n_lines: int) -> None:
    # The invariants of notation.md §1, §6 and §8 that every produced set satisfies.
    assert s.exercise in CATALOGUE
    assert (s.reps is None) != (s.seconds is None)
    assert s.reps is None or 1 <= s.reps <= 100
    assert s.seconds is None or 1 <= s.seconds <= 3600
    if s.bodyweight:
        assert abs(s.weight) <= LIMIT[s.unit]
    else:
        assert 0 < s.weight <= LIMIT[s.unit]
    assert s.rpe is None or (1 <= s.rpe <= 10 and (s.rpe * 2) % 1 == 0)
    assert s.rir is None or (0 <= s.rir <= 10 and (s.rir * 2) % 1 == 0)
    if s.failure is not None:
        assert s.rpe in (None, 10) and s.rir in (None, 0)
    if s.rpe is not None and s.rir is not None:
        assert abs(s.rpe + s.rir - 10) <= Decimal("0.5")
    if s.warmup:
        assert not s.drop and s.failure is None and s.rpe is None and s.rir is None
    assert s.note is None or (s.note and s.note == s.note.strip())
    assert 1 <= s.line <= n_lines


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_never_raises_on_any_text(text: str) -> None:
    _check_result(text, parse_sets(text))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.data_too_large])
@given(st.text(min_size=3000, max_size=6000))
def test_never_raises_on_long_text(text: str) -> None:
    result = parse_sets(text)
    _check_result(text, result)
    if len(text) > 4096:
        assert isinstance(result, ParseError) and result.code == "text_too_long"


@settings(max_examples=1500, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(notation_text, spaced_text),
    st.sampled_from(Unit),
    st.sampled_from([None, "bench_press", "pull_up", "plank"]),
)
def test_never_raises_on_notation_like_text(text: str, unit: Unit, last: str | None) -> None:
    _check_result(text, parse_sets(text, unit, last))


def _no_ascii_digit(text: str) -> bool:
    # The text is NFKC-normalised first (§2.1), so `８` counts as a digit.
    return re.search(r"[0-9]", unicodedata.normalize("NFKC", text)) is None


@settings(max_examples=400)
@given(st.one_of(st.text(), notation_text, spaced_text).filter(_no_ascii_digit))
def test_no_digit_is_never_sets(text: str) -> None:
    result = parse_sets(text, Unit.KG, "bench_press")
    assert not isinstance(result, ParsedSets)
    if len(text) <= 4096:
        assert isinstance(result, NotALog)


# -- §11 N1: a question's candidates log exactly the readings it offers ------------------------

NAMES = [
    "bench",
    "squat",
    "deadlift",
    "curls",
    "lateral raise",
    "face pulls",
    "incline db",
    "leg press",
    "tri pushdown",
    "pullups",
    "dips",
    "weighted pullups",
    "plank",
    "farmers walk",
    "assisted pull up",
    "ez curl",
]
small = st.sampled_from(["1", "2", "3", "4", "5", "6", "8", "10", "12", "15", "20", "25", "7.5"])
big = st.sampled_from(["30", "40", "45", "60", "80", "100", "135", "140", "225"])
number = st.one_of(small, big)
shapes = st.sampled_from(
    [
        "{a}x{b}",
        "{a}x{b}x{c}",
        "{a} {b}",
        "{a} {b} {c}",
        "{a}x{b} {c}",
        "{a}x{b} @{c}",
        "{a}x{b} rir {c}-{d}",
        "{a}x{b}, {c}x{d}",
        "{a}x{b} @{c}, {d}",
        "{a}x{b} > {c}x{d}",
        "{a}x{b} ({c} sets)",
    ]
)


@settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(NAMES),
    shapes,
    number,
    number,
    number,
    number,
    st.sampled_from(Unit),
)
def test_a_candidate_logs_one_reading(
    name: str, shape: str, a: str, b: str, c: str, d: str, unit: Unit
) -> None:
    text = f"{name} " + shape.format(a=a, b=b, c=c, d=d)
    result = parse_sets(text, unit)
    _check_result(text, result)
    if isinstance(result, ParseError) and result.code == "ambiguous":
        check_candidates(text, unit, None, result)


# -- format_set round trip --------------------------------------------------------------------

halves = st.integers(min_value=2, max_value=20).map(lambda n: Decimal(n) / 2)
rirs = st.integers(min_value=0, max_value=20).map(lambda n: Decimal(n) / 2)
note_chars = st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"))
notes = st.text(note_chars, min_size=1, max_size=30).filter(
    lambda s: s == s.strip() and s == unicodedata.normalize("NFKC", s)
)


def _weights(unit: Unit) -> st.SearchStrategy[Decimal]:
    top = int(LIMIT[unit] * 100)
    return st.integers(min_value=1, max_value=top).map(lambda n: Decimal(n) / 100)


@st.composite
def set_entries(draw: st.DrawFn) -> SetEntry:
    """Any non-drop set the parser can produce (§1, R6, R7, §6)."""
    exercise: Exercise = draw(st.sampled_from(CATALOGUE.exercises))
    unit = draw(st.sampled_from(Unit))
    timed = exercise.is_timed or draw(st.booleans())
    reps = None if timed else draw(st.integers(min_value=1, max_value=100))
    seconds = draw(st.integers(min_value=1, max_value=3600)) if timed else None
    load = draw(_weights(unit))
    if exercise.is_assisted:
        weight, bodyweight = draw(st.sampled_from([Decimal(0), -load])), True
    elif exercise.is_bodyweight:
        weight, bodyweight = draw(st.sampled_from([Decimal(0), load, -load])), True
    else:
        bodyweight = draw(st.booleans())
        weight = draw(st.sampled_from([Decimal(0), load])) if bodyweight else load
    warmup = draw(st.booleans())
    failure = rpe = rir = None
    if not warmup:
        failure = draw(st.none() | st.sampled_from(Failure))
        rpe = draw(st.none() | (st.just(Decimal(10)) if failure else halves))
        if failure:
            rir = draw(st.none() | st.just(Decimal(0)))
        elif rpe is not None:
            rir = draw(
                st.none()
                | st.sampled_from(
                    [
                        r
                        for r in (10 - rpe - Decimal("0.5"), 10 - rpe, 10 - rpe + Decimal("0.5"))
                        if 0 <= r <= 10
                    ]
                )
            )
        else:
            rir = draw(st.none() | rirs)
    return SetEntry(
        exercise=exercise.id,
        weight=weight,
        unit=unit,
        bodyweight=bodyweight,
        reps=reps,
        seconds=seconds,
        failure=failure,
        rpe=rpe,
        rir=rir,
        warmup=warmup,
        drop=False,
        note=draw(st.none() | notes),
        line=1,
    )


@settings(max_examples=600, suppress_health_check=[HealthCheck.too_slow])
@given(set_entries())
def test_format_set_round_trips(entry: SetEntry) -> None:
    text = format_set(entry, CATALOGUE)
    result = parse_sets(text, entry.unit, None, CATALOGUE)
    assert isinstance(result, ParsedSets), (text, result)
    assert result.sets == (replace(entry, line=1),), text
