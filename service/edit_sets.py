"""An edited chat message replaces exactly the sets, title and weigh-in that message produced."""

from __future__ import annotations

from datetime import datetime

from core.calendar import local_date
from core.model import LoggedMessage
from core.parser import NotALog, ParsedSets
from core.replies import Reply, undo_button
from core.wording import chat as words
from service.log_sets import logged_reply
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
    them and says so. None means: say nothing (an edit of a message undone before)."""
    result = reading.result
    if isinstance(result, NotALog):
        if existing.undone:
            return None
        return Reply(words.edit_not_a_log(), buttons=((undo_button(existing.id),),))
    if not isinstance(result, ParsedSets):
        if existing.undone:
            return Reply(result.message)
        return Reply(words.edit_error(result.message))
    stored = await uow.logbook.replace_sets(
        existing.id,
        text=text,
        entries=result.sets,
        edited_at=now,
        workout_id=reading.workout_id,
        title=result.title,
        weigh_in=result.bodyweight,
        day=local_date(existing.received_at, reading.user.timezone),
    )
    reply = await logged_reply(
        svc, uow, stored, reading.user, corrected=True, judged=(reading.settings, reading.history)
    )
    await uow.commit()
    return reply
