"""Undo: /undo removes what the last logged message stored (sets, weigh-in), a button exactly
its own message's."""

from __future__ import annotations

from core.catalogue import Catalogue
from core.model import LoggedMessage
from core.replies import Reply, undo_button
from core.wording import bodyweight as bw_words
from core.wording import chat as words
from service.exercises import catalogue_of
from service.services import Services


async def undo_last(svc: Services, user_id: int, chat_id: int, command_message_id: int) -> Reply:
    """Idempotent on the /undo message itself: a re-delivered /undo removes nothing more."""
    now = svc.clock()
    async with svc.uow() as uow:
        if await uow.logbook.find_undo(chat_id, command_message_id) is not None:
            return Reply(words.ALREADY_UNDONE)
        last = await uow.logbook.last_active_message(user_id, chat_id)
        if last is None or not last.holds_anything:
            return Reply(words.NOTHING_TO_UNDO)
        catalogue = await catalogue_of(svc, uow, user_id)
        newest = await uow.logbook.newest_message_text(user_id, chat_id)
        if newest is not None and newest[0] != last.id:
            # The message just before /undo did not log (a typo refused, a question left
            # open): the user may mean that one, so the older log goes only on a tap.
            shown = _undone(last, catalogue, removed=False)
            return Reply(words.undo_which(newest[1], shown), buttons=((undo_button(last.id),),))
        await uow.logbook.undo(last.id, user_id, now, command_message_id)
        await uow.commit()
        return Reply(_undone(last, catalogue))


async def undo_log(svc: Services, user_id: int, log_id: int) -> Reply:
    """The Undo button under a reply: only its owner, only its own message, even pressed late."""
    now = svc.clock()
    async with svc.uow() as uow:
        message = await uow.logbook.get_message(log_id)
        if message is None or message.user_id != user_id:
            return Reply(words.NOT_YOUR_BUTTON, alert=True)
        if not message.holds_anything:
            return Reply(words.ALREADY_UNDONE, alert=True)
        await uow.logbook.undo(message.id, user_id, now, None)
        catalogue = await catalogue_of(svc, uow, user_id)
        await uow.commit()
        return Reply(_undone(message, catalogue))


def _undone(message: LoggedMessage, catalogue: Catalogue, *, removed: bool = True) -> str:
    """What the message held, as removed (or, `removed=False`, as it would be)."""
    lines = [words.undone(message.entries, catalogue, removed=removed)] if message.entries else []
    if message.weigh_in is not None:
        lines.append(bw_words.undone(message.weigh_in, removed=removed))
    return "\n".join(lines)
