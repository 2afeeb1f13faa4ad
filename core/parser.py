"""The message parser (notation.md): chat text in, sets or not-a-log or one friendly error out."""

from __future__ import annotations

from dataclasses import dataclass

from core.catalogue import Catalogue, load_catalogue
from core.model import SetEntry, Unit, WeighIn
from core.names import name_index
from core.notation.message import MessageFailure, NotLog, parse_message
from core.wording import parse_errors as say

__all__ = ["NotALog", "ParseError", "ParseResult", "ParsedSets", "WeighIn", "parse_sets"]


@dataclass(frozen=True, slots=True)
class ParsedSets:
    """A log message: its sets in message order, the workout's title and a weigh-in (§11 N1).

    A weigh-in alone is a ParsedSets with no sets.
    """

    sets: tuple[SetEntry, ...]
    title: str | None = None
    bodyweight: WeighIn | None = None


@dataclass(frozen=True, slots=True)
class NotALog:
    """Chat that is not a training log (greetings, questions, commands, rest timers)."""


@dataclass(frozen=True, slots=True)
class ParseError:
    """The first problem of a message (§8); nothing of the message is stored.

    `candidates` (§11 N1): for `ambiguous`, one line per reading that logs that reading alone when
    it replaces line `line` of the message; a `?` in one stands for a load still to be given.
    `name`: for `unknown_exercise`, the name as typed. `fill`: for `incomplete_set` without a
    load (N3.5), line `line` written with `@ ?` for it (the JSON keeps candidates empty there).
    """

    code: str
    line: int | None
    message: str
    suggestions: tuple[str, ...] = ()
    candidates: tuple[str, ...] = ()
    name: str | None = None
    fill: str | None = None


ParseResult = ParsedSets | NotALog | ParseError


def parse_sets(
    text: str,
    unit: Unit = Unit.KG,
    last_exercise: str | None = None,
    catalogue: Catalogue | None = None,
) -> ParseResult:
    """Parse one chat message; never raises."""
    try:
        cat = catalogue if catalogue is not None else load_catalogue()
        unit = unit if isinstance(unit, Unit) else Unit(unit)
        log = parse_message(text, unit, last_exercise, cat, name_index(cat))
    except NotLog:
        return NotALog()
    except MessageFailure as error:
        failure = error.failure
        return ParseError(
            failure.code,
            error.line,
            failure.message,
            failure.suggestions,
            failure.candidates,
            failure.name,
            failure.fill,
        )
    except Exception:  # a chat message must never crash the bot
        return ParseError("unexpected_text", None, say.internal_error(), ())
    return ParsedSets(tuple(log.sets), log.title, log.weigh_in)


def took_default_unit(
    text: str,
    parsed: ParsedSets,
    unit: Unit,
    last_exercise: str | None = None,
    catalogue: Catalogue | None = None,
) -> bool:
    """Whether a load of `parsed` (read with `unit` as the default) had no unit typed: read
    with the other unit as the default, that load changes unit."""
    again = parse_sets(text, unit.other, last_exercise, catalogue)
    if not isinstance(again, ParsedSets) or len(again.sets) != len(parsed.sets):
        return False
    return any(a.weight and a.unit != b.unit for a, b in zip(parsed.sets, again.sets, strict=True))
