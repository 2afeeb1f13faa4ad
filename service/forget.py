"""/forget: delete everything stored about a user, after an explicit confirmation button."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from core.replies import Button, Reply
from core.wording import forget as words
from service.services import Services

KIND = "forget"  # forget:yes:ISSUED (seconds since the epoch) | forget:no
# A confirmation pressed long after it was asked is more likely a stray tap than a decision.
MAX_AGE = timedelta(minutes=30)


async def forget_command(svc: Services, user_id: int, _text: str = "") -> Reply:
    """Say what would be deleted and ask; nothing changes until the button is pressed."""
    now = svc.clock()
    async with svc.uow() as uow:
        created = await uow.users.created_at(user_id)
        if created is None:
            return Reply(words.ALREADY)
        sets = await uow.logbook.count_sets(user_id)
        weigh_ins = await uow.bodyweight.count(user_id)
    issued = int(now.timestamp())
    buttons = ((Button(words.YES, f"{KIND}:yes:{issued}"), Button(words.NO, f"{KIND}:no")),)
    return Reply(words.question(sets, weigh_ins), buttons=buttons)


async def press(svc: Services, user_id: int, value: str) -> Reply:
    """The buttons under the question: delete only the presser's own data, only once, and
    only for the account the question was about (not one made again since)."""
    answer, _, stamp = value.partition(":")
    if answer != "yes" or not stamp.isdigit():
        return Reply(words.CANCELLED)
    now = svc.clock()
    issued = datetime.fromtimestamp(int(stamp), UTC)
    if now - issued > MAX_AGE:
        return Reply(words.EXPIRED)
    async with svc.uow() as uow:
        created = await uow.users.created_at(user_id)
        if created is None or created > issued + timedelta(seconds=1):
            return Reply(words.ALREADY)
        await uow.inbox.forget_user(user_id)
        await uow.users.forget(user_id)
        await uow.commit()
    return Reply(words.DONE)
