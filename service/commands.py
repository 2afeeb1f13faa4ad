"""Commands and buttons as use cases: one table serves Telegram and the terminal chat."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from core.model import Unit
from core.replies import Reply
from core.wording import chat as words
from core.wording import help as help_words
from service import (
    bodyweight,
    clarify,
    deload,
    edit_sets,
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
from service.button_data import MAX_DATA
from service.button_data import button_id as button_id  # re-exported: tests read ids with it
from service.services import Services
from service.why import why_reply

UNITS = {u.value: u for u in Unit}


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
    return help_reply()


async def _undo(svc: Services, command: Command) -> Reply:
    return await undo.undo_last(svc, command.user_id, command.chat_id, command.message_id)


async def _settings(svc: Services, user_id: int, _args: str) -> Reply:
    return await profile.show_settings(svc, user_id)


@dataclass(frozen=True, slots=True)
class Entry:
    """One command of the table: its word, other words for it, its /help group, whether
    Telegram's command menu lists it, and the use case."""

    name: str
    use_case: UseCase
    group: str
    aliases: tuple[str, ...] = ()
    menu: bool = True


# The one command table: Telegram's handlers and menu, the terminal chat and /help read it.
TABLE: tuple[Entry, ...] = (
    Entry("undo", _undo, help_words.LOGGING),
    Entry("exercise", _with_args(exercises.exercise_command), help_words.LOGGING),
    Entry("exercises", _with_args(exercises.list_command), help_words.LOGGING, menu=False),
    Entry("help", _help, help_words.LOGGING),
    Entry("stats", _with_args(stats.stats_command), help_words.STATS),
    Entry("history", _with_args(exercise_stats.history_command), help_words.STATS),
    Entry("prs", _with_args(exercise_stats.prs_command), help_words.STATS, ("pr", "records")),
    Entry("chart", _with_args(exercise_stats.chart_command), help_words.STATS, ("progress",)),
    Entry("bw", _with_args(bodyweight.bw_command), help_words.STATS, ("bodyweight",)),
    Entry("volume", _with_args(stats.volume_command), help_words.STATS),
    Entry("failure", _with_args(stats.failure_command), help_words.STATS),
    Entry("week", _with_args(summary.week), help_words.STATS),
    Entry("start", _start, help_words.SETTINGS),
    Entry("settings", _with_args(_settings), help_words.SETTINGS),
    Entry("units", _with_args(profile.set_unit), help_words.SETTINGS, ("unit",)),
    Entry("timezone", _with_args(profile.set_timezone), help_words.SETTINGS, ("tz",)),
    Entry("summary", _with_args(summary.change), help_words.SETTINGS),
    Entry("deload", _with_args(deload.deload_command), help_words.SETTINGS),
    Entry("rules", _with_args(rule_settings.rules_command), help_words.SETTINGS),
    Entry("export", _with_args(exports.export_command), help_words.DATA),
    Entry("import", _with_args(imports.import_command), help_words.DATA),
    Entry("forget", _with_args(forget.forget_command), help_words.DATA),
)

# Every word a command answers to (aliases too) -> its use case.
COMMANDS: dict[str, UseCase] = {
    word: entry.use_case for entry in TABLE for word in (entry.name, *entry.aliases)
}


def help_reply(extra: str | None = None) -> Reply:
    """/help from the table; `extra` adds a section of the chat's own (the terminal's
    controls), so a new command shows everywhere without touching this."""
    listed = [help_words.Listed(e.name, e.aliases, e.group) for e in TABLE]
    return Reply(help_words.help_text(listed, extra))


def menu() -> tuple[tuple[str, str], ...]:
    """Telegram's command menu (command, description), in the table's order."""
    return tuple((e.name, help_words.menu_description(e.name)) for e in TABLE if e.menu)


def unknown(word: str) -> Reply:
    """The answer to a command we do not have (`word` as typed, e.g. /stats)."""
    return Reply(words.unknown_command(word.split("@")[0]))


async def run(svc: Services, word: str, command: Command) -> Reply:
    """The reply to a command word as typed (`/units`, `/Units@Bot`)."""
    use_case = COMMANDS.get(word.lstrip("/").split("@")[0].lower())
    return unknown(word) if use_case is None else await use_case(svc, command)


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
        word, _, message = value.partition(":")
        if not message:  # /start's kg/lb
            return await profile.set_unit(svc, user_id, word, onboarding=True)
        log_id, unit = button_id(message), UNITS.get(word)
        if log_id is None or unit is None:
            return Reply(words.OLD_BUTTON, alert=True)
        return await edit_sets.read_again_in(svc, user_id, unit, log_id)
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
    if kind == clarify.KIND:
        return await clarify.press(svc, user_id, value)
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
