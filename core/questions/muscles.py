"""Muscle groups users ask about, as sets of the catalogue's muscle ids (exercises.csv)."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["GROUPS"]

_LEGS = ("quads", "hamstrings", "glutes", "calves", "adductors", "abductors")
_BACK = ("lats", "upper_back", "lower_back", "traps")
_SHOULDERS = ("front_delts", "side_delts", "rear_delts")
_ARMS = ("biceps", "triceps", "forearms")

# Group id -> catalogue muscle ids (primary_muscles / secondary_muscles). How a set is credited
# to them (primary 1, secondary ½ in issue 9) is the stats' decision, not the grammar's.
GROUPS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "legs": frozenset(_LEGS),
        "upper_body": frozenset(("chest", *_BACK, *_SHOULDERS, *_ARMS)),
        "chest": frozenset(("chest",)),
        "back": frozenset(_BACK),
        "upper_back": frozenset(("upper_back",)),
        "lower_back": frozenset(("lower_back",)),
        "lats": frozenset(("lats",)),
        "traps": frozenset(("traps",)),
        "shoulders": frozenset(_SHOULDERS),
        "front_delts": frozenset(("front_delts",)),
        "side_delts": frozenset(("side_delts",)),
        "rear_delts": frozenset(("rear_delts",)),
        "arms": frozenset(_ARMS),
        "biceps": frozenset(("biceps",)),
        "triceps": frozenset(("triceps",)),
        "forearms": frozenset(("forearms",)),
        "core": frozenset(("abs", "obliques")),
        "glutes": frozenset(("glutes",)),
        "hamstrings": frozenset(("hamstrings",)),
        "quads": frozenset(("quads",)),
        "calves": frozenset(("calves",)),
        "adductors": frozenset(("adductors",)),
        "abductors": frozenset(("abductors",)),
        "neck": frozenset(("neck",)),
    }
)
