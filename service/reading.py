"""A text message read once: who sent it, the rules' view before it, and what it says."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core.catalogue import Catalogue
from core.model import Profile, SetRecord
from core.parser import ParseResult, parse_sets
from core.rules import RuleSettings
from core.training.workouts import continuation
from service.exercises import catalogue_for
from service.findings import history_before, rule_settings
from service.services import Services
from storage.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class IncomingText:
    """A chat message reduced to what the use cases need (from Telegram or the terminal)."""

    user_id: int
    chat_id: int
    message_id: int
    text: str
    sent_at: datetime
    first_name: str | None = None


@dataclass(frozen=True, slots=True)
class Reading:
    """A message read once, with what logging or correcting it needs."""

    user: Profile
    catalogue: Catalogue  # the user's: the shipped exercises and their own
    settings: RuleSettings  # the rules' view of the user at the message's time
    history: list[SetRecord]  # the rules window before the message
    workout_id: int | None  # the workout the message continues; None opens one
    result: ParseResult
    last_exercise: str | None = None  # what a line without a name continues


async def read(
    svc: Services,
    uow: UnitOfWork,
    user: Profile,
    text: str,
    at: datetime,
    log_id: int | None = None,
) -> Reading:
    """Parse `text` once, in the context of the workout it continues (a line without an
    exercise name means the exercise of the set before). `log_id`: the stored message an
    edit changes, whose own sets are never its history."""
    settings = rule_settings(user, at)
    history, last_workout = await history_before(svc, uow, user, settings, at, log_id)
    last, workout_id = continuation(history, last_workout, at)
    catalogue = await catalogue_for(svc, uow, user)  # the user's own exercises resolve too
    result = parse_sets(text, user.unit, last.exercise if last else None, catalogue)
    exercise = last.exercise if last else None
    return Reading(user, catalogue, settings, history, workout_id, result, exercise)
