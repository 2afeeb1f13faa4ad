"""The vendored corpora and catalogue stay identical to ../shared when it is beside us."""

from __future__ import annotations

import pytest

from tests.paths import DATA, SHARED

PAIRS = [
    (DATA / "parser_v2.jsonl", SHARED / "corpus" / "parser_v2.jsonl"),
    (DATA / "realism.jsonl", SHARED / "corpus" / "realism.jsonl"),
    (DATA / "rules_cases.jsonl", SHARED / "spec" / "rules_cases.jsonl"),
    (DATA.parents[1] / "core" / "data" / "exercises.csv", SHARED / "spec" / "exercises.csv"),
    *(
        (DATA / "imports" / name, SHARED / "corpus" / "imports" / name)
        for name in (
            "strong_comma.csv",
            "strong_semicolon_units.csv",
            "strong_quoted.csv",
            "hevy_metric.csv",
            "hevy_imperial.csv",
            "real/strong_statistics_strong.csv",
            "real/strong_statistics_hevy.csv",
            "real/LICENSE-strong-statistics",
            "real/README.md",
        )
    ),
]


@pytest.mark.parametrize(("ours", "theirs"), PAIRS, ids=lambda p: p.name)
def test_vendored_copy_matches_shared(ours, theirs) -> None:
    if not theirs.exists():
        pytest.skip("../shared is not beside this checkout")
    assert ours.read_bytes() == theirs.read_bytes(), f"{ours} drifted from {theirs}"
