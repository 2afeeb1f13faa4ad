"""A user's own exercises: ids, names, muscles, and names resolving like catalogue names."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.catalogue import load_catalogue
from core.custom_exercises import (
    CustomExercise,
    ExerciseAlias,
    LayeredNameIndex,
    MuscleQuestion,
    NameProblem,
    catalogue_muscles,
    clean_name,
    new_custom_id,
    split_muscle,
    user_catalogue,
)
from core.names import name_index
from core.parser import ParsedSets, ParseError, parse_sets

SHIPPED = load_catalogue()
MUSCLES = catalogue_muscles(SHIPPED)
ZERCHER = CustomExercise("custom_zercher_carry", "Zercher Carry", "quads", 1)


def test_custom_ids_never_clash_with_the_catalogue_and_stay_unique_per_user() -> None:
    assert new_custom_id("Zercher Carry") == "custom_zercher_carry"
    assert new_custom_id("Zercher-Carry!", {"custom_zercher_carry"}) == "custom_zercher_carry_2"
    assert new_custom_id("Bench Press") == "custom_bench_press"  # not the catalogue's id
    assert not any(e.id.startswith("custom_") for e in SHIPPED.exercises)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("zercher carry", "Zercher Carry"),  # typed in lower case: shown like catalogue names
        ("  Farmer's   walk ", "Farmer's walk"),  # the user's own capitals stay
        ("жим гантелей", "Жим Гантелей"),
        ("", NameProblem.EMPTY),
        ("21s curl", NameProblem.DIGITS),  # digits would read as a load or reps
        ("curl, heavy", NameProblem.SIGNS),
        ("x", NameProblem.TOO_SHORT),
        ("a" * 41, NameProblem.TOO_LONG),
    ],
)
def test_names_are_tidied_or_refused_with_a_reason(typed: str, expected: object) -> None:
    assert clean_name(typed) == expected


def test_a_muscle_after_the_name_is_read_and_a_region_is_asked_about() -> None:
    assert split_muscle("zercher carry quads", MUSCLES) == ("zercher carry", "quads")
    assert split_muscle("zercher carry, side delts", MUSCLES) == ("zercher carry", "side_delts")
    assert split_muscle("yoke walk upper back", MUSCLES) == ("yoke walk", "upper_back")
    assert split_muscle("pec flye pecs", MUSCLES) == ("pec flye", "chest")
    assert split_muscle("zercher carry", MUSCLES) == ("zercher carry", None)
    asked = split_muscle("landmine press shoulders", MUSCLES)
    assert isinstance(asked, MuscleQuestion)
    assert asked.name == "landmine press" and "side_delts" in asked.choices


def _sets(text: str, catalogue: object) -> list[tuple[str, Decimal, int | None]]:
    result = parse_sets(text, catalogue=catalogue)  # type: ignore[arg-type]
    assert isinstance(result, ParsedSets), result
    return [(s.exercise, s.weight, s.reps) for s in result.sets]


def test_own_names_resolve_for_their_user_only_typos_too() -> None:
    mine = user_catalogue(SHIPPED, [ZERCHER])
    assert _sets("zercher carry 60x20", mine) == [("custom_zercher_carry", Decimal(60), 20)]
    assert _sets("Zercher cary 60x20", mine) == [("custom_zercher_carry", Decimal(60), 20)]
    assert _sets("bench 80x8\nzercher carry 70x15", mine)[1][0] == "custom_zercher_carry"
    assert _sets("bench 80x8", mine) == [("bench_press", Decimal(80), 8)]  # catalogue as before
    theirs = parse_sets("zercher carry 60x20", catalogue=SHIPPED)
    assert isinstance(theirs, ParseError)  # someone else's exercise is unknown to them


def test_an_unknown_name_suggests_the_users_own_exercise() -> None:
    mine = user_catalogue(SHIPPED, [ZERCHER])
    result = parse_sets("zerchr kary 60x20", catalogue=mine)
    assert isinstance(result, ParseError)
    assert "custom_zercher_carry" in result.suggestions


def test_a_typo_close_to_an_own_and_a_catalogue_name_asks() -> None:
    near = CustomExercise("custom_bench_pres", "Bench Pres", None, 2)
    mine = user_catalogue(SHIPPED, [near])
    index = name_index(mine)
    assert index.resolve("bench pres").exercise == "custom_bench_pres"  # the user's exact name
    assert index.resolve("bench press").exercise == "bench_press"  # the catalogue's exact name
    tie = index.resolve("bench prss")  # one typo from both: a question, never a guess
    assert tie.exercise is None and tie.tie
    assert index.exact("bench pres") == "custom_bench_pres"
    assert index.exact("bench press") == "bench_press"
    assert index.exact("bench prss") is None  # exact names only
    assert index.resolve("zercher carry").exercise is None
    assert index.resolve("Bench Pres").typo is False


def test_a_users_catalogue_shares_the_shipped_index() -> None:
    mine = user_catalogue(SHIPPED, [ZERCHER])
    assert isinstance(mine.names, LayeredNameIndex)
    assert name_index(mine) is mine.names
    assert name_index(SHIPPED) is name_index(SHIPPED)  # built once, kept with the catalogue
    assert user_catalogue(SHIPPED, []) is SHIPPED  # no exercises of one's own: nothing new
    assert mine.failure_class("custom_zercher_carry") == "unknown"  # counted under "custom"
    assert mine.name_of("custom_zercher_carry") == "Zercher Carry"
    assert SHIPPED.name_of("custom_yoke_walk") == "Yoke Walk"  # an id alone still reads well


def test_merged_names_resolve_to_what_they_went_into_and_nothing_else_moves() -> None:
    aliases = [
        ExerciseAlias("Flat Bench Heavy", "bench_press"),
        ExerciseAlias("Zercher Hold", "custom_zercher_carry"),
        ExerciseAlias("Old Thing", "no_longer_there"),  # its exercise is gone: resolves to nothing
    ]
    mine = user_catalogue(SHIPPED, [ZERCHER], aliases)
    index = name_index(mine)
    assert index.resolve("flat bench heavy").exercise == "bench_press"
    assert index.resolve("flat bench heavi").exercise == "bench_press"  # a typo of it
    assert index.resolve("zercher hold").exercise == "custom_zercher_carry"
    assert index.resolve("old thing").exercise is None
    # The catalogue's own names and their typos read as before (no tie with the alias entry).
    assert index.resolve("bench press").exercise == "bench_press"
    assert index.resolve("bench pres").exercise == "bench_press"
    assert index.resolve("benchpress").exercise == "bench_press"
    assert mine.name_of("bench_press") == "Bench Press" and mine.get("no_longer_there") is None
    assert _sets("flat bench heavy 100x5", mine) == [("bench_press", Decimal(100), 5)]
    only_aliases = user_catalogue(SHIPPED, [], [ExerciseAlias("Flat Bench Heavy", "bench_press")])
    assert name_index(only_aliases).exact("flat bench heavy") == "bench_press"
