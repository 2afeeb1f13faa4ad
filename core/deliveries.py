"""Delivery bookkeeping in pure terms: schedule kinds, the period a run stands for, retries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from core.calendar import week_period_key
from core.schedule import (
    WeeklySlot,
    default_summary_slot,
    next_run_at,
    reminder_slot,
    reminder_week_for,
    summary_week_for,
)

SUMMARY = "summary"
REMINDER = "reminder"
KINDS = (SUMMARY, REMINDER)

PENDING = "pending"  # reserved; being sent until next_attempt_at (the lease) passes
SENT = "sent"
FAILED = "failed"  # retried at next_attempt_at, or given up when that is NULL
BLOCKED = "blocked"
SKIPPED = "skipped"  # a reminder run with nothing to remind of

# A network failure is retried 1, 2, 4, ... 32 min later; after that the week's summary is
# stale enough that sending it late is worse than not sending it.
MAX_ATTEMPTS = 7
FIRST_RETRY = timedelta(minutes=1)
# A reserved delivery whose process died before recording the outcome is picked up again after
# this long; it must exceed one tick's sending time (the tick's batch cap guarantees that).
LEASE = timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class Schedule:
    """One stored weekly slot; `next_run_at` is None when nothing is scheduled (off, blocked)."""

    user_id: int
    kind: str
    slot: WeeklySlot
    enabled: bool
    next_run_at: datetime | None


@dataclass(frozen=True, slots=True)
class DueSchedule:
    """A claimed schedule row with the user's week start, which names its periods."""

    schedule: Schedule
    week_start: str


@dataclass(frozen=True, slots=True)
class NewDelivery:
    """A delivery to reserve: at most one per user, kind and period."""

    user_id: int
    kind: str
    period: str
    run_at: datetime


@dataclass(frozen=True, slots=True)
class Delivery:
    """A reserved delivery: what to build (kind, the run it stands for) and for whom."""

    id: int
    user_id: int
    kind: str
    period: str
    run_at: datetime
    attempts: int


def covered_week(kind: str, run_at: datetime, zone: str, week_start: str) -> date:
    """The local week a run reports on: the summary's week (§5) or the reminder's (§4)."""
    if kind == SUMMARY:
        return summary_week_for(run_at, zone, week_start)
    if kind == REMINDER:
        return reminder_week_for(run_at, zone, week_start)
    raise ValueError(f"unknown delivery kind {kind!r}")


def period_for(kind: str, run_at: datetime, zone: str, week_start: str) -> str:
    """The de-duplication key of a run: at most one delivery of a kind per user and period."""
    return week_period_key(covered_week(kind, run_at, zone, week_start), week_start)


def scheduled(
    user_id: int, kind: str, slot: WeeklySlot, *, enabled: bool, blocked: bool, now: datetime
) -> Schedule:
    """A slot as it is kept: its next run after `now`, or none while it is off or the user
    blocks the bot."""
    run = next_run_at(slot, now) if enabled and not blocked else None
    return Schedule(user_id, kind, slot, enabled, run)


def default_slot(kind: str, zone: str, week_start: str) -> WeeklySlot:
    return default_summary_slot(zone) if kind == SUMMARY else reminder_slot(zone, week_start)


def retry_at(attempts: int, now: datetime) -> datetime | None:
    """When to try again after `attempts` failed tries, or None to give up."""
    if attempts >= MAX_ATTEMPTS:
        return None
    delay: timedelta = FIRST_RETRY * (2 ** max(attempts - 1, 0))
    return now + delay
