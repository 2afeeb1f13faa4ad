"""Commands and buttons as use cases: one table serves Telegram and the terminal chat."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from core.replies import Reply
from service import (
    deload,
    exercises,
    exports,
    forget,
    imports,
    profile,
    rule_settings,
    summary,
    undo,
)
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
    "exercise": exercises.exercise_command,
    "exercises": exercises.list_command,
    "export": exports.export_command,
    "import": imports.import_command,
    "forget": forget.forget_command,
}


async def press(svc: Services, user_id: int, data: str) -> Reply | None:
    """A button's callback data -> the reply; None for data no version of us ever sent."""
    kind, _, value = data.partition(":")
    if kind == "undo" and value.isdigit():
        return await undo.undo_log(svc, user_id, int(value))
    if kind == "unit":
        return await profile.set_unit(svc, user_id, value, onboarding=True)
    if kind == "tz":
        return await profile.set_timezone(svc, user_id, value)
    if kind == "why":
        return why_reply(value)
    if kind == "sum":
        return await summary.change(svc, user_id, value)
    if kind == "imp":
        return await imports.press(svc, user_id, value)
    if kind == forget.KIND:
        return await forget.press(svc, user_id, value)
    return await exercises.press(svc, user_id, kind, value)
