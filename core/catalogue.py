"""The shipped exercise catalogue (data/exercises.csv), loaded once, looked up by id."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from core.plausibility import UNKNOWN, Plausible, plausible_for

if TYPE_CHECKING:
    from core.names import NameIndex

# A user's own exercises have ids of their own kind (core/custom_exercises.py): no shipped id
# starts like this, so a catalogue update can never take over someone's exercise.
CUSTOM_PREFIX = "custom_"
# What rules.md calls the failure class of an exercise the catalogue does not know.
UNKNOWN_CLASS = "unknown"


@dataclass(frozen=True, slots=True)
class Exercise:
    id: str
    name: str
    aliases: tuple[str, ...]
    equipment: str
    mechanics: str
    pattern: str
    primary_muscles: tuple[str, ...]
    secondary_muscles: tuple[str, ...]
    failure_guidance: str  # avoid | caution | suited
    load_type: str  # weight | bodyweight | assisted | time | weight_time

    @property
    def is_bodyweight(self) -> bool:
        return self.equipment == "bodyweight"

    @property
    def is_timed(self) -> bool:
        return self.load_type in ("time", "weight_time")

    @property
    def is_assisted(self) -> bool:
        return self.load_type == "assisted"


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split(";") if part.strip())


class Catalogue:
    """Exercises by id; immutable after construction (but for the name index kept with it)."""

    __slots__ = ("_by_id", "_plausible", "base", "exercises", "names")

    def __init__(self, exercises: tuple[Exercise, ...], base: Catalogue | None = None) -> None:
        self.exercises = exercises
        # The shipped catalogue a user's catalogue extends with their own exercises (listed
        # after the base's), so what is built once for the base can be shared (the question
        # grammar); None for the shipped catalogue itself.
        self.base = base
        self._by_id = {e.id: e for e in exercises}
        self._plausible = {
            e.id: plausible_for(e.equipment, e.mechanics, e.pattern, e.load_type) for e in exercises
        }
        # The name index of exactly these exercises, built on first use (core.names.name_index).
        self.names: NameIndex | None = None

    def get(self, exercise_id: str) -> Exercise | None:
        return self._by_id.get(exercise_id)

    def __contains__(self, exercise_id: object) -> bool:
        return isinstance(exercise_id, str) and exercise_id in self._by_id

    def name_of(self, exercise_id: str) -> str:
        """Display name; unknown ids are shown with underscores as spaces."""
        found = self.get(exercise_id)
        if found is not None:
            return found.name
        bare = exercise_id.removeprefix(CUSTOM_PREFIX) or exercise_id
        return bare.replace("_", " ").title()

    def plausible(self, exercise_id: str) -> Plausible:
        """The plausible load and reps of an exercise (notation.md §11 N2), precomputed."""
        return self._plausible.get(exercise_id, UNKNOWN)

    def failure_class(self, exercise_id: str) -> str:
        """avoid | caution | suited, or unknown for custom exercises (rules.md §1)."""
        found = self.get(exercise_id)
        return found.failure_guidance if found else UNKNOWN_CLASS


def parse_catalogue(text: str) -> Catalogue:
    rows = csv.DictReader(text.splitlines())
    return Catalogue(
        tuple(
            Exercise(
                id=row["id"].strip(),
                name=row["name"].strip(),
                aliases=_split(row["aliases"]),
                equipment=row["equipment"].strip(),
                mechanics=row["mechanics"].strip(),
                pattern=row["pattern"].strip(),
                primary_muscles=_split(row["primary_muscles"]),
                secondary_muscles=_split(row["secondary_muscles"]),
                failure_guidance=row["failure_guidance"].strip(),
                load_type=row["load_type"].strip(),
            )
            for row in rows
            if row.get("id", "").strip()
        )
    )


@cache
def load_catalogue() -> Catalogue:
    """The catalogue shipped inside the package, parsed once per process."""
    text = resources.files("core").joinpath("data/exercises.csv").read_text(encoding="utf-8")
    return parse_catalogue(text)
