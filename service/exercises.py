"""Users' own exercises: each user's catalogue (cached per process, trusted while the user's
exercises revision is the one it was built at), /exercise add|rename|merge and their buttons."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from core.catalogue import Catalogue
from core.custom_exercises import (
    CustomExercise,
    MuscleQuestion,
    NameProblem,
    catalogue_muscles,
    clean_name,
    is_custom,
    muscle_of,
    name_key,
    new_custom_id,
    spelled_as,
    split_muscle,
    user_catalogue,
)
from core.model import Profile
from core.names import name_index
from core.replies import Button, Reply
from core.wording import exercises as words
from service import users
from service.button_data import MAX_DATA
from service.services import Services
from storage.uow import UnitOfWork

ADD = "exadd"  # exadd:MUSCLE:NAME — the answer to "which muscle?"
MERGE = "exm"  # exm:NUMBER:TARGET — the confirmed merge of one's exercise NUMBER into TARGET
CANCEL = "exx"

# `rename A to B`, `merge A into B`, `A -> B`, `A, B`: where the first name ends.
_BETWEEN = re.compile(r"\s+(?:to|into|as|->|=>|→|>)\s+|\s*[,;→=]\s*", re.IGNORECASE)


async def catalogue_for(svc: Services, uow: UnitOfWork, user: Profile) -> Catalogue:
    """The catalogue the user's messages are read with: the shipped one plus their own.

    A user who never made an exercise costs nothing; others two queries per change and process.
    """
    revision = user.exercises_revision
    if revision is None:
        return svc.catalogue
    cached = svc.catalogues.get(user.user_id, revision)
    if cached is None:
        own = await uow.exercises.of_user(user.user_id)
        aliases = await uow.exercises.aliases_of(user.user_id)
        cached = user_catalogue(svc.catalogue, own, aliases)
        svc.catalogues.put(user.user_id, revision, cached)
    return cached


async def catalogue_of(svc: Services, uow: UnitOfWork, user_id: int) -> Catalogue:
    """The user's catalogue by id (the shipped one for someone without an account)."""
    user = await uow.users.get(user_id)
    return svc.catalogue if user is None else await catalogue_for(svc, uow, user)


@dataclass(frozen=True, slots=True)
class Added:
    """An exercise of the user's own, made now (or, `muscle_only`, given a muscle now)."""

    exercise: CustomExercise
    close_to: str | None = None  # the exercise its name is one typo from
    muscle_only: bool = False

    @property
    def reply(self) -> Reply:
        if self.muscle_only:
            return Reply(words.muscle_set(self.exercise))
        return Reply(words.added(self.exercise, self.close_to))


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why an exercise was not made, said to the user."""

    reply: Reply
    existing: str | None = None  # the exercise of that name, when there is one


async def with_new_exercise(
    svc: Services, uow: UnitOfWork, user: Profile, name: str
) -> Catalogue | None:
    """The user's catalogue as it would be with `name` made theirs (what a message would read
    as after the tap that makes it), or None when `name` can't be an exercise's name."""
    cleaned = clean_name(name)
    if isinstance(cleaned, NameProblem):
        return None
    own = await uow.exercises.of_user(user.user_id) if user.exercises_revision is not None else []
    wanted = CustomExercise(new_custom_id(cleaned, {c.id for c in own}), cleaned)
    return user_catalogue(svc.catalogue, [*own, wanted])


async def create_custom_exercise(
    svc: Services, user_id: int, name: str, muscle: str | None = None
) -> Added | Refusal:
    """Make `name` one of the user's exercises (optionally counting for `muscle`).

    From then on it resolves for that user like catalogue names, typos too.
    """
    now = svc.clock()
    async with svc.uow() as uow:
        user = await users.contact(uow, user_id, now, lock=True)
        catalogue = await catalogue_for(svc, uow, user)
        made = await add_exercise(uow, user, catalogue, name, muscle, now)
        await uow.commit()
        return made


async def add_exercise(
    uow: UnitOfWork,
    user: Profile,
    catalogue: Catalogue,
    name: str,
    muscle: str | None,
    now: datetime,
) -> Added | Refusal:
    """The creation inside the caller's unit of work (the caller holds the user's lock)."""
    cleaned = clean_name(name)
    if isinstance(cleaned, NameProblem):
        return Refusal(Reply(words.bad_name(cleaned, name)))
    muscle_id = None
    if muscle is not None:
        muscles = catalogue_muscles(catalogue)
        muscle_id = muscle_of(muscle, muscles)
        if muscle_id is None:
            return Refusal(Reply(words.unknown_muscle(muscle, sorted(muscles))))
    index = name_index(catalogue)
    close_to = None
    known = index.resolve(cleaned).exercise
    if known is not None:
        exercise = catalogue.get(known)
        if exercise is not None and spelled_as(exercise, cleaned):
            if not is_custom(known):
                return Refusal(Reply(words.already_catalogue(cleaned, exercise.name)), known)
            if muscle_id is not None:
                own = await uow.exercises.of_user(user.user_id)
                mine = next(c for c in own if c.id == known)
                await uow.exercises.set_muscle(user.user_id, known, muscle_id)
                await uow.exercises.bump(user.user_id, now)
                return Added(replace(mine, muscle=muscle_id), muscle_only=True)
            return Refusal(Reply(words.already_yours(exercise.name)), known)
        close_to = catalogue.name_of(known)
    taken = {e.id for e in catalogue.exercises if is_custom(e.id)}
    wanted = CustomExercise(new_custom_id(cleaned, taken), cleaned, muscle_id)
    made = await uow.exercises.add(user.user_id, wanted, name_key(cleaned), now)
    if made is None:  # another instance made it a moment ago
        return Refusal(Reply(words.already_yours(cleaned)))
    await uow.exercises.bump(user.user_id, now)
    return Added(made, close_to)


# ---------------------------------------------------------------------------------- /exercise


async def exercise_command(svc: Services, user_id: int, text: str) -> Reply:
    """`/exercise` lists, `add NAME [muscle]`, `rename OLD to NEW`, `merge OLD into NEW`."""
    word, _, rest = text.strip().partition(" ")
    sub = word.lower()
    if sub in ("", "list", "ls", "show"):
        return await list_exercises(svc, user_id)
    if sub in ("add", "new", "create"):
        return await _add_command(svc, user_id, rest)
    if sub in ("rename", "mv"):
        return await _rename(svc, user_id, rest)
    if sub == "merge":
        return await _merge_question(svc, user_id, rest)
    return Reply(words.USAGE)


async def list_command(svc: Services, user_id: int, _text: str) -> Reply:
    return await list_exercises(svc, user_id)


async def list_exercises(svc: Services, user_id: int) -> Reply:
    async with svc.uow() as uow:
        await users.contact(uow, user_id, svc.clock())
        own = await uow.exercises.of_user(user_id)
        counts = await uow.exercises.set_counts(user_id, [c.id for c in own])
        await uow.commit()
    return Reply(words.listed(own, counts))


async def _add_command(svc: Services, user_id: int, text: str) -> Reply:
    split = split_muscle(text, catalogue_muscles(svc.catalogue))
    if isinstance(split, MuscleQuestion):
        return _muscle_question(split)
    name, muscle = split
    return (await create_custom_exercise(svc, user_id, name, muscle)).reply


def _muscle_question(question: MuscleQuestion) -> Reply:
    buttons = []
    for muscle in question.choices:
        data = f"{ADD}:{muscle}:{question.name}"
        if len(data.encode("utf-8")) <= MAX_DATA:
            buttons.append(Button(words.muscle_label(muscle), data))
    return Reply(words.which_muscle(question), buttons=(tuple(buttons),) if buttons else ())


def _pair(
    text: str, first_ok: Callable[[str], bool], second_ok: Callable[[str], bool]
) -> tuple[str, str] | None:
    """Two names from `A to B` (or `A, B`), or the one split of `A B` where both fit."""
    parts = _BETWEEN.split(text.strip(), maxsplit=1)
    if len(parts) == 2 and parts[0].strip() and parts[1].strip():
        return parts[0].strip(), parts[1].strip()
    words_ = text.split()
    fits = [
        (" ".join(words_[:i]), " ".join(words_[i:]))
        for i in range(1, len(words_))
        if first_ok(" ".join(words_[:i])) and second_ok(" ".join(words_[i:]))
    ]
    return fits[0] if len(fits) == 1 else None


def _own_of(catalogue: Catalogue, text: str) -> str | None:
    found = name_index(catalogue).resolve(text).exercise
    return found if found is not None and is_custom(found) else None


def _own_names(catalogue: Catalogue, text: str) -> list[str]:
    return [catalogue.name_of(x) for x in name_index(catalogue).suggest(text) if is_custom(x)] or [
        e.name for e in catalogue.exercises if is_custom(e.id)
    ][:3]


async def _rename(svc: Services, user_id: int, text: str) -> Reply:
    now = svc.clock()
    async with svc.uow() as uow:
        user = await users.contact(uow, user_id, now, lock=True)
        catalogue = await catalogue_for(svc, uow, user)
        pair = _pair(
            text,
            lambda a: _own_of(catalogue, a) is not None,
            lambda b: not isinstance(clean_name(b), NameProblem),
        )
        if pair is None:
            await uow.commit()
            return Reply(words.rename_usage())
        old_text, new_text = pair
        old = name_index(catalogue).resolve(old_text).exercise
        if old is None or not is_custom(old):
            await uow.commit()
            if old is not None:
                return Reply(words.catalogue_exercise(catalogue.name_of(old)))
            return Reply(words.not_yours(old_text, _own_names(catalogue, old_text)))
        new_name = clean_name(new_text)
        if isinstance(new_name, NameProblem):
            await uow.commit()
            return Reply(words.bad_name(new_name, new_text))
        other = name_index(catalogue).resolve(new_name).exercise
        if other is not None and other != old:
            exercise = catalogue.get(other)
            if exercise is not None and spelled_as(exercise, new_name):
                await uow.commit()
                return Reply(words.name_taken(new_name, exercise.name))
        old_name = catalogue.name_of(old)
        await uow.exercises.rename(user_id, old, new_name, name_key(new_name))
        await uow.exercises.bump(user_id, now)
        await uow.commit()
    return Reply(words.renamed(old_name, new_name))


async def _merge_question(svc: Services, user_id: int, text: str) -> Reply:
    now = svc.clock()
    async with svc.uow() as uow:
        user = await users.contact(uow, user_id, now)
        catalogue = await catalogue_for(svc, uow, user)
        index = name_index(catalogue)
        pair = _pair(
            text,
            lambda a: _own_of(catalogue, a) is not None,
            lambda b: index.resolve(b).exercise is not None,
        )
        if pair is None:
            await uow.commit()
            return Reply(words.merge_usage())
        old_text, new_text = pair
        old = index.resolve(old_text).exercise
        if old is None or not is_custom(old):
            await uow.commit()
            if old is not None:
                return Reply(words.catalogue_exercise(catalogue.name_of(old)))
            return Reply(words.not_yours(old_text, _own_names(catalogue, old_text)))
        target = index.resolve(new_text).exercise
        if target is None:
            await uow.commit()
            suggestions = [catalogue.name_of(x) for x in index.suggest(new_text)]
            return Reply(words.unknown_target(new_text, suggestions))
        if target == old:
            await uow.commit()
            return Reply(words.same_exercise(catalogue.name_of(old)))
        own = {c.id: c for c in await uow.exercises.of_user(user_id)}
        counts = await uow.exercises.set_counts(user_id, [old])
        await uow.commit()
    number = own[old].number
    target_ref = f"#{own[target].number}" if target in own else target
    buttons = (
        Button(words.MERGE_YES, f"{MERGE}:{number}:{target_ref}"),
        Button(words.CANCEL, CANCEL),
    )
    text = words.merge_question(
        catalogue.name_of(old), catalogue.name_of(target), counts.get(old, 0)
    )
    return Reply(text, buttons=(buttons,))


async def merge_confirmed(svc: Services, user_id: int, value: str) -> Reply:
    """The Merge button: only the user's own exercise, into one the user has, once."""
    number_text, _, target_ref = value.partition(":")
    if not number_text.isdigit() or not target_ref:
        return Reply(words.GONE, alert=True)
    now = svc.clock()
    async with svc.uow() as uow:
        user = await users.contact(uow, user_id, now, lock=True)
        catalogue = await catalogue_for(svc, uow, user)
        own = await uow.exercises.of_user(user_id)
        by_number = {c.number: c for c in own}
        old = by_number.get(int(number_text))
        if target_ref.startswith("#") and target_ref[1:].isdigit():
            mine = by_number.get(int(target_ref[1:]))
            target = mine.id if mine is not None else None
        else:
            target = target_ref if target_ref in catalogue and not is_custom(target_ref) else None
        if old is None or target is None or target == old.id:
            await uow.commit()
            return Reply(words.GONE)
        moved = await uow.exercises.move_sets(user_id, old.id, target)
        await uow.exercises.remove(user_id, old.id)
        # Its name stays the user's word for the exercise it went into.
        await uow.exercises.merge_names(user_id, old, target, name_key(old.name), now)
        await uow.exercises.bump(user_id, now)
        await uow.commit()
    return Reply(words.merged(old.name, catalogue.name_of(target), moved))


async def press(svc: Services, user_id: int, kind: str, value: str) -> Reply | None:
    """The buttons of this module; None for data that isn't one of them."""
    if kind == MERGE:
        return await merge_confirmed(svc, user_id, value)
    if kind == CANCEL:
        return Reply(words.CANCELLED)
    if kind == ADD:
        muscle, _, name = value.partition(":")
        return (await create_custom_exercise(svc, user_id, name, muscle or None)).reply
    return None
