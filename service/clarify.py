"""One-tap answers to a message that did not log: its question with a button per reading,
close exercise, new exercise or last load, and the tap that logs exactly what its button said.

A message with buttons is stored without sets (its row keeps the text), so a button carries
only the row's id and a short key: `clr:LOG_ID:KEY`. A tap reads the row's text again, finds
the choice with that key among those it offers now, and logs it only for the row's owner and
only if it still reads as the button said; then the message reads one way and a second tap
finds nothing to log.
"""

from __future__ import annotations

from datetime import datetime

from core.clarify import (
    NEW,
    Choice,
    Context,
    LastLoad,
    NewExercise,
    choices,
    load_wanted,
    no_buttons,
    question,
    usual_load,
)
from core.model import LoggedMessage
from core.parser import ParsedSets, ParseError
from core.replies import Button, Reply
from core.rules import history_since
from core.wording import chat as chat_words
from core.wording import clarify as words
from service import users
from service.button_data import button_id
from service.exercises import Added, Refusal, add_exercise, with_new_exercise
from service.log_sets import logged_reply, replace_with
from service.reading import IncomingText, Reading, read
from service.reply_stats import last_session
from service.services import Services
from storage.uow import UnitOfWork

KIND = "clr"


async def _last_load(
    uow: UnitOfWork, reading: Reading, exercise: str, at: datetime
) -> LastLoad | None:
    """The usual load of the last session of `exercise` before the message at `at`."""
    until = history_since(at, reading.settings)
    found = await last_session(uow, reading.user, reading.history, exercise, until)
    return usual_load(found)


async def _offer(
    svc: Services, uow: UnitOfWork, reading: Reading, text: str, error: ParseError, at: datetime
) -> tuple[tuple[Choice, ...], LastLoad | None]:
    """The choices for `error` in `text`, read as `reading` was, and the load they filled in."""
    ctx = Context(reading.user.unit, reading.last_exercise, reading.catalogue)
    wanted = load_wanted(ctx, text, error)
    last_load = await _last_load(uow, reading, wanted, at) if wanted is not None else None
    new = None
    if error.code == "unknown_exercise" and error.name:
        catalogue = await with_new_exercise(svc, uow, reading.user, error.name)
        new = NewExercise(error.name, catalogue) if catalogue is not None else None
    return choices(ctx, text, error, last_load, new), last_load


async def ask(
    svc: Services,
    uow: UnitOfWork,
    reading: Reading,
    text: str,
    error: ParseError,
    at: datetime,
    log_id: int | None,
    *,
    kept: bool = False,
) -> Reply | None:
    """The question with its buttons, or None when there is nothing to tap. `log_id`: the row
    the buttons belong to (None: the caller stores one first and calls `buttons`)."""
    offered, last_load = await _offer(svc, uow, reading, text, error, at)
    if not offered:
        return None
    asked = Reply(question(text, error, offered, last_load, kept=kept))
    return asked if log_id is None else with_buttons(asked, offered, log_id)


def with_buttons(reply: Reply, offered: tuple[Choice, ...], log_id: int) -> Reply:
    rows = tuple((Button(c.label, f"{KIND}:{log_id}:{c.key}"),) for c in offered)
    return Reply(reply.text, buttons=rows)


async def ask_new(
    svc: Services, uow: UnitOfWork, msg: IncomingText, reading: Reading, error: ParseError
) -> Reply:
    """A new message that did not log: stored without sets (DuplicateError on a re-delivery,
    as for logged messages), so a tap can log it, an edit can correct it, and a /undo after it
    knows the last log is not the message it may mean."""
    offered, last_load = await _offer(svc, uow, reading, msg.text, error, msg.sent_at)
    stored = await uow.logbook.add_message(
        user_id=msg.user_id,
        chat_id=msg.chat_id,
        message_id=msg.message_id,
        text=msg.text,
        at=msg.sent_at,
        entries=(),
        workout_id=None,
    )
    await uow.commit()
    if not offered:
        return Reply(no_buttons(msg.text, error))
    return with_buttons(Reply(question(msg.text, error, offered, last_load)), offered, stored.id)


async def settle(
    svc: Services,
    uow: UnitOfWork,
    message: LoggedMessage,
    reading: Reading,
    text: str,
    now: datetime,
) -> Reply:
    """The message's text becomes `text`, read as `reading`: its sets are logged, or the next
    question is asked (the caller commits)."""
    result = reading.result
    if isinstance(result, ParsedSets):  # sets, a weigh-in, or both
        stored = await replace_with(uow, message, text, reading, result, now)
        corrected = bool(message.entries)
        judged = (reading.settings, reading.history)
        return await logged_reply(
            svc, uow, stored, reading.user, corrected=corrected, judged=judged
        )
    await uow.logbook.set_text(message.id, text)
    if isinstance(result, ParseError):
        at = message.received_at
        asked = await ask(svc, uow, reading, text, result, at, message.id)
        return asked if asked is not None else Reply(result.message)
    return Reply(words.GONE, alert=True)  # chat: a choice never reads as that


async def again(svc: Services, uow: UnitOfWork, message: LoggedMessage) -> Reply:
    """A message still waiting for a tap, delivered again: the same question."""
    user = await users.contact(uow, message.user_id, svc.clock())
    at = message.received_at
    reading = await read(svc, uow, user, message.text, at, message.id)
    result = reading.result
    if isinstance(result, ParseError):
        asked = await ask(svc, uow, reading, message.text, result, at, message.id)
        return asked if asked is not None else Reply(result.message)
    return Reply(words.GONE)


async def press(svc: Services, user_id: int, value: str) -> Reply:
    """A tap on `clr:LOG_ID:KEY`: only the message's owner, only a choice it offers now, and
    only if it still reads as its button said."""
    id_text, _, key = value.partition(":")
    log_id = button_id(id_text)
    if log_id is None or not key:
        return Reply(chat_words.OLD_BUTTON, alert=True)
    now = svc.clock()
    async with svc.uow() as uow:
        message = await uow.logbook.get_message(log_id)
        if message is None or message.user_id != user_id:
            return Reply(chat_words.NOT_YOUR_BUTTON, alert=True)
        user = await users.contact(uow, user_id, now, lock=True)
        at = message.received_at
        reading = await read(svc, uow, user, message.text, at, message.id)
        result = reading.result
        if not isinstance(result, ParseError):
            answered = message.entries and not message.undone
            return Reply(words.ANSWERED if answered else words.GONE, alert=True)
        offered, _ = await _offer(svc, uow, reading, message.text, result, at)
        choice = next((c for c in offered if c.key == key), None)
        if choice is None:
            return Reply(words.GONE, alert=True)
        made: Added | None = None
        if choice.kind == NEW and choice.name is not None:
            found = await add_exercise(uow, user, reading.catalogue, choice.name, None, now)
            if isinstance(found, Refusal) and found.existing is None:
                return found.reply
            made = found if isinstance(found, Added) else None
            user = await users.contact(uow, user_id, now)  # its exercises changed
        after = await read(svc, uow, user, choice.text, at, message.id)
        if after.result != choice.result:
            return Reply(words.GONE, alert=True)  # rolled back: nothing made, nothing logged
        reply = await settle(svc, uow, message, after, choice.text, now)
        await uow.commit()
    if made is not None:
        return Reply(f"{reply.text}\n\n{made.reply.text}", buttons=reply.buttons)
    return reply
