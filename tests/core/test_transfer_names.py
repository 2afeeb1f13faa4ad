"""App exercise titles map to catalogue ids; unknown ones get suggestions, never a silent guess."""

from __future__ import annotations

import pytest

from core.names import name_index
from core.transfer import app_title_exercise, custom_exercise_id
from core.transfer.exercises import is_warm_up_activity, title_suggestions
from tests.core.transfer_support import CATALOGUE, read

INDEX = name_index(CATALOGUE)


@pytest.mark.parametrize(
    ("title", "exercise"),
    [
        ("Bench Press (Barbell)", "bench_press"),
        ("Bicep Curl (Dumbbell)", "dumbbell_curl"),
        ("Squat (Barbell)", "back_squat"),
        ("Deadlift (Barbell)", "deadlift"),
        ("Lat Pulldown (Cable)", "lat_pulldown"),
        ("Triceps Pushdown (Cable - Straight Bar)", "triceps_pushdown"),
        ("Pull Up (Assisted)", "assisted_pull_up"),
        ("Pull Up", "pull_up"),
        ("Plank", "plank"),
        # only through the equipment-first reading (notation.md §11 N6.4)
        ("Curl (Cable)", "cable_curl"),
        ("Curl (EZ Bar)", "ez_bar_curl"),
        ("Dip (Assisted)", "assisted_dip"),
        ("Dip (Weighted)", "dip"),
    ],
)
def test_app_titles_map_to_the_catalogue(title: str, exercise: str) -> None:
    assert app_title_exercise(INDEX, title) == exercise


@pytest.mark.parametrize(
    ("title", "first"),
    [
        ("Bench Press (Paused)", "bench_press"),
        ("Triceps Extension (Cable)", "overhead_triceps_extension"),
        ("Shrug (Cable)", "shrug"),
        ("Cable Crossover Ladder", "cable_fly"),
    ],
)
def test_unknown_titles_are_not_guessed_but_suggested(title: str, first: str) -> None:
    assert app_title_exercise(INDEX, title) is None
    suggestions = title_suggestions(INDEX, title)
    assert suggestions[0] == first
    assert 1 <= len(suggestions) <= 3


def test_general_warm_ups_and_custom_ids() -> None:
    assert is_warm_up_activity("Warm Up") and is_warm_up_activity("warm-up")
    assert not is_warm_up_activity("Warm Up Sets Bench")
    # Custom ids never clash with a catalogue id, and stay short (CSV cells, buttons).
    assert custom_exercise_id("Cable Crossover Ladder") == "custom_cable_crossover_ladder"
    assert custom_exercise_id("Seated Super- Bayesian High Cable Curl") == (
        "custom_seated_super_bayesian_hi"
    )
    assert custom_exercise_id("Жим гантелей (наклон)") == "custom_жим_гантелей_наклон"
    assert not any(e.id.startswith("custom_") for e in CATALOGUE.exercises)
    assert CATALOGUE.name_of(custom_exercise_id("Dragon Flag")) == "Dragon Flag"


def test_suggestions_go_to_the_most_used_unknown_names_only() -> None:
    header = (
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,"
        "Notes,Workout Notes,RPE"
    )
    rows = [
        f"2026-03-02 18:04:11,Push,1h,Zercher Carry {chr(65 + i)},{n + 1},60,8,0,0,,,"
        for i in range(26)
        for n in range(26 - i)  # A has 26 sets, Z has 1
    ]
    _, report = read("\n".join([header, *rows]) + "\n")
    assert [m.sets for m in report.unmatched] == list(range(26, 0, -1))
    assert all(m.suggestions for m in report.unmatched[:20])
    assert not any(m.suggestions for m in report.unmatched[20:])
