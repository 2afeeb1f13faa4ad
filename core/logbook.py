"""Logbook arithmetic: a message's sets placed in time, and the workout tally a reply shows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from core.model import SetEntry, SetRecord, set_fields
from core.training.sets import failure_tally

# Orders sets that share a time stamp (Telegram dates have one-second resolution): by message,
# then by position in it. No message holds this many sets (4096 characters).
SEQ_PER_MESSAGE = 10_000


def sequence(log_message_id: int, position: int) -> int:
    return log_message_id * SEQ_PER_MESSAGE + position


def message_of(seq: int) -> int:
    """The stored message (log_messages id) a set's `seq` places it in."""
    return seq // SEQ_PER_MESSAGE


def as_records(entries: Sequence[SetEntry], at: datetime, log_id: int | None) -> list[SetRecord]:
    """A message's parsed sets placed at its time, in message order."""
    first = sequence(log_id, 0) if log_id is not None else 0
    return [
        SetRecord(at=at, seq=first + position, **set_fields(e))
        for position, e in enumerate(entries)
    ]


@dataclass(frozen=True, slots=True)
class Tally:
    """What a workout holds so far, for the line under a logged set."""

    working_sets: int
    failure_sets: int
    exercise_working_sets: int
    exercise_failure_sets: int


def workout_tally(workout_sets: Sequence[SetRecord], exercise: str) -> Tally:
    """Working and failure sets as rules.md counts them (a drop chain is one set)."""
    failures, working = failure_tally(workout_sets)
    mine = [s for s in workout_sets if s.exercise == exercise]
    mine_failures, mine_working = failure_tally(mine)
    return Tally(
        working_sets=working,
        failure_sets=failures,
        exercise_working_sets=mine_working,
        exercise_failure_sets=mine_failures,
    )
