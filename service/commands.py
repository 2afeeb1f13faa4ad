"""Commands and buttons as use cases: one table serves Telegram and the terminal chat."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from core.replies import Reply
from core.wording import chat as words
from service import (
    deload,
    exercise_stats,
    exercises,
    exports,
    forget,
    imports,
    profile,
    rule_settings,
    stats,
    summary,
    undo,
)
from service.services import Services
from service.why import why_reply


@dataclass(frozen=True, slots=True)
class Command:
    """A /command as the use cases see it, from Telegram or the terminal."""

    user_id: int
    chat_id: int
    message_id: int  # the command's own message: /undo is idempotent on it
    args: str = ""  # the text after the command word
    first_name: str | None = None


UseCase = Callable[[Services, Command], Awaitable[Reply]]
# A command whose use case needs only the sender and the text after the command.
ArgsUseCase = Callable[[Services, int, str], Awaitable[Reply]]


def _with_args(use_case: ArgsUseCase) -> UseCase:
    async def run(svc: Services, command: Command) -> Reply:
        return await use_case(svc, command.user_id, command.args)

    return run


async def _start(svc: Services, command: Command) -> Reply:
    return await profile.start(svc, command.user_id, command.first_name)


async def _help(_svc: Services, _command: Command) -> Reply:
    return Reply(words.HELP)


async def _undo(svc: Services, command: Command) -> Reply:
    return await undo.undo_last(svc, command.user_id, command.chat_id, command.message_id)


async def _settings(svc: Services, user_id: int, _args: str) -> Reply:
    return await profile.show_settings(svc, user_id)


COMMANDS: dict[str, UseCase] = {
    "start": _start,
    "help": _help,
    "undo": _undo,
    "units": _with_args(profile.set_unit),
    "unit": _with_args(profile.set_unit),
    "timezone": _with_args(profile.set_timezone),
    "tz": _with_args(profile.set_timezone),
    "settings": _with_args(_settings),
    "deload": _with_args(deload.deload_command),
    "rules": _with_args(rule_settings.rules_command),
    "summary": _with_args(summary.change),
    "week": _with_args(summary.week),
    "stats": _with_args(stats.stats_command),
    "volume": _with_args(stats.volume_command),
    "failure": _with_args(stats.failure_command),
    "history": _with_args(exercise_stats.history_command),
    "prs": _with_args(exercise_stats.prs_command),
    "pr": _with_args(exercise_stats.prs_command),
    "records": _with_args(exercise_stats.prs_command),
    "chart": _with_args(exercise_stats.chart_command),
    "progress": _with_args(exercise_stats.chart_command),
    "exercise": _with_args(exercises.exercise_command),
    "exercises": _with_args(exercises.list_command),
    "export": _with_args(exports.export_command),
    "import": _with_args(imports.import_command),
    "forget": _with_args(forget.forget_command),
}


def unknown(word: str) -> Reply:
    """The answer to a command we do not have (`word` as typed, e.g. /stats)."""
    return Reply(words.unknown_command(word.split("@")[0]))


async def run(svc: Services, word: str, command: Command) -> Reply:
    """The reply to a command word as typed (`/units`, `/Units@Bot`)."""
    use_case = COMMANDS.get(word.lstrip("/").split("@")[0].lower())
    return unknown(word) if use_case is None else await use_case(svc, command)


# Ids in our buttons are database keys: ASCII digits within a signed 64-bit integer.
_ID = re.compile(r"[0-9]{1,19}")
MAX_ID = 2**63 - 1
MAX_DATA = 64  # bytes: Telegram's limit for the callback data of a button we send


def button_id(value: str) -> int | None:
    """The id in a button's data, or None when no button of ours could carry it.

    `str.isdigit` also accepts "²" or Arabic-Indic digits, which `int` refuses or reads as
    another number; and a 30-digit id overflows every integer column.
    """
    if not _ID.fullmatch(value):
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None


async def press(svc: Services, user_id: int, data: str) -> Reply:
    """A button's callback data -> the reply (data we never sent: an old button)."""
    if len(data.encode("utf-8", "surrogatepass")) > MAX_DATA:
        return Reply(words.OLD_BUTTON, alert=True)
    kind, _, value = data.partition(":")
    if kind == "undo":
        log_id = button_id(value)
        if log_id is None:
            return Reply(words.OLD_BUTTON, alert=True)
        return await undo.undo_log(svc, user_id, log_id)
    if kind == "unit":
        return await profile.set_unit(svc, user_id, value, onboarding=True)
    if kind == "tz":
        return await profile.set_timezone(svc, user_id, value)
    if kind == "why":
        return why_reply(value)
    if kind == "sum":
        return await summary.change(svc, user_id, value)
    if kind == "st":
        found = await exercise_stats.press(svc, user_id, value)
        if found is not None:
            return found
    if kind == "imp":
        return await imports.press(svc, user_id, value)
    if kind == deload.KIND:
        marked = await deload.press(svc, user_id, value)
        if marked is not None:
            return marked
    if kind == forget.KIND:
        return await forget.press(svc, user_id, value)
    own = await exercises.press(svc, user_id, kind, value)
    return own if own is not None else Reply(words.OLD_BUTTON, alert=True)
