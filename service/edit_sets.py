"""An edited chat message replaces exactly the sets that message produced."""

from __future__ import annotations

from core.parser import NotALog, ParsedSets, parse_sets
from core.replies import Reply, undo_button
from core.training.workouts import workout_context
from core.wording import logging as words
from service.context import IncomingText, Services
from service.exercises import catalogue_for
from service.findings import history_before, rule_settings
from service.log_sets import log_text, logged_reply


async def edit_text(svc: Services, msg: IncomingText) -> Reply | None:
    """Re-read an edited message. None means: say nothing (an edit of plain chat)."""
    now = svc.clock()
    async with svc.uow() as uow:
        existing = await uow.logbook.find_message(msg.chat_id, msg.message_id)
        if existing is not None and existing.user_id != msg.user_id:
            return None  # another member's message in a group chat: never touch it
        if existing is not None:
            user = await uow.users.get_or_create(msg.user_id, now, lock=True)
            at = existing.received_at
            settings = rule_settings(user, at)
            history, last_workout = await history_before(svc, uow, user, settings, at, existing.id)
            last, workout_id = workout_context(history, last_workout, at)
            catalogue = await catalogue_for(svc, uow, user)
            result = parse_sets(msg.text, user.unit, last.exercise if last else None, catalogue)
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
                text=msg.text,
                entries=result.sets,
                edited_at=now,
                workout_id=workout_id,
            )
            reply = await logged_reply(
                svc, uow, stored, user, corrected=True, context=(settings, history)
            )
            await uow.commit()
            return reply
    # The original was no log (chat, or an error): the edit may make it one.
    reply = await log_text(svc, msg)
    return None if reply.text == words.NOT_A_LOG else reply
