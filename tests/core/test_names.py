"""Name resolution (notation.md §5.1): keys, exact, plural, typo rules, ties and suggestions."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.catalogue import load_catalogue
from core.names import key, name_index, osa_distance

CATALOGUE = load_catalogue()
INDEX = name_index(CATALOGUE)


def resolve(name: str) -> str | None:
    return INDEX.resolve(name).exercise


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pull-Ups", "pullups"),
        ("Bankdrücken", "bankdrucken"),
        ("жим лёжа", "жимлежа"),
        ("Farmer's Walk", "farmerswalk"),
        ("c&j", "cj"),
        ("  Élévation  latérale ", "elevationlaterale"),
    ],
)
def test_key(text: str, expected: str) -> None:
    assert key(text) == expected


@pytest.mark.parametrize(
    ("name", "exercise"),
    [
        ("bench", "bench_press"),
        ("BENCH PRESS", "bench_press"),
        ("bench_press", "bench_press"),
        ("bp", "bench_press"),
        ("ohp", "overhead_press"),
        ("rdl", "romanian_deadlift"),
        ("pull-ups", "pull_up"),
        ("curls", "dumbbell_curl"),
        ("жим лёжа", "bench_press"),
        ("жим лежа", "bench_press"),
        ("sentadilla", "back_squat"),
        ("Kreuzheben", "deadlift"),
    ],
)
def test_exact(name: str, exercise: str) -> None:
    assert resolve(name) == exercise


@pytest.mark.parametrize(
    ("name", "exercise"),
    [("dips", "dip"), ("rdls", "romanian_deadlift"), ("ohps", "overhead_press")],
)
def test_plural(name: str, exercise: str) -> None:
    assert resolve(name) == exercise


@pytest.mark.parametrize(
    ("name", "exercise"),
    [
        ("bnech", "bench_press"),  # 5 letters: one transposition
        ("deadlfit", "deadlift"),
        ("Bankdruecken", "bench_press"),
        ("bankdruken", "bench_press"),
        ("pul ups", "pull_up"),  # word by word: `pul` is one edit from `pull`
        ("hip thurst", "hip_thrust"),
        ("lat pulldwon", "lat_pulldown"),
        ("latpulldown", "lat_pulldown"),  # one word against a spaced alias
        ("legextention", "leg_extension"),
    ],
)
def test_typo_within_limits(name: str, exercise: str) -> None:
    assert resolve(name) == exercise


@pytest.mark.parametrize(
    "name",
    [
        "bpp",  # keys of 3 letters or fewer must be exact
        "rdk",  # one edit from `rdl`, but short keys never take typos
        "ohq",
        "chest day",  # a typo never swaps a short word
        "bench day",
        "leg day",
        "chestday",  # one word against a spaced alias: one edit at most
        "great session",
        "see you at",
        "should i try bench",
    ],
)
def test_not_resolved(name: str) -> None:
    assert resolve(name) is None


CHAT_WORDS = (
    "test hello ok thanks done day week today sleep run walk swim rest gym back legs arms chest "
    "push pull cardio weight session workout training good great tired fly raise hack жим тяга "
    "remo jerk"
)


@pytest.mark.parametrize("word", CHAT_WORDS.split())
def test_chat_and_generic_words_stay_unknown(word: str) -> None:
    assert resolve(word) is None


def test_tie_is_unknown() -> None:
    # One edit from both `adduction machine` and `abduction machine`.
    found = INDEX.resolve("aduction machine")
    assert found.exercise is None
    assert found.tie


def test_suggestions_nearest_first_ties_by_id() -> None:
    assert INDEX.suggest("zercher carry") == ("farmers_walk", "overhead_carry", "zercher_squat")
    assert INDEX.suggest("bnech prss")[0] == "bench_press"
    assert len(INDEX.suggest("great session")) <= 3


def test_no_suggestions_for_gibberish() -> None:
    assert INDEX.suggest("qqqqqqq") == ()
    assert INDEX.suggest("") == ()


def test_every_catalogue_spelling_resolves_to_its_exercise() -> None:
    for exercise in CATALOGUE.exercises:
        for spelling in (exercise.id.replace("_", " "), exercise.name, *exercise.aliases):
            assert resolve(spelling) == exercise.id, spelling


def test_index_is_built_once() -> None:
    assert name_index(CATALOGUE) is INDEX


def _reference_osa(a: str, b: str) -> int:
    d = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(
                d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1])
            )
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


@given(st.text("abcd", max_size=9), st.text("abcd", max_size=9), st.integers(0, 6))
def test_osa_distance_matches_the_table(a: str, b: str, limit: int) -> None:
    full = _reference_osa(a, b)
    assert osa_distance(a, b, limit) == (full if full <= limit else limit + 1)


def test_exact_never_takes_a_typo() -> None:
    """§11 N6.2: a lead-in is split off only where the rest of the name resolves exactly."""
    assert INDEX.exact("squat") == "back_squat"
    assert INDEX.exact("Lateral Raise (Cable)") == "cable_lateral_raise"
    assert INDEX.exact("dumbbell biceps curls") == "dumbbell_curl"  # a plural of an alias
    assert INDEX.exact("sqaut") is None
    found = INDEX.resolve("sqaut")
    assert found.exercise == "back_squat" and found.typo
    assert not INDEX.resolve("squat").typo


def test_a_name_typed_again_resolves_the_same() -> None:
    first = INDEX.resolve("Bench")
    assert INDEX.resolve("Bench") == first
    assert INDEX.resolve("bench") == first  # another spelling, the same key
