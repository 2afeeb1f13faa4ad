"""Log a new chat message: parse it, store its sets once, answer with what was understood."""

from __future__ import annotations

from datetime import timedelta

from core.logbook import continues_workout, current_workout, workout_tally
from core.model import LoggedMessage, Profile, SetRecord
from core.parser import NotALog, ParsedSets, ParseError, parse_sets
from core.replies import Button, Reply, undo_button
from core.rules import evaluate, history_since
from core.wording import logging as words
from service import profile
from service.context import IncomingText, Services
from service.findings import as_records, for_reply, history_before, rule_settings
from storage.errors import DuplicateError
from storage.uow import UnitOfWork


async def logged_reply(
    svc: Services,
    uow: UnitOfWork,
    message: LoggedMessage,
    user: Profile,
    *,
    corrected: bool = False,
    history: list[SetRecord] | None = None,
) -> Reply:
    """The confirmation, the workout tally and up to two findings, with Undo and Why? buttons.

    `history` is the rules window before the message when the caller already loaded it.
    """
    if message.undone or not message.entries:
        return Reply(words.ALREADY_UNDONE)
    at = message.received_at
    settings = rule_settings(user, at)
    if history is None:
        history, _ = await history_before(uow, user, settings, at, message.id)
    new = as_records(message.entries, at, message.id)
    tally = workout_tally(current_workout(history, new), message.entries[-1].exercise)
    text = words.logged(message.entries, tally, svc.exercises, corrected=corrected)
    shown = for_reply(evaluate(settings, svc.exercises, history, new))
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
            assert existing is not None
            user = await uow.users.get_or_create(existing.user_id, svc.clock())
            return await logged_reply(svc, uow, existing, user)


async def _log_text(svc: Services, msg: IncomingText) -> Reply:
    now = svc.clock()
    async with svc.uow() as uow:
        user = await uow.users.get_or_create(msg.user_id, now, lock=True)
        # Most messages need no context: read the history only for continuation lines.
        result = parse_sets(msg.text, user.unit, None, svc.exercises)
        if isinstance(result, NotALog):
            if user.awaiting == "timezone":
                return await profile.apply_timezone(uow, msg.user_id, msg.text, now)
            return Reply(words.NOT_A_LOG)
        if isinstance(result, ParseError) and result.code != "no_exercise":
            return Reply(result.message)
        settings = rule_settings(user, msg.sent_at)
        since = history_since(msg.sent_at, settings)
        until = msg.sent_at + timedelta(microseconds=1)
        cached = svc.windows.get(msg.user_id, user.sets_revision, since, until)
        if cached is None:
            history, workout_id = await uow.logbook.window(msg.user_id, since, until)
            svc.windows.put(msg.user_id, user.sets_revision, since, until, history, workout_id)
        else:
            history, workout_id = cached
        last = history[-1] if history else None
        if last is None or not continues_workout(last.at, msg.sent_at):
            last = workout_id = None
        if isinstance(result, ParseError):
            result = parse_sets(msg.text, user.unit, last.exercise if last else None, svc.exercises)
        if not isinstance(result, ParsedSets):
            return (
                Reply(result.message) if isinstance(result, ParseError) else Reply(words.NOT_A_LOG)
            )
        log_id = await uow.logbook.add_message(
            user_id=msg.user_id,
            chat_id=msg.chat_id,
            message_id=msg.message_id,
            text=msg.text,
            at=msg.sent_at,
            entries=result.sets,
            workout_id=workout_id,
        )
        stored = LoggedMessage(
            id=log_id,
            user_id=msg.user_id,
            chat_id=msg.chat_id,
            message_id=msg.message_id,
            text=msg.text,
            received_at=msg.sent_at,
            undone=False,
            entries=result.sets,
        )
        reply = await logged_reply(svc, uow, stored, user, history=history)
        await uow.commit()
        svc.windows.appended(
            msg.user_id,
            user.sets_revision,
            as_records(result.sets, msg.sent_at, log_id),
            workout_id or log_id,
        )
        return reply
