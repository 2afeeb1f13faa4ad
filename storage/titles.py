"""Workout titles: a workout's title is the titles its messages carried (`Push day 🔥` above
the sets, an imported workout's name), in the order they were sent, each once."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.rows import LogMessageRow, SetRow

SEPARATOR = "; "  # as the parser joins a message's title lines (notation.md §11 N1)


async def of_workouts(
    session: AsyncSession, user_id: int, workout_ids: Collection[int]
) -> dict[int, str]:
    """The title of each workout that has one, by workout id."""
    if not workout_ids:
        return {}
    # Each message of those workouts once (its first set), through the workout index: no
    # user_id on set_records here, or a planner without fresh statistics may walk all of the
    # user's sets. A workout id is its first message's id: the user's own by construction,
    # and the join checks it again.
    rows = await session.execute(
        select(SetRow.workout_id, LogMessageRow.title)
        .join(LogMessageRow, LogMessageRow.id == SetRow.log_message_id)
        .where(
            SetRow.workout_id.in_(workout_ids),
            SetRow.position == 0,
            LogMessageRow.user_id == user_id,
            LogMessageRow.title.is_not(None),
        )
        .order_by(LogMessageRow.received_at, LogMessageRow.id)
    )
    found: dict[int, list[str]] = {}
    for workout_id, title in rows.all():
        titles = found.setdefault(workout_id, [])
        if title and title not in titles:
            titles.append(title)
    return {w: SEPARATOR.join(titles) for w, titles in found.items() if titles}


async def of_messages(
    session: AsyncSession, user_id: int, log_ids: Collection[int]
) -> dict[int, str]:
    """The title of the workout each of these messages belongs to, by message id."""
    if not log_ids:
        return {}
    rows = await session.execute(
        select(SetRow.log_message_id, SetRow.workout_id)
        .join(LogMessageRow, LogMessageRow.id == SetRow.log_message_id)
        .where(
            SetRow.log_message_id.in_(log_ids),
            SetRow.position == 0,
            LogMessageRow.user_id == user_id,
        )
    )
    workouts = dict(rows.all())
    titles = await of_workouts(session, user_id, set(workouts.values()))
    return {log: titles[w] for log, w in workouts.items() if w in titles}
