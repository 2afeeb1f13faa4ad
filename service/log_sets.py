"""Log a new chat message's sets (and title, and weigh-in) once and answer: what was understood,
the tally, findings, the weigh-in's change."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from core.calendar import local_date
from core.catalogue import Catalogue
from core.logbook import as_records, workout_tally
from core.model import LoggedMessage, Profile, SetRecord, Unit
from core.parser import ParsedSets, parse_sets, took_default_unit
from core.replies import Button, Reply, undo_button
from core.rules import RuleSettings, evaluate, history_since
from core.training.workouts import AT, current_workout
from core.wording import chat as words
from service import bodyweight
from service.exercises import catalogue_for
from service.findings import for_reply, history_before, rule_settings
from service.reading import IncomingText, Reading
from service.reply_stats import reply_lines
from service.services import Services
from service.windows import Window
from storage.uow import UnitOfWork


async def replace_with(
    uow: UnitOfWork,
    message: LoggedMessage,
    text: str,
    reading: Reading,
    result: ParsedSets,
    now: datetime,
) -> LoggedMessage:
    """A stored message now holds what `result` read from `text` (an edit, or a tap that
    answered its question): its sets, title and weigh-in, on the day it was first sent."""
    return await uow.logbook.replace_sets(
        message.id,
        text=text,
        entries=result.sets,
        edited_at=now,
        workout_id=reading.workout_id,
        title=result.title,
        weigh_in=result.bodyweight,
        day=local_date(message.received_at, reading.user.timezone),
    )


async def logged_reply(
    svc: Services,
    uow: UnitOfWork,
    message: LoggedMessage,
    user: Profile,
    *,
    corrected: bool = False,
    judged: tuple[RuleSettings, list[SetRecord]] | None = None,
    window: Window | None = None,
) -> Reply:
    """The confirmation, the workout tally, the last-time and PR lines and up to two
    findings, with Undo and Why? buttons.

    `judged` is the rules settings and the window before the message, when the caller has
    them already; `window`, the cached window they came from (its older history is kept).
    """
    if not message.holds_anything:
        return Reply(words.ALREADY_UNDONE)
    weighed = await bodyweight.weigh_in_line(svc, uow, user, message) if message.weigh_in else None
    if not message.entries:
        assert weighed is not None
        text = words.corrected(weighed) if corrected else weighed
        return Reply(text, buttons=((undo_button(message.id),),))
    at = message.received_at
    if judged is None:
        settings = rule_settings(user, at)
        history, _ = await history_before(svc, uow, user, settings, at, message.id)
    else:
        settings, history = judged
    new = as_records(message.entries, at, message.id)
    catalogue = await catalogue_for(svc, uow, user)
    tally = workout_tally(current_workout(history, new), message.entries[-1].exercise)
    text = words.logged(message.entries, tally, catalogue, corrected=corrected)
    if message.title:
        text = f"{words.title_line(message.title)}\n{text}"
    if weighed is not None:
        text = f"{weighed}\n{text}"
    # Older history: what the window does not hold (the cached window may reach further back
    # than this message needs; its own start is where its older history ends).
    # History is in time order (storage's canonical order), so that part is a tail.
    until = window.since if window is not None else history_since(at, settings)
    lines = await reply_lines(
        uow,
        user,
        catalogue,
        history[bisect_left(history, until, key=AT) :],
        new,
        until,
        window.older if window is not None else None,
    )
    text = "\n".join([text, *lines])
    shown = for_reply(evaluate(settings, catalogue, history, new))
    text = words.with_findings(text, [(f.severity, f.message) for f in shown])
    buttons = [undo_button(message.id)]
    buttons += [
        Button(words.why_label(i, len(shown)), f"why:{f.rule}") for i, f in enumerate(shown, 1)
    ]
    return Reply(text, buttons=(tuple(buttons),))


def _unit_unsaid(user: Profile, history: Sequence[SetRecord]) -> bool:
    """A lifter who has chosen no unit and may have no set kept before this log: none logged
    yet, or none in the rules window (every one undone? `_nothing_kept` asks the log)."""
    return not user.unit_chosen and (not user.logged_sets or not history)


async def _nothing_kept(uow: UnitOfWork, user: Profile, log_id: int) -> bool:
    """No set kept before this log (the offer went with the first; if that was undone, the
    next log makes it again). Asked of the database only when sets were ever logged."""
    return not user.logged_sets or not await uow.logbook.logged_before(user.user_id, log_id)


def _unit_taken(
    message: LoggedMessage, user: Profile, catalogue: Catalogue, parsed: ParsedSets | None = None
) -> bool:
    """Whether a load of the message took the user's unit because none was typed (`parsed`:
    the message as read for logging, when the caller has it)."""
    if parsed is None:
        read = parse_sets(message.text, user.unit, None, catalogue)
        if not isinstance(read, ParsedSets):
            return False
        parsed = read
    return took_default_unit(message.text, parsed, user.unit, None, catalogue)


async def first_log_reply(
    svc: Services, uow: UnitOfWork, message: LoggedMessage, user: Profile
) -> Reply:
    """The reply to a message delivered again: as the first time, the unit offer included
    when it was the account's first log."""
    reply = await logged_reply(svc, uow, message, user)
    if user.unit_chosen or not message.entries:
        return reply
    if not await _nothing_kept(uow, user, message.id):
        return reply
    catalogue = await catalogue_for(svc, uow, user)
    if _unit_taken(message, user, catalogue):
        reply = _offer_other_unit(reply, user.unit, message.id)
    return reply


def _offer_other_unit(reply: Reply, unit: Unit, log_id: int) -> Reply:
    """A new lifter's first weights had no unit: say which one was taken, with a button that
    reads the message again in the other (Strong and Hevy ask at sign-up; a chat need not)."""
    other = unit.other
    button = Button(words.first_log_unit_label(other), f"unit:{other.value}:{log_id}")
    return replace(
        reply,
        text=f"{reply.text}\n{words.first_log_unit(unit)}",
        buttons=(*reply.buttons, (button,)),
    )


async def log_sets(
    svc: Services, uow: UnitOfWork, msg: IncomingText, reading: Reading, parsed: ParsedSets
) -> Reply:
    """Store a new message's sets, title and weigh-in once (DuplicateError on a re-delivery),
    then answer."""
    user = reading.user
    stored = await uow.logbook.add_message(
        user_id=msg.user_id,
        chat_id=msg.chat_id,
        message_id=msg.message_id,
        text=msg.text,
        at=msg.sent_at,
        entries=parsed.sets,
        workout_id=reading.workout_id,
        title=parsed.title,
        weigh_in=parsed.bodyweight,
        day=local_date(msg.sent_at, user.timezone),
    )
    if not parsed.sets:  # a weigh-in alone: the sets and their cached window stay as they are
        reply = await logged_reply(svc, uow, stored, user)
        await uow.commit()
        return reply
    window = svc.windows.peek(msg.user_id, user.sets_revision)
    reply = await logged_reply(
        svc, uow, stored, user, judged=(reading.settings, reading.history), window=window
    )
    if (
        _unit_unsaid(user, reading.history)
        and _unit_taken(stored, user, reading.catalogue, parsed)
        and await _nothing_kept(uow, user, stored.id)
    ):
        reply = _offer_other_unit(reply, user.unit, stored.id)
    await uow.commit()
    svc.windows.appended(
        msg.user_id,
        user.sets_revision,
        as_records(parsed.sets, msg.sent_at, stored.id),
        reading.workout_id or stored.id,
    )
    return reply
