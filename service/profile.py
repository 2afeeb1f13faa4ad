"""Onboarding and settings: /start, unit, time zone, the settings overview."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from core.calendar import local_date
from core.model import DEFAULT_TIMEZONE, Profile, Unit
from core.replies import Button, Reply
from core.wording import chat as words
from core.wording.numbers import day
from core.wording.records import sets_text
from core.zones import COMMON_ZONES, TimezoneError, resolve_timezone
from service import exercises, schedules, users
from service.services import Services
from storage.uow import UnitOfWork

# A reply to "which time zone?" is a place name, not a sentence.
MAX_ZONE_WORDS = 3
UNIT_BUTTONS = ((Button("kg", "unit:kg"), Button("lb", "unit:lb")),)


def zone_buttons(zones: tuple[str, ...] = COMMON_ZONES) -> tuple[tuple[Button, ...], ...]:
    buttons = [Button(z.split("/")[-1].replace("_", " "), f"tz:{z}") for z in zones]
    return tuple(tuple(buttons[i : i + 3]) for i in range(0, len(buttons), 3))


async def start(svc: Services, user_id: int, first_name: str | None) -> Reply:
    """Onboarding for someone new; a returning lifter gets where they are (and the unit
    question when they logged straight away and never chose one)."""
    async with svc.uow() as uow:
        user = await users.contact(uow, user_id, svc.clock())
        last = await uow.logbook.last_set(user_id)
        catalogue = await exercises.catalogue_for(svc, uow, user)
        await uow.commit()
    if last is None:
        return Reply(words.welcome(first_name), buttons=UNIT_BUTTONS)
    today = local_date(svc.clock(), user.timezone)
    text = words.welcome_back(
        first_name,
        sets_text([last], catalogue, named=True),
        day(local_date(last.at, user.timezone), today),
        user.unit,
        user.timezone,
        ask_unit=not user.unit_chosen,
    )
    # Logged straight away, never asked: the setup's question now (its answer asks the zone).
    return Reply(text, buttons=() if user.unit_chosen else UNIT_BUTTONS)


def _parse_unit(text: str) -> Unit | None:
    word = text.strip().lower().rstrip("s")
    return {"kg": Unit.KG, "kilo": Unit.KG, "lb": Unit.LB, "pound": Unit.LB}.get(word)


async def set_unit(svc: Services, user_id: int, text: str, *, onboarding: bool = False) -> Reply:
    """`/units lb`, or the kg/lb button of /start (which then asks for the time zone, unless
    the button is an old one of someone who has logged since)."""
    unit = _parse_unit(text)
    if unit is None:
        return Reply(words.UNIT_USAGE, buttons=UNIT_BUTTONS)
    now = svc.clock()
    async with svc.uow() as uow:
        user = await users.contact(uow, user_id, now)
        logged = await uow.logbook.last_set(user_id) is not None
        if onboarding:  # the time zone comes next while it is still the default (not for an
            # old button of a lifter who has set up since)
            onboarding = (not user.unit_chosen or not logged) and user.timezone == DEFAULT_TIMEZONE
        await uow.users.update(
            user_id,
            now,
            unit=unit.value,
            unit_chosen_at=now,
            **({"awaiting": "timezone"} if onboarding else {}),
        )
        await uow.commit()
    # Sets logged before keep the unit they were stored in: say so when it is another.
    text = words.unit_set(unit, kept=user.unit if logged and user.unit is not unit else None)
    if onboarding:
        return Reply(f"{text}\n\n{words.ASK_TIMEZONE}", buttons=zone_buttons())
    return Reply(text)


def answers_zone_question(user: Profile, text: str) -> bool:
    """The user was asked for a time zone and this reads like the answer (a short place name,
    not a sentence; the caller has seen it is no log)."""
    return user.awaiting == "timezone" and len(text.split()) <= MAX_ZONE_WORDS


async def apply_timezone(uow: UnitOfWork, user: Profile, text: str, now: datetime) -> Reply:
    """Validate and store a zone inside the caller's unit of work (commits on success)."""
    zone = resolve_timezone(text)
    if isinstance(zone, TimezoneError):
        return Reply(zone.message, buttons=zone_buttons(zone.suggestions))
    await uow.users.update(user.user_id, now, timezone=zone, awaiting=None)
    await schedules.rezone(uow, replace(user, timezone=zone), now)
    first_time = await uow.logbook.last_set(user.user_id) is None
    await uow.commit()
    return Reply(words.timezone_set(zone, first_time=first_time))


async def set_timezone(svc: Services, user_id: int, text: str) -> Reply:
    if not text.strip():
        now = svc.clock()
        async with svc.uow() as uow:
            await users.contact(uow, user_id, now)
            await uow.users.update(user_id, now, awaiting="timezone")
            await uow.commit()
        return Reply(words.ASK_TIMEZONE, buttons=zone_buttons())
    now = svc.clock()
    async with svc.uow() as uow:
        user = await users.contact(uow, user_id, now)
        return await apply_timezone(uow, user, text, now)


async def show_settings(svc: Services, user_id: int) -> Reply:
    async with svc.uow() as uow:
        user = await users.contact(uow, user_id, svc.clock())
        await uow.commit()
    return Reply(words.settings_text(user.unit, user.timezone, user.deload_every_weeks))
