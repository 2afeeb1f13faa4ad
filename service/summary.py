"""/summary (show, change or stop the weekly summary) and /week, /week last on demand."""

from __future__ import annotations

from dataclasses import replace

from core.calendar import WEEK, week_of
from core.deliveries import REMINDER, SUMMARY, default_slot
from core.replies import Button, Reply
from core.schedule import SlotError, parse_slot, summary_week_for
from core.wording import summaries as words
from service import schedules, users
from service.services import Services
from service.weekly import Request, compose_async, load

OFF_WORDS = frozenset({"off", "stop", "none", "disable", "no"})
NOW_WORDS = frozenset({"now", "send"})
SLOT_BUTTONS = (
    (Button("Sun 18:00", "sum:sun 18:00"), Button("Mon 07:30", "sum:mon 07:30")),
    (Button("Fri 19:00", "sum:fri 19:00"), Button("Off", "sum:off")),
)


async def show(svc: Services, user_id: int) -> Reply:
    now = svc.clock()
    async with svc.uow() as uow:
        user = await users.contact(uow, user_id, now)
        schedules = {s.kind: s for s in await uow.schedules.for_user(user_id)}
        await uow.commit()
    summary = schedules.get(SUMMARY)
    if summary is None or not summary.enabled:
        reminder = default_slot(REMINDER, user.timezone, user.week_start)
        return Reply(
            words.schedule_off(reminder.weekday, reminder.local_time), buttons=SLOT_BUTTONS
        )
    slot = summary.slot
    text = words.schedule_status(slot.weekday, slot.local_time, slot.zone, summary.next_run_at)
    return Reply(text, buttons=SLOT_BUTTONS)


async def change(svc: Services, user_id: int, text: str) -> Reply:
    """`/summary mon 07:30`, `/summary off`, `/summary now`, or nothing (show the schedule)."""
    if not text.strip():
        return await show(svc, user_id)
    if text.strip().lower() in NOW_WORDS:
        return await send_now(svc, user_id)
    now = svc.clock()
    async with svc.uow() as uow:
        user = await users.contact(uow, user_id, now)
        reminder = default_slot(REMINDER, user.timezone, user.week_start)
        if text.strip().lower() in OFF_WORDS:
            current = default_slot(SUMMARY, user.timezone, user.week_start)
            for s in await uow.schedules.for_user(user_id):
                if s.kind == SUMMARY:
                    current = s.slot
            await schedules.set_slot(uow, user, SUMMARY, current, False, now)
            # §4: with summaries off the deload reminder goes out on its own.
            await schedules.set_slot(uow, user, REMINDER, reminder, True, now)
            await uow.commit()
            return Reply(words.schedule_off(reminder.weekday, reminder.local_time))
        slot = parse_slot(text, user.timezone)
        if isinstance(slot, SlotError):
            return Reply(slot.message, buttons=SLOT_BUTTONS)
        summary = await schedules.set_slot(uow, user, SUMMARY, slot, True, now)
        # The summary carries the reminder from now on.
        await schedules.set_slot(uow, user, REMINDER, reminder, False, now)
        await uow.commit()
    return Reply(
        words.schedule_status(slot.weekday, slot.local_time, slot.zone, summary.next_run_at)
    )


async def week(svc: Services, user_id: int, text: str = "") -> Reply:
    """The summary of the current week so far, or with `last` of the previous week."""
    which = text.strip().lower()
    if which not in ("", "this", "last", "previous", "prev"):
        return Reply(words.WEEK_USAGE)
    now = svc.clock()
    async with svc.uow() as uow:
        user = await users.contact(uow, user_id, now)
        await uow.commit()
    current = week_of(now, user.timezone, user.week_start)
    wanted = current - WEEK if which in ("last", "previous", "prev") else current
    return await _composed(svc, Request(user_id, SUMMARY, run_at=now, week=wanted))


async def send_now(svc: Services, user_id: int) -> Reply:
    """The weekly summary as the scheduler would send it at this moment: the same week (on
    the week's first day, the week just ended, and then a pointer to /week), text and chart.
    Nothing is recorded, so the scheduled one still goes out."""
    now = svc.clock()
    async with svc.uow() as uow:
        user = await users.contact(uow, user_id, now)
        await uow.commit()
    reply = await _composed(svc, Request(user_id, SUMMARY, run_at=now))
    if summary_week_for(now, user.timezone, user.week_start) != week_of(
        now, user.timezone, user.week_start
    ):
        # On the week's first day that is the week just ended: say where this week is.
        reply = replace(reply, text=f"{reply.text}\n\n{words.THIS_WEEK_POINTER}")
    return reply


async def _composed(svc: Services, request: Request) -> Reply:
    async with svc.uow() as uow:
        inputs = (await load(uow, [request]))[request.user_id]
    composed = await compose_async(request, inputs, svc.catalogue, svc.charts)
    assert composed.reply is not None  # a summary always has a message (a nudge at least)
    return composed.reply
