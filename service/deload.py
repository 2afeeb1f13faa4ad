"""Deload weeks: /deload, /deload next, /deload off, /deload every N."""

from __future__ import annotations

from core.calendar import WEEK, week_of
from core.replies import Reply
from core.rules import SettingsError
from core.rules.settings import validate_deload_every_weeks
from core.wording import settings as words
from service import users
from service.services import Services


async def deload_command(svc: Services, user_id: int, args: str) -> Reply:
    now = svc.clock()
    parts = args.strip().lower().split()
    async with svc.uow() as uow:
        user = await users.contact(uow, user_id, now)
        this_week = week_of(now, user.timezone, user.week_start)
        next_week = this_week + WEEK
        if not parts or parts == ["now"] or parts == ["next"]:
            week = next_week if parts == ["next"] else this_week
            if not await uow.users.set_deload_week(user_id, week, True):
                return Reply(words.deload_already(week))
            await uow.commit()
            return Reply(words.deload_started(week, next_week=week == next_week))
        if parts == ["off"]:
            ended = [w for w in (this_week, next_week) if w in user.deload_weeks]
            for week in ended:
                await uow.users.set_deload_week(user_id, week, False)
            await uow.commit()
            return Reply(words.deload_ended(ended))
        if len(parts) == 2 and parts[0] == "every":
            try:
                every = validate_deload_every_weeks(int(parts[1]) if parts[1].isdigit() else -1)
            except SettingsError:
                return Reply(words.deload_cycle_invalid())
            await uow.users.update(user_id, now, deload_every_weeks=every)
            await uow.commit()
            return Reply(words.deload_cycle(every))
        return Reply(words.DELOAD_USAGE)
