"""Log a new chat message: parse it, store its sets once, answer with what was understood."""

from __future__ import annotations

from core.logbook import as_records, workout_tally
from core.model import LoggedMessage, Profile, SetRecord
from core.parser import NotALog, ParsedSets, ParseError, parse_sets
from core.replies import Button, Reply, undo_button
from core.rules import RuleSettings, evaluate
from core.training.workouts import current_workout, workout_context
from core.wording import logging as words
from service import profile
from service.context import IncomingText, Services
from service.exercises import catalogue_for
from service.findings import for_reply, history_before, rule_settings
from storage.errors import DuplicateError
from storage.uow import UnitOfWork

# A reply to "which time zone?" is a place name, not a sentence.
MAX_ZONE_WORDS = 3


async def logged_reply(
    svc: Services,
    uow: UnitOfWork,
    message: LoggedMessage,
    user: Profile,
    *,
    corrected: bool = False,
    context: tuple[RuleSettings, list[SetRecord]] | None = None,
) -> Reply:
    """The confirmation, the workout tally and up to two findings, with Undo and Why? buttons.

    `context` is the rules settings and the window before the message, when the caller has
    them already.
    """
    if message.undone or not message.entries:
        return Reply(words.ALREADY_UNDONE)
    at = message.received_at
    if context is None:
        settings = rule_settings(user, at)
        history, _ = await history_before(svc, uow, user, settings, at, message.id)
    else:
        settings, history = context
    new = as_records(message.entries, at, message.id)
    catalogue = await catalogue_for(svc, uow, user)
    tally = workout_tally(current_workout(history, new), message.entries[-1].exercise)
    text = words.logged(message.entries, tally, catalogue, corrected=corrected)
    shown = for_reply(evaluate(settings, catalogue, history, new))
    text = words.with_findings(text, [(f.severity, f.message) for f in shown])
    buttons = [undo_button(message.id)]
    buttons += [
        Button(words.why_label(i, len(shown)), f"why:{f.rule}") for i, f in enumerate(shown, 1)
    ]
    return Reply(text, buttons=(tuple(buttons),))


async def log_text(svc: Services, msg: IncomingText) -> Reply:
    """Handle a new text message. Re-delivery of the same (chat, message) logs nothing new."""
    try:
        return await _log_text(svc, msg)
    except DuplicateError:
        # Already stored (a re-delivered update, or another worker won the race): answer
        # with what that message holds now.
        async with svc.uow() as uow:
            existing = await uow.logbook.find_message(msg.chat_id, msg.message_id)
            if existing is None or existing.user_id != msg.user_id:
                return Reply(words.NOT_YOURS)
            user = await uow.users.get_or_create(existing.user_id, svc.clock())
            return await logged_reply(svc, uow, existing, user)


async def _log_text(svc: Services, msg: IncomingText) -> Reply:
    now = svc.clock()
    async with svc.uow() as uow:
        user = await uow.users.get_or_create(msg.user_id, now, lock=True)
        catalogue = await catalogue_for(svc, uow, user)  # the user's own exercises resolve too
        # Most messages need no context: the history is read only for continuation lines.
        result = parse_sets(msg.text, user.unit, None, catalogue)
        if isinstance(result, NotALog):
            if user.awaiting == "timezone" and len(msg.text.split()) <= MAX_ZONE_WORDS:
                return await profile.apply_timezone(uow, msg.user_id, msg.text, now)
            await uow.commit()  # a first contact or an unblock is kept, no sets are
            return Reply(words.NOT_A_LOG)
        if isinstance(result, ParseError) and result.code != "no_exercise":
            await uow.commit()
            return Reply(result.message)
        settings = rule_settings(user, msg.sent_at)
        history, last_workout = await history_before(svc, uow, user, settings, msg.sent_at)
        last, workout_id = workout_context(history, last_workout, msg.sent_at)
        if isinstance(result, ParseError):
            result = parse_sets(msg.text, user.unit, last.exercise if last else None, catalogue)
        if not isinstance(result, ParsedSets):
            await uow.commit()
            return Reply(result.message if isinstance(result, ParseError) else words.NOT_A_LOG)
        stored = await uow.logbook.add_message(
            user_id=msg.user_id,
            chat_id=msg.chat_id,
            message_id=msg.message_id,
            text=msg.text,
            at=msg.sent_at,
            entries=result.sets,
            workout_id=workout_id,
        )
        reply = await logged_reply(svc, uow, stored, user, context=(settings, history))
        await uow.commit()
        svc.windows.appended(
            msg.user_id,
            user.sets_revision,
            as_records(result.sets, msg.sent_at, stored.id),
            workout_id or stored.id,
        )
        return reply
