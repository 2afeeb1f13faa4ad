"""A user's own exercises: ids that never clash with the catalogue, names and muscles read from
what the user typed, and the user's catalogue (the shipped one plus theirs) with its name index."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from core.catalogue import CUSTOM_PREFIX, UNKNOWN_CLASS, Catalogue, Exercise
from core.names import NameIndex, Resolution, key, name_index, osa_distance, word_keys

MAX_NAME = 40  # a name fits a reply line and a button
_MAX_SLUG = 24  # so an id stays short in a CSV cell and in button data
_MAX_SUGGESTIONS = 3
_FAR = 64  # a distance limit no name reaches: the exact distance is wanted
# Letters of any script, spaces and the punctuation app names use (`Zercher Carry (KB)`,
# `Farmer's Walk`, `T-Bar Row`). Digits would be read as loads and reps; commas split the
# command's name from its muscle.
_ALLOWED_MARKS = frozenset(" -'’()/&.")

# Muscle words a user may type after the name, to the catalogue's muscle ids.
_MUSCLE_WORDS = {
    "pec": "chest",
    "pecs": "chest",
    "quad": "quads",
    "quadriceps": "quads",
    "hams": "hamstrings",
    "hamstring": "hamstrings",
    "glute": "glutes",
    "bicep": "biceps",
    "tricep": "triceps",
    "lat": "lats",
    "trap": "traps",
    "forearm": "forearms",
    "ab": "abs",
    "abdominals": "abs",
    "core": "abs",
    "oblique": "obliques",
    "calf": "calves",
    "adductor": "adductors",
    "abductor": "abductors",
}
# Words that name a region with several muscles: the user is asked which one.
_REGIONS = {
    "shoulders": ("front_delts", "side_delts", "rear_delts"),
    "shoulder": ("front_delts", "side_delts", "rear_delts"),
    "delts": ("front_delts", "side_delts", "rear_delts"),
    "back": ("lats", "upper_back", "lower_back"),
    "legs": ("quads", "hamstrings", "glutes", "calves"),
    "arms": ("biceps", "triceps", "forearms"),
}


@dataclass(frozen=True, slots=True)
class CustomExercise:
    """An exercise a user made: `number` is its stored row, so a button can name it briefly."""

    id: str
    name: str
    muscle: str | None = None
    number: int = 0

    def as_exercise(self) -> Exercise:
        return Exercise(
            id=self.id,
            name=self.name,
            aliases=(),
            equipment="other",
            mechanics="",
            pattern="custom",
            primary_muscles=(self.muscle,) if self.muscle else (),
            secondary_muscles=(),
            failure_guidance=UNKNOWN_CLASS,  # summaries and stats count it under "custom"
            load_type="weight",
        )


@dataclass(frozen=True, slots=True)
class ExerciseAlias:
    """The name of an exercise the user merged into `exercise_id`: it still logs that one."""

    name: str
    exercise_id: str


def is_custom(exercise_id: str) -> bool:
    return exercise_id.startswith(CUSTOM_PREFIX)


def new_custom_id(name: str, taken: Collection[str] = ()) -> str:
    """`Zercher Carry` -> `custom_zercher_carry`; `_2`, `_3` … when the user has that id."""
    slug = re.sub(r"\W+", "_", name.casefold()).strip("_")[:_MAX_SLUG].rstrip("_") or "exercise"
    first = CUSTOM_PREFIX + slug
    if first not in taken:
        return first
    n = 2
    while f"{first}_{n}" in taken:
        n += 1
    return f"{first}_{n}"


def name_key(name: str) -> str:
    """What makes two names the same name (`Zercher-Carry` is `zercher carry`)."""
    return "".join(word_keys(name))


class NameProblem(StrEnum):
    EMPTY = "empty"
    TOO_LONG = "too_long"
    DIGITS = "digits"
    SIGNS = "signs"
    TOO_SHORT = "too_short"


def clean_name(text: str) -> str | NameProblem:
    """The name as it will be shown (spaces tidied), or why it can't be one."""
    name = " ".join(text.split()).strip(" -.")
    if not name:
        return NameProblem.EMPTY
    if len(name) > MAX_NAME:
        return NameProblem.TOO_LONG
    if any(c.isdigit() for c in name):
        return NameProblem.DIGITS
    if any(not (c.isalpha() or c in _ALLOWED_MARKS) for c in name):
        return NameProblem.SIGNS
    if len(name_key(name)) < 2:
        return NameProblem.TOO_SHORT
    if name == name.lower():  # typed in a hurry: shown like the catalogue's names
        name = " ".join(w[:1].upper() + w[1:] for w in name.split())
    return name


@dataclass(frozen=True, slots=True)
class MuscleQuestion:
    """The user named a region (`shoulders`): which of its muscles?"""

    name: str
    region: str
    choices: tuple[str, ...]


def muscle_of(word: str, muscles: Collection[str]) -> str | None:
    """A muscle id from a typed word (`Side delts`, `side_delts`, `pecs`), else None."""
    k = "_".join(word.casefold().replace("_", " ").split())
    if k in muscles:
        return k
    found = _MUSCLE_WORDS.get(k)
    return found if found in muscles else None


def split_muscle(text: str, muscles: Collection[str]) -> tuple[str, str | None] | MuscleQuestion:
    """`zercher carry quads` or `zercher carry, quads` -> (`zercher carry`, `quads`).

    The muscle is the part after a comma, or the last one or two words when they name a muscle;
    a region word (`shoulders`) at the end is asked about rather than made part of the name.
    """
    head, comma, tail = text.partition(",")
    if comma:
        muscle = muscle_of(tail, muscles)
        if muscle is None:
            region = tail.strip().casefold()
            if region in _REGIONS:
                return MuscleQuestion(head.strip(), region, _REGIONS[region])
            return head.strip(), None
        return head.strip(), muscle
    words = text.split()
    for size in (2, 1):
        if len(words) > size:
            muscle = muscle_of(" ".join(words[-size:]), muscles)
            if muscle is not None:
                return " ".join(words[:-size]), muscle
    if len(words) > 1 and words[-1].casefold() in _REGIONS:
        region = words[-1].casefold()
        return MuscleQuestion(" ".join(words[:-1]), region, _REGIONS[region])
    return text.strip(), None


def catalogue_muscles(catalogue: Catalogue) -> frozenset[str]:
    return frozenset(
        m for e in catalogue.exercises for m in (*e.primary_muscles, *e.secondary_muscles)
    )


def user_catalogue(
    shipped: Catalogue, own: Sequence[CustomExercise], aliases: Sequence[ExerciseAlias] = ()
) -> Catalogue:
    """The shipped catalogue plus the user's exercises, resolving names like the parser does;
    `aliases` (names merged away) resolve to the exercise they were merged into.

    Without exercises or aliases of their own a user shares the shipped catalogue object itself.
    """
    if not own and not aliases:
        return shipped
    named: dict[str, list[str]] = {}
    for a in aliases:
        named.setdefault(a.exercise_id, []).append(a.name)
    exercises = tuple(c.as_exercise() for c in own)
    catalogue = Catalogue(shipped.exercises + exercises, base=shipped)
    # The user's own layer: their exercises with the names merged into them, and for a shipped
    # exercise an entry holding only those names (the shipped layer keeps its own names).
    layer = [replace(e, aliases=(*e.aliases, *named.pop(e.id, ()))) for e in exercises]
    for exercise_id, names in named.items():
        target = shipped.get(exercise_id)
        if target is not None:  # an alias of an exercise no longer there resolves to nothing
            layer.append(replace(target, name=names[0], aliases=tuple(names[1:])))
    mine = Catalogue(tuple(layer))
    own_keys = frozenset(k for e in layer for k in _spelling_keys(e))
    catalogue.names = LayeredNameIndex(name_index(shipped), name_index(mine), catalogue, own_keys)
    return catalogue


def _spelling_keys(exercise: Exercise) -> Iterable[str]:
    for text in (exercise.id.replace("_", " "), exercise.name, *exercise.aliases):
        k = name_key(text)
        if k:
            yield k


def _plural(k: str, keys: Collection[str]) -> bool:
    """A plural of one of the keys (`-s`, `-es`), as NameIndex reads names after exact ones."""
    return (k.endswith("s") and k[:-1] in keys) or (k.endswith("es") and k[:-2] in keys)


def _exact(k: str, keys: Collection[str]) -> bool:
    return k in keys or _plural(k, keys)


def spelled_as(exercise: Exercise, text: str) -> bool:
    """Whether `text` is one of the exercise's names exactly (plural and case aside)."""
    return _exact(name_key(text), frozenset(_spelling_keys(exercise)))


class LayeredNameIndex(NameIndex):
    """The shipped index and a small index of the user's own names, asked in turn.

    Built in microseconds instead of the tens of milliseconds a full index of ~200 exercises
    takes, so every user can have one. Reads like one index over both: an exact name wins
    (the user's own first), then a unique typo; a typo that fits one of each asks (a tie).
    """

    __slots__ = ("_catalogue", "_own", "_own_keys", "_shipped")

    def __init__(
        self, shipped: NameIndex, own: NameIndex, catalogue: Catalogue, own_keys: frozenset[str]
    ) -> None:
        # NameIndex.__init__ is not called on purpose: it would index every exercise again.
        self._shipped = shipped
        self._own = own
        self._catalogue = catalogue
        self._own_keys = own_keys  # every spelling the own layer holds

    def resolve(self, text: str) -> Resolution:
        k = name_key(text)
        mine = self._own.resolve(text)
        shipped = self._shipped.resolve(text)
        # Exact names before plurals before typos, as one index over both would read them.
        if mine.exercise is not None and k in self._own_keys:
            return mine
        if shipped.exercise is not None and k in self._keys_of(shipped.exercise):
            return shipped
        if mine.exercise is not None and _plural(k, self._own_keys):
            return mine
        if shipped.exercise is not None and _plural(k, self._keys_of(shipped.exercise)):
            return shipped
        if mine.exercise is None and not mine.tie:
            return shipped
        # (Both layers may find the same exercise: a merged name's entry holds a shipped id.)
        if (shipped.exercise is None and not shipped.tie) or mine.exercise == shipped.exercise:
            return mine
        return Resolution(None, tie=True)  # a typo of one of each: ask

    def exact(self, text: str) -> str | None:
        """Exact names and their plurals only, never a typo (§11 N6.2), in the same order."""
        k = name_key(text)
        mine = self._own.exact(text)
        shipped = self._shipped.exact(text)
        if mine is not None and k in self._own_keys:
            return mine
        if shipped is not None and k in self._keys_of(shipped):
            return shipped
        return mine if mine is not None else shipped

    def _keys_of(self, exercise_id: str) -> frozenset[str]:
        exercise = self._catalogue.get(exercise_id)
        return frozenset(_spelling_keys(exercise)) if exercise is not None else frozenset()

    def suggest(self, text: str) -> tuple[str, ...]:
        """The nearest of both indexes' suggestions, the user's own first on equal distance."""
        k = key(text)
        ranked: list[tuple[int, int, str]] = []
        for layer, index in enumerate((self._own, self._shipped)):
            for exercise_id in index.suggest(text):
                exercise = self._catalogue.get(exercise_id)
                if exercise is None or any(r[2] == exercise_id for r in ranked):
                    continue
                d = min(osa_distance(k, s, _FAR) for s in _spelling_keys(exercise))
                ranked.append((d, layer, exercise_id))
        ranked.sort()
        return tuple(exercise_id for _, _, exercise_id in ranked[:_MAX_SUGGESTIONS])


__all__ = [
    "MAX_NAME",
    "CustomExercise",
    "ExerciseAlias",
    "LayeredNameIndex",
    "MuscleQuestion",
    "NameProblem",
    "catalogue_muscles",
    "clean_name",
    "is_custom",
    "muscle_of",
    "name_key",
    "new_custom_id",
    "spelled_as",
    "split_muscle",
    "user_catalogue",
]
