"""An edited chat message replaces exactly the sets, title and weigh-in that message produced."""

from __future__ import annotations

from datetime import datetime

from core.model import LoggedMessage
from core.parser import NotALog, ParsedSets
from core.replies import Reply, undo_button
from core.wording import chat as words
from service import clarify
from service.log_sets import logged_reply, replace_with
from service.reading import Reading
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
