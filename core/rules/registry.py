"""The ten rules of rules.md §3 as data: id, severity, scope, where shown, citation tags."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

FAIL_IN_DELOAD = "FAIL_IN_DELOAD"
FAIL_HEAVY_COMPOUND = "FAIL_HEAVY_COMPOUND"
TOO_MANY_FAILURE_SETS = "TOO_MANY_FAILURE_SETS"
FAIL_NON_FINAL_SET = "FAIL_NON_FINAL_SET"
DELOAD_SUGGESTED = "DELOAD_SUGGESTED"
FAILURE_SHARE_STREAK = "FAILURE_SHARE_STREAK"
FAILURE_SHARE_HIGH = "FAILURE_SHARE_HIGH"
REPS_DECLINE = "REPS_DECLINE"
E1RM_DECLINE = "E1RM_DECLINE"
DELOAD_DUE = "DELOAD_DUE"

WARN = "warn"
INFO = "info"

SCOPE_WORKOUT = "workout"
SCOPE_WEEK = "week"
SCOPE_EXERCISE_WORKOUT = "exercise_workout"


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    number: int  # position in §3: the output order of findings for one set
    severity: str
    scope: str
    shown: tuple[str, ...]  # reply, summary, reminder
    tags: tuple[str, ...]  # citation tags of core.rules.sources


RULES: tuple[Rule, ...] = (
    Rule(FAIL_IN_DELOAD, 1, WARN, SCOPE_WORKOUT, ("reply",), ("B23", "RG24")),
    Rule(
        FAIL_HEAVY_COMPOUND, 2, WARN, SCOPE_WORKOUT, ("reply",),
        ("D16", "G22", "V21", "MN17", "VJ22", "PB17"),
    ),
    Rule(
        TOO_MANY_FAILURE_SETS, 3, WARN, SCOPE_WORKOUT, ("reply",),
        ("VJ22", "G22", "V21", "R23", "RF24"),
    ),
    Rule(FAIL_NON_FINAL_SET, 4, INFO, SCOPE_WORKOUT, ("reply",), ("MN17",)),
    Rule(
        DELOAD_SUGGESTED, 5, WARN, SCOPE_WEEK, ("reply", "summary", "reminder"),
        ("RG24", "B23"),
    ),
    Rule(
        FAILURE_SHARE_STREAK, 6, WARN, SCOPE_WEEK, ("reply", "summary"),
        ("VJ22", "D16", "G22", "V21"),
    ),
    Rule(
        FAILURE_SHARE_HIGH, 7, INFO, SCOPE_WEEK, ("reply", "summary"),
        ("VJ22", "G22", "V21", "R23", "RF24"),
    ),
    Rule(REPS_DECLINE, 8, INFO, SCOPE_EXERCISE_WORKOUT, ("reply", "summary"), ("RG24",)),
    Rule(E1RM_DECLINE, 9, INFO, SCOPE_EXERCISE_WORKOUT, ("reply", "summary"), ("RG24", "BZ93")),
    Rule(DELOAD_DUE, 10, INFO, SCOPE_WEEK, ("reply", "reminder", "summary"), ("RG24", "B23")),
)  # fmt: skip
RULE_BY_ID: Mapping[str, Rule] = {r.id: r for r in RULES}
RULE_IDS: frozenset[str] = frozenset(RULE_BY_ID)
