"""The vendored corpora and catalogue stay identical to ../shared when it is beside us."""

from __future__ import annotations

import pytest

from tests.conftest import DATA, SHARED

PAIRS = [
    (DATA / "parser_v2.jsonl", SHARED / "corpus" / "parser_v2.jsonl"),
    (DATA / "realism.jsonl", SHARED / "corpus" / "realism.jsonl"),
    (DATA / "rules_cases.jsonl", SHARED / "spec" / "rules_cases.jsonl"),
    (DATA.parents[1] / "core" / "data" / "exercises.csv", SHARED / "spec" / "exercises.csv"),
]


@pytest.mark.parametrize(("ours", "theirs"), PAIRS, ids=lambda p: p.name)
def test_vendored_copy_matches_shared(ours, theirs) -> None:
    if not theirs.exists():
        pytest.skip("../shared is not beside this checkout")
    assert ours.read_bytes() == theirs.read_bytes(), f"{ours} drifted from {theirs}"
