"""Weigh-ins: the ⚖️ line answering a message that held one, and /bw (the trend and its chart)."""

from __future__ import annotations

from core.calendar import local_date
from core.insights import charts
from core.insights.bodyweight import CHART_SPAN, trend
from core.model import LoggedMessage, Profile
from core.replies import Reply
from core.wording import bodyweight as words
from service import users
from service.services import Services
from storage.uow import UnitOfWork


async def weigh_in_line(
    svc: Services, uow: UnitOfWork, user: Profile, message: LoggedMessage
) -> str:
    """The answer to the message's weigh-in (stored already): the change since the last day
    before it, and the entry of the same day it replaces, if any."""
    weigh_in = message.weigh_in
    assert weigh_in is not None
    day = local_date(message.received_at, user.timezone)
    previous = await uow.bodyweight.before(user.user_id, day)
    same_day = await uow.bodyweight.day(user.user_id, day)
    earlier = [e for e in same_day if e.at < message.received_at]
    replaced = earlier[-1] if earlier else None
    today = local_date(svc.clock(), user.timezone)
    implied = weigh_in.unit is user.unit  # a unit other than the default was typed
    return words.weigh_in_line(weigh_in, previous, replaced, today, day, implied=implied)


async def bw_command(svc: Services, user_id: int, _text: str = "") -> Reply:
    """/bw: the latest weigh-in, its change over 7 and 30 days, the last weigh-ins, a chart."""
    now = svc.clock()
    async with svc.uow() as uow:
        user = await users.contact(uow, user_id, now)
        entries = await uow.bodyweight.days(user.user_id)
        await uow.commit()
    found = trend(entries)
    if found is None:
        return Reply(words.EMPTY)
    text = words.trend_text(found, user.unit, local_date(now, user.timezone))
    shown = [e for e in entries if e.day > found.latest.day - CHART_SPAN]
    # Off the event loop: drawing takes a CPU for a few hundred milliseconds.
    image = await svc.charts.draw(charts.bodyweight_png, shown, user.unit)
    return Reply(text, image=image)
