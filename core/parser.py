"""The message parser (notation.md): chat text in, sets or not-a-log or one friendly error out."""

from __future__ import annotations

from dataclasses import dataclass

from core.catalogue import Catalogue, load_catalogue
from core.model import SetEntry, Unit
from core.names import name_index
from core.notation.message import MessageFailure, NotLog, parse_message
from core.wording import parse_errors as say

__all__ = ["NotALog", "ParseError", "ParseResult", "ParsedSets", "parse_sets"]


@dataclass(frozen=True, slots=True)
class ParsedSets:
    """The sets of a log message, in message order."""

    sets: tuple[SetEntry, ...]


@dataclass(frozen=True, slots=True)
class NotALog:
    """Chat that is not a training log (greetings, questions, commands)."""


@dataclass(frozen=True, slots=True)
class ParseError:
    """The first problem of a message (§8); nothing of the message is stored."""

    code: str
    line: int | None
    message: str
    suggestions: tuple[str, ...] = ()


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
        sets = parse_message(text, Unit(unit), last_exercise, cat, name_index(cat))
    except NotLog:
        return NotALog()
    except MessageFailure as error:
        failure = error.failure
        return ParseError(failure.code, error.line, failure.message, failure.suggestions)
    except Exception:  # a chat message must never crash the bot
        return ParseError("unexpected_text", None, say.internal_error(), ())
    return ParsedSets(tuple(sets))
