"""Deload weeks: /deload (the plan, then a button), /deload now, next, off, every N."""

from __future__ import annotations

from datetime import date

from core.calendar import WEEK, week_of
from core.custom_exercises import user_catalogue
from core.deliveries import SUMMARY
from core.insights.window import DeloadSignal, WeekWindow
from core.model import Profile
from core.replies import Button, Reply
from core.rules import RuleSettings, SettingsError
from core.rules.settings import validate_deload_every_weeks
from core.wording import settings as words
from core.wording.summaries import reason
from service import users, weekly
from service.services import Services

KIND = "dl"  # dl:now, dl:next — the buttons under the plan
NOW, NEXT = "now", "next"


async def deload_command(svc: Services, user_id: int, args: str) -> Reply:
    now = svc.clock()
    parts = args.strip().lower().split()
    if not parts:
        return await _plan(svc, user_id)
    async with svc.uow() as uow:
        user = await users.contact(uow, user_id, now)
        this_week = week_of(now, user.timezone, user.week_start)
        next_week = this_week + WEEK
        if parts in ([NOW], [NEXT]):
            week = next_week if parts == [NEXT] else this_week
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


async def press(svc: Services, user_id: int, value: str) -> Reply | None:
    """A button under the plan: mark this week or next (None: no button of ours)."""
    if value not in (NOW, NEXT):
        return None
    return await deload_command(svc, user_id, value)


async def _plan(svc: Services, user_id: int) -> Reply:
    """What a deload week is, whether one is due, and a button to mark it: nothing changes
    until the lifter says so."""
    now = svc.clock()
    async with svc.uow() as uow:
        user = await users.contact(uow, user_id, now)
        await uow.commit()
    this_week = week_of(now, user.timezone, user.week_start)
    next_week = this_week + WEEK
    if this_week in user.deload_weeks:
        return Reply(words.deload_already(this_week))
    signal, cycle_week = await _due(svc, user, this_week)
    text = words.deload_plan(
        this_week,
        every=user.deload_every_weeks,
        cycle_week=cycle_week,
        why=signal,
        next_marked=next_week in user.deload_weeks,
    )
    buttons = [Button(words.MARK_THIS_WEEK, f"{KIND}:{NOW}")]
    if next_week not in user.deload_weeks:
        buttons.append(Button(words.MARK_NEXT_WEEK, f"{KIND}:{NEXT}"))
    return Reply(text, buttons=(tuple(buttons),))


async def _due(svc: Services, user: Profile, week: date) -> tuple[str | None, int]:
    """Why a deload fits this week (planned, or performance dropping), and the week of the
    cycle it is (0: no training yet), from the same window as the weekly summary."""
    request = weekly.Request(user.user_id, SUMMARY, run_at=svc.clock(), week=week)
    async with svc.uow() as uow:
        inputs = (await weekly.load(uow, [request])).get(user.user_id)
    if inputs is None:
        return None, 0
    ww = WeekWindow(inputs.window, RuleSettings.for_week(user, week))
    signal: DeloadSignal | None = ww.deload_signal(week)
    if signal is None:
        last = ww.last_working(week)
        signal = None if last is None else ww.suggested_at(last)
    catalogue = user_catalogue(svc.catalogue, inputs.own)
    why = None if signal is None else reason(signal, catalogue, user.deload_every_weeks)
    return why, ww.cycle_week(week)
