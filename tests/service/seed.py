"""Test data without the parser: users with a zone and sets stored through the logbook."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from core.model import Failure, SetEntry, Unit
from core.training.workouts import continuation
from service import users
from service.profile import set_timezone
from service.services import Services

_message_ids = iter(range(1, 10**9))


def entry(
    exercise: str,
    weight: float,
    reps: int | None,
    *,
    failure: bool = False,
    rir: float | None = None,
    warmup: bool = False,
    drop: bool = False,
    unit: Unit = Unit.KG,
    bodyweight: bool = False,
) -> SetEntry:
    return SetEntry(
        exercise=exercise,
        weight=Decimal(str(weight)),
        unit=unit,
        bodyweight=bodyweight,
        reps=reps,
        seconds=None,
        failure=Failure.CONCENTRIC if failure else None,
        rpe=None,
        rir=Decimal(str(rir)) if rir is not None else None,
        warmup=warmup,
        drop=drop,
        note=None,
        line=1,
    )


async def user(svc: Services, user_id: int, zone: str = "UTC", **fields: object) -> None:
    """A user as onboarding leaves them: created, with a zone (and any profile fields)."""
    async with svc.uow() as uow:
        await users.contact(uow, user_id, svc.clock())
        await uow.commit()
    if zone != "UTC":
        await set_timezone(svc, user_id, zone)
    if fields:
        async with svc.uow() as uow:
            await uow.users.update(user_id, svc.clock(), **fields)
            await uow.commit()


async def log(svc: Services, user_id: int, at: datetime, *entries: SetEntry) -> None:
    """One chat message's sets at `at` (seconds apart inside the message, like a real log)."""
    async with svc.uow() as uow:
        before, workouts = await uow.logbook.window(
            user_id, at - timedelta(hours=3), at + timedelta(microseconds=1)
        )
        _, workout = continuation(before, workouts[-1] if workouts else None, at)
        await uow.logbook.add_message(
            user_id=user_id,
            chat_id=user_id,
            message_id=next(_message_ids),
            text="seeded",
            at=at,
            entries=entries,
            workout_id=workout,
        )
        await uow.commit()


async def workout(
    svc: Services, user_id: int, at: datetime, *entries: SetEntry, gap: float = 3
) -> None:
    """Each entry as its own message, `gap` minutes apart."""
    for k, e in enumerate(entries):
        await log(svc, user_id, at + timedelta(minutes=gap * k), e)
