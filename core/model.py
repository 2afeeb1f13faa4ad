"""Frozen dataclasses shared by every layer: one set's fields, parsed and stored sets, profiles."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any


class Unit(StrEnum):
    KG = "kg"
    LB = "lb"

    @property
    def other(self) -> Unit:
        """lb for kg, kg for lb."""
        return Unit.LB if self is Unit.KG else Unit.KG


class Failure(StrEnum):
    CONCENTRIC = "concentric"
    ECCENTRIC = "eccentric"
    ISOMETRIC = "isometric"
    TECHNICAL = "technical"


@dataclass(frozen=True, slots=True, kw_only=True)
class SetFields:
    """What every set is, written once: the exercise, the load, the count, the effort markers.

    SetEntry (what the parser read) and SetRecord (what is stored) add where the set came
    from; storage's columns and rows are derived from SET_FIELDS. Keyword construction only.
    """

    exercise: str
    weight: Decimal
    unit: Unit
    reps: int | None
    failure: Failure | None = None
    rpe: Decimal | None = None
    rir: Decimal | None = None
    warmup: bool = False
    bodyweight: bool = False
    seconds: int | None = None
    drop: bool = False
    note: str | None = None


SET_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(SetFields))


def set_fields(s: SetFields) -> dict[str, Any]:
    """The SET_FIELDS values of a set, by name (to build another shape of the same set)."""
    return {name: getattr(s, name) for name in SET_FIELDS}


@dataclass(frozen=True, slots=True, kw_only=True)
class SetEntry(SetFields):
    """One set as the parser read it from a message line (no time, no owner yet)."""

    line: int


@dataclass(frozen=True, slots=True)
class WeighIn:
    """A bodyweight entry as the parser read it from a message line (notation.md §11 N12)."""

    weight: Decimal
    unit: Unit
    note: str | None
    line: int


@dataclass(frozen=True, slots=True, kw_only=True)
class SetRecord(SetFields):
    """A set as stored and as the rules engine sees it: a SetEntry placed in time.

    `at` is timezone-aware; `seq` orders sets that share a time stamp (one message).
    """

    at: datetime
    seq: int = 0
    id: int | None = None


DEFAULT_TIMEZONE = "UTC"  # an account's zone until the lifter gives one


@dataclass(frozen=True, slots=True)
class Profile:
    """A user's settings that the core needs (unit, zone, deload cycle, rule switches)."""

    user_id: int
    unit: Unit = Unit.KG
    timezone: str = DEFAULT_TIMEZONE
    week_start: str = "monday"
    deload_every_weeks: int = 6
    rules_off: frozenset[str] = field(default_factory=frozenset)
    thresholds: tuple[tuple[str, float], ...] = ()
    deload_weeks: tuple[date, ...] = ()  # local week start dates marked as deload
    awaiting: str | None = None  # the question the bot is waiting on ("timezone")
    sets_revision: int = 0  # changes whenever the user's sets change
    logged_sets: bool = True  # False: no set was ever stored for the account (nothing to read)
    unit_chosen: bool = True  # False: the unit is the default, the lifter never chose one
    exercises_revision: int | None = None  # changes with their own exercises; None: never had
    blocked: bool = False  # the user blocked the bot (Telegram's 403) and has not written since


@dataclass(frozen=True, slots=True)
class LoggedMessage:
    """A chat message that logged sets or a weigh-in: its identity and what it holds now."""

    id: int
    user_id: int
    chat_id: int
    message_id: int
    text: str
    received_at: datetime
    undone: bool
    entries: tuple[SetEntry, ...]
    title: str | None = None  # the workout title it carried (notation.md §11 N7)
    weigh_in: WeighIn | None = None

    @property
    def holds_anything(self) -> bool:
        """It logged something that is still stored (undo has something to take back)."""
        return not self.undone and (bool(self.entries) or self.weigh_in is not None)


@dataclass(frozen=True, slots=True)
class BodyweightEntry:
    """A stored weigh-in: the user's local day it counts for, the weight as typed, when."""

    day: date
    weight: Decimal
    unit: Unit
    at: datetime
    note: str | None = None
