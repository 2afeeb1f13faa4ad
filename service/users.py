"""A user writing to the bot: created with the defaults on first contact (and the default
summary schedule), unblocked when they write again after blocking it."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from core.model import Profile
from service import schedules
from storage.uow import UnitOfWork


async def contact(uow: UnitOfWork, user_id: int, now: datetime, *, lock: bool = False) -> Profile:
    """The profile of a user who just wrote; `lock` serialises the user's writers (logging)."""
    user = await uow.users.get(user_id, lock=lock)
    if user is None:
        created = await uow.users.create(Profile(user_id), now)
        user = await uow.users.get(user_id, lock=lock)
        assert user is not None
        if created:  # not when another instance created it a moment ago
            await schedules.start_default(uow, user, now)
    elif user.blocked and await uow.users.unblock(user_id):
        # Writing to the bot again means the block is over: scheduled messages resume.
        user = replace(user, blocked=False)
        await schedules.resume(uow, user, now)
    return user
