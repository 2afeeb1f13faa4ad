"""Exercise names from other apps to catalogue ids: app titles, suggestions, load semantics."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from core.catalogue import Catalogue
from core.custom_exercises import new_custom_id
from core.names import NameIndex, key, name_index

# Equipment words of app titles (notation.md §11 N6.4), longest first so `smith machine` wins.
_EQUIPMENT = (
    "smith machine",
    "ez bar",
    "trap bar",
    "kettlebell",
    "dumbbell",
    "barbell",
    "machine",
    "assisted",
    "weighted",
    "cable",
    "band",
)
_TITLE = re.compile(r"\s*(.*?)\s*\(([^()]*)\)\s*")
_MAX_SUGGESTIONS = 3
# A general warm-up entry (Hevy's `Warm Up`, 5 min on a bike): an activity, not an exercise.
_WARM_UP_KEYS = frozenset({"warmup", "warmups", "generalwarmup", "warmingup"})


def _split_title(title: str) -> tuple[str, str] | None:
    """`Bench Press (Barbell)` -> (`Bench Press`, `barbell`): the name and its equipment."""
    m = _TITLE.fullmatch(title)
    if m is None:
        return None
    name, bracket = m.groups()
    words = f" {' '.join(re.split(r'[^a-z]+', bracket.casefold()))} "
    for equipment in _EQUIPMENT:
        if f" {equipment} " in words:
            return name, equipment
    return None


def app_title_exercise(index: NameIndex, title: str) -> str | None:
    """The catalogue id of a name as Strong and Hevy write it, or None.

    The title as a whole first (the catalogue lists app titles as aliases), then, as the parser
    v2 reads app titles (notation.md §11 N6.4), the bracket's equipment before the name:
    `Shrug (Cable)` -> `cable shrug`. This is the one place imports map titles; it should call
    the parser's shared reading once that exists.
    """
    found = index.resolve(title).exercise
    if found is not None:
        return found
    split = _split_title(title)
    if split is None:
        return None
    name, equipment = split
    return index.resolve(f"{equipment} {name}").exercise


def title_suggestions(index: NameIndex, title: str) -> tuple[str, ...]:
    """Up to three catalogue ids close to an unmatched title, the likeliest first.

    The title, its equipment-first reading and its bare name each vote for their nearest
    exercises, the nearest with the most weight: `Bench Press (Paused)` -> bench_press first.
    """
    tries = [title]
    split = _split_title(title)
    if split is not None:
        tries.append(f"{split[1]} {split[0]}")
    m = _TITLE.fullmatch(title)
    if m is not None:
        tries.append(m.group(1))
    votes: dict[str, int] = {}
    for attempt in tries:
        for rank, exercise_id in enumerate(index.suggest(attempt)):
            votes[exercise_id] = votes.get(exercise_id, 0) + _MAX_SUGGESTIONS - rank
    ranked = sorted(votes, key=lambda exercise_id: -votes[exercise_id])
    return tuple(ranked[:_MAX_SUGGESTIONS])


@lru_cache(maxsize=1024)
def is_warm_up_activity(name: str) -> bool:
    return key(name) in _WARM_UP_KEYS


def custom_exercise_id(name: str) -> str:
    """The id an unmatched name gets if the user keeps it: `Cable Crossover Ladder` ->
    `custom_cable_crossover_ladder` (Catalogue.name_of shows such ids back as words)."""
    return new_custom_id(name)


@dataclass(frozen=True, slots=True)
class MappedName:
    """What a name maps to and how its loads read (notation.md R6: assisted loads are negative)."""

    exercise: str | None
    bodyweight: bool = False
    assisted: bool = False


class ExerciseMapper:
    """Maps names once each (a file repeats a few dozen names thousands of times)."""

    __slots__ = ("_by_id", "_by_name", "_catalogue", "_index")

    def __init__(self, catalogue: Catalogue) -> None:
        self._catalogue = catalogue
        self._index = name_index(catalogue)
        self._by_name: dict[str, MappedName] = {}
        self._by_id: dict[str, MappedName] = {}

    def by_name(self, name: str) -> MappedName:
        found = self._by_name.get(name)
        if found is None:
            exercise_id = app_title_exercise(self._index, name)
            found = self.by_id(exercise_id) if exercise_id else MappedName(None)
            self._by_name[name] = found
        return found

    def by_id(self, exercise_id: str) -> MappedName:
        found = self._by_id.get(exercise_id)
        if found is None:
            exercise = self._catalogue.get(exercise_id)
            if exercise is None:  # a custom exercise of our own export
                found = MappedName(exercise_id)
            else:
                found = MappedName(
                    exercise_id,
                    bodyweight=exercise.is_bodyweight or exercise.is_assisted,
                    assisted=exercise.is_assisted,
                )
            self._by_id[exercise_id] = found
        return found

    def suggestions(self, name: str) -> tuple[str, ...]:
        return title_suggestions(self._index, name)
