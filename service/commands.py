"""Commands and buttons as use cases: one table serves Telegram and the terminal chat."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

from core.replies import Reply
from core.wording import logging as words
from service import deload, profile, rule_settings, summary, undo
from service.context import Services
from service.why import why_reply

# A command with arguments: (services, sender, text after the command) -> reply.
ArgsUseCase = Callable[[Services, int, str], Awaitable[Reply]]


async def _settings(svc: Services, user_id: int, _args: str) -> Reply:
    return await profile.show_settings(svc, user_id)


ARGS_COMMANDS: dict[str, ArgsUseCase] = {
    "units": profile.set_unit,
    "unit": profile.set_unit,
    "timezone": profile.set_timezone,
    "tz": profile.set_timezone,
    "settings": _settings,
    "deload": deload.deload_command,
    "rules": rule_settings.rules_command,
    "summary": summary.change,
    "week": summary.week,
}


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
    """A button's callback data -> the reply (data we never sent: "no longer works")."""
    if len(data.encode("utf-8", "surrogatepass")) > MAX_DATA:
        return Reply(words.BUTTON_GONE, alert=True)
    kind, _, value = data.partition(":")
    if kind == "undo":
        log_id = button_id(value)
        if log_id is None:
            return Reply(words.BUTTON_GONE, alert=True)
        return await undo.undo_log(svc, user_id, log_id)
    if kind == "unit":
        return await profile.set_unit(svc, user_id, value, onboarding=True)
    if kind == "tz":
        return await profile.set_timezone(svc, user_id, value)
    if kind == "why":
        return why_reply(value)
    if kind == "sum":
        return await summary.change(svc, user_id, value)
    return Reply(words.BUTTON_GONE, alert=True)
