"""A text message's one way through: read it once, then answer the onboarding question, log
its sets, or correct the sets an edit changed."""

from __future__ import annotations

from dataclasses import dataclass

from core.catalogue import Catalogue
from core.parser import NotALog, ParseError
from core.replies import Reply
from core.wording import chat as words
from service import clarify, edit_sets, log_sets, profile, questions, users
from service.reading import IncomingText, read
from service.services import Services
from storage.errors import DuplicateError
from storage.uow import UnitOfWork, driver_first


@dataclass(frozen=True, slots=True)
class _Chat:
    """A message that logs nothing and asks nothing of the parser: chat, or a question."""

    catalogue: Catalogue  # the user's, that the parser read it with


async def new_text(svc: Services, msg: IncomingText) -> Reply:
    """A new message. Re-delivery of the same (chat, message) logs nothing new."""
    reply = await _unlogged(svc, msg)
    if isinstance(reply, _Chat):
        # No log: maybe a question about the user's training (a log is never read as one),
        # its names read with the same catalogue as the parser's.
        return await questions.reply_to(svc, msg.user_id, msg.text, reply.catalogue)
    return reply


async def edited_text(svc: Services, msg: IncomingText) -> Reply | None:
    """An edited message: its sets become what it says now; an edit of a message that logged
    nothing may make it a log. None means: say nothing (an edit of plain chat)."""
    now = svc.clock()
    async with svc.uow() as uow:
        existing = await uow.logbook.find_message(msg.chat_id, msg.message_id)
        if existing is not None and existing.user_id != msg.user_id:
            return None  # another member's message in a group chat: never touch it
        if existing is not None:
            user = await users.contact(uow, msg.user_id, now, lock=True)
            at = existing.received_at
            reading = await read(svc, uow, user, msg.text, at, existing.id)
            return await edit_sets.replace_sets(svc, uow, existing, msg.text, reading, now)
    reply = await _unlogged(svc, msg)
    return None if isinstance(reply, _Chat) else reply


async def _unlogged(svc: Services, msg: IncomingText) -> Reply | _Chat:
    """A message without stored sets: the answer to the time-zone question, its logged sets,
    or why it does not parse; or no log at all (chat or a question)."""
    now = svc.clock()

    async def answer(uow: UnitOfWork) -> Reply | _Chat:
        user = await users.contact(uow, msg.user_id, now, lock=True)
        reading = await read(svc, uow, user, msg.text, msg.sent_at)
        result = reading.result
        if isinstance(result, NotALog):
            if profile.answers_zone_question(user, msg.text):
                return await profile.apply_timezone(uow, user, msg.text, now)
            await uow.commit()  # a first contact or an unblock is kept, no sets are
            return _Chat(reading.catalogue)
        if isinstance(result, ParseError):  # a question, with buttons where it has them
            return await clarify.ask_new(svc, uow, msg, reading, result)
        return await log_sets.log_sets(svc, uow, msg, reading, result)

    try:
        # A known user's sets, read against the cached window, need no more than the
        # prepared statements: those go straight to the driver (storage.driver_tx), read
        # without a transaction and stored by one statement at the commit (PostgreSQL).
        return await driver_first(svc.uow, answer, optimistic=True)
    except DuplicateError:
        return await _again(svc, msg)


async def _again(svc: Services, msg: IncomingText) -> Reply:
    """A message stored before (a re-delivered update, or another worker won the race): the
    answer to what it holds now, or its question again while it waits for a tap."""
    async with svc.uow() as uow:
        existing = await uow.logbook.find_message(msg.chat_id, msg.message_id)
        if existing is None or existing.user_id != msg.user_id:
            return Reply(words.NOT_YOURS)
        if not existing.undone and not existing.entries and existing.weigh_in is None:
            return await clarify.again(svc, uow, existing)
        user = await users.contact(uow, existing.user_id, svc.clock())
        return await log_sets.first_log_reply(svc, uow, existing, user)
