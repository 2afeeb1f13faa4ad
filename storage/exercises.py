"""Queries on users' own exercises, and moving sets from one exercise to another (a merge)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.custom_exercises import CustomExercise, ExerciseAlias
from storage.convert import first_revision
from storage.db import upsert_for
from storage.rows import CustomExerciseRow, ExerciseAliasRow, SetRow, UserRow


def _custom(row: CustomExerciseRow) -> CustomExercise:
    return CustomExercise(id=row.exercise_id, name=row.name, muscle=row.muscle, number=row.id)


class CustomExercises:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def of_user(self, user_id: int) -> list[CustomExercise]:
        rows = await self._s.scalars(
            select(CustomExerciseRow)
            .where(CustomExerciseRow.user_id == user_id)
            .order_by(CustomExerciseRow.id)
        )
        return [_custom(r) for r in rows]

    async def of_users(self, user_ids: Sequence[int]) -> dict[int, list[CustomExercise]]:
        found: dict[int, list[CustomExercise]] = {}
        if not user_ids:
            return found
        rows = await self._s.scalars(
            select(CustomExerciseRow)
            .where(CustomExerciseRow.user_id.in_(user_ids))
            .order_by(CustomExerciseRow.user_id, CustomExerciseRow.id)
        )
        for r in rows:
            found.setdefault(r.user_id, []).append(_custom(r))
        return found

    async def add(
        self, user_id: int, exercise: CustomExercise, name_key: str, now: datetime
    ) -> CustomExercise | None:
        """Store a new exercise; None when the user has that id or name already."""
        number = await self._s.scalar(
            upsert_for(self._s)(CustomExerciseRow)
            .values(
                user_id=user_id,
                exercise_id=exercise.id,
                name=exercise.name,
                name_key=name_key,
                muscle=exercise.muscle,
                created_at=now,
            )
            .on_conflict_do_nothing()
            .returning(CustomExerciseRow.id)
        )
        if number is None:
            return None
        return CustomExercise(exercise.id, exercise.name, exercise.muscle, number)

    async def rename(self, user_id: int, exercise_id: str, name: str, name_key: str) -> None:
        await self._s.execute(
            update(CustomExerciseRow)
            .where(
                CustomExerciseRow.user_id == user_id, CustomExerciseRow.exercise_id == exercise_id
            )
            .values(name=name, name_key=name_key)
        )

    async def set_muscle(self, user_id: int, exercise_id: str, muscle: str) -> None:
        await self._s.execute(
            update(CustomExerciseRow)
            .where(
                CustomExerciseRow.user_id == user_id, CustomExerciseRow.exercise_id == exercise_id
            )
            .values(muscle=muscle)
        )

    async def remove(self, user_id: int, exercise_id: str) -> None:
        row = await self._s.scalar(
            select(CustomExerciseRow).where(
                CustomExerciseRow.user_id == user_id, CustomExerciseRow.exercise_id == exercise_id
            )
        )
        if row is not None:
            await self._s.delete(row)

    async def aliases_of(self, user_id: int) -> list[ExerciseAlias]:
        rows = await self._s.scalars(
            select(ExerciseAliasRow)
            .where(ExerciseAliasRow.user_id == user_id)
            .order_by(ExerciseAliasRow.id)
        )
        return [ExerciseAlias(r.name, r.exercise_id) for r in rows]

    async def merge_names(
        self, user_id: int, old: CustomExercise, new: str, name_key: str, now: datetime
    ) -> None:
        """After a merge of `old` into `new`: old's name, and the names merged into old
        before, resolve to `new` from now on."""
        await self._s.execute(
            update(ExerciseAliasRow)
            .where(ExerciseAliasRow.user_id == user_id, ExerciseAliasRow.exercise_id == old.id)
            .values(exercise_id=new)
        )
        statement = upsert_for(self._s)(ExerciseAliasRow).values(
            user_id=user_id, name=old.name, name_key=name_key, exercise_id=new, created_at=now
        )
        await self._s.execute(
            statement.on_conflict_do_update(
                index_elements=["user_id", "name_key"],
                set_={"name": old.name, "exercise_id": new},
            )
        )

    async def set_counts(self, user_id: int, exercise_ids: Sequence[str]) -> dict[str, int]:
        """How many sets the user logged of each of these exercises."""
        if not exercise_ids:
            return {}
        rows = await self._s.execute(
            select(SetRow.exercise, func.count())
            .where(SetRow.user_id == user_id, SetRow.exercise.in_(exercise_ids))
            .group_by(SetRow.exercise)
        )
        return {exercise: count for exercise, count in rows}

    async def move_sets(self, user_id: int, old: str, new: str) -> int:
        """Every set of `old` becomes a set of `new` (nothing else about them changes)."""
        result = await self._s.execute(
            update(SetRow)
            .where(SetRow.user_id == user_id, SetRow.exercise == old)
            .values(exercise=new)
        )
        # Like every change to a user's sets: cached windows of them are stale now.
        await self._s.execute(
            update(UserRow)
            .where(UserRow.id == user_id)
            .values(sets_revision=UserRow.sets_revision + 1)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def bump(self, user_id: int, now: datetime) -> None:
        """A new exercises revision. A user who never had one starts from a time stamp, so an
        account made again after /forget never repeats an old revision."""
        seed = first_revision(now)
        await self._s.execute(
            update(UserRow)
            .where(UserRow.id == user_id)
            .values(exercises_revision=func.coalesce(UserRow.exercises_revision, seed) + 1)
        )
