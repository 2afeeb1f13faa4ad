"""An edited chat message replaces exactly the sets, title and weigh-in that message produced."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from core.model import LoggedMessage, Unit
from core.parser import NotALog, ParsedSets
from core.replies import Reply, undo_button
from core.wording import chat as words
from service import clarify, users
from service.log_sets import logged_reply, replace_with
from service.reading import Reading, read
from service.services import Services
from storage.uow import UnitOfWork


async def replace_sets(
    svc: Services,
    uow: UnitOfWork,
    existing: LoggedMessage,
    text: str,
    reading: Reading,
    now: datetime,
) -> Reply | None:
    """The message's sets become what its new text says; an edit that no longer parses keeps
    them and says so (with buttons when it has two readings: a tap replaces them). A message
    still waiting for a tap logs its edit like a new message. None means: say nothing (an
    edit of a message undone before, or of one that never logged, into chat)."""
    result = reading.result
    waiting = not existing.entries and existing.weigh_in is None and not existing.undone
    if not isinstance(result, ParsedSets):
        # Its buttons answer what it says now, never what it said before the edit.
        await uow.logbook.set_text(existing.id, text)
    if isinstance(result, NotALog):
        await uow.commit()
        if existing.undone or waiting:
            return None
        return Reply(words.edit_not_a_log(), buttons=((undo_button(existing.id),),))
    if not isinstance(result, ParsedSets):
        kept = existing.holds_anything
        at = existing.received_at
        asked = await clarify.ask(svc, uow, reading, text, result, at, existing.id, kept=kept)
        await uow.commit()
        if asked is not None:
            return asked
        return Reply(words.edit_error(result.message) if kept else result.message)
    stored = await replace_with(uow, existing, text, reading, result, now)
    judged = (reading.settings, reading.history)
    corrected = not waiting
    reply = await logged_reply(svc, uow, stored, reading.user, corrected=corrected, judged=judged)
    await uow.commit()
    return reply


async def read_again_in(svc: Services, user_id: int, unit: Unit, log_id: int) -> Reply:
    """The button under a new lifter's first logged weights: `unit` becomes theirs, and that
    message's sets are read again with it (only its owner's, never one undone since)."""
    now = svc.clock()
    async with svc.uow() as uow:
        user = await users.contact(uow, user_id, now, lock=True)
        message = await uow.logbook.get_message(log_id)
        if message is None or message.user_id != user_id:
            return Reply(words.NOT_YOUR_BUTTON, alert=True)
        if message.undone:
            return Reply(words.ALREADY_UNDONE, alert=True)
        await uow.users.update(user_id, now, unit=unit.value, unit_chosen_at=now)
        user = replace(user, unit=unit)
        reading = await read(svc, uow, user, message.text, message.received_at, message.id)
        reply = await replace_sets(svc, uow, message, message.text, reading, now)
    corrected = reply.text if reply is not None else ""
    return replace(reply or Reply(""), text=f"{corrected}\n{words.unit_set(unit)}".strip())
