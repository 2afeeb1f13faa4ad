"""Schedule arithmetic: weekly slots, DST-safe next runs, catch-up, the weeks runs stand for."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from core.calendar import WEEK, as_utc, first_weekday, local_date, week_of, zone_info
from core.wording import schedule as wording

# DST policy (the one place it is decided; see next_run_at):
# - a slot time inside a spring-forward gap runs shifted forward by the gap length
#   (Berlin 02:30 -> 03:30 CEST), which is PEP 495's fold=0 reading of a missing time;
# - a slot time repeated by a fall-back runs once, at its first occurrence (fold=0).

DEFAULT_SUMMARY_WEEKDAY = 6
DEFAULT_SUMMARY_TIME = time(18, 0)
# rules.md §4: with summaries off, the deload reminder goes out at 18:00 on the week's last day.
REMINDER_TIME = time(18, 0)


@dataclass(frozen=True, slots=True)
class WeeklySlot:
    """A weekly wall-clock time in an IANA zone: weekday 0 = Monday .. 6 = Sunday."""

    weekday: int
    local_time: time
    zone: str

    def __post_init__(self) -> None:
        if not 0 <= self.weekday <= 6:
            raise ValueError(f"weekday must be 0 (Monday) to 6 (Sunday), got {self.weekday}")
        if self.local_time.tzinfo is not None:
            raise ValueError("local_time must be naive: the slot's zone says where it is read")
        zone_info(self.zone)
        # A repeated wall time always means its first occurrence, so fold is not slot data.
        object.__setattr__(self, "local_time", self.local_time.replace(fold=0))


@dataclass(frozen=True, slots=True)
class SlotError:
    """Why a typed slot was not understood; `message` is ready to show."""

    message: str


def default_summary_slot(zone: str) -> WeeklySlot:
    """Sunday 18:00 local, the default summary time."""
    return WeeklySlot(DEFAULT_SUMMARY_WEEKDAY, DEFAULT_SUMMARY_TIME, zone)


def reminder_slot(zone: str, week_start: str = "monday") -> WeeklySlot:
    """18:00 on the week's last day: the deload reminder's time when summaries are off."""
    return WeeklySlot((first_weekday(week_start) - 1) % 7, REMINDER_TIME, zone)


# --- runs -------------------------------------------------------------------------------------


def _occurrence(slot: WeeklySlot, day: date) -> datetime:
    return datetime.combine(day, slot.local_time, tzinfo=zone_info(slot.zone)).astimezone(UTC)


def _next(slot: WeeklySlot, after: datetime) -> tuple[date, datetime]:
    """The first slot date whose run is strictly after `after` (UTC), and that run."""
    # Start two days early: a gap shift (up to 24 h, Samoa 2011) can carry an earlier date's
    # run past `after`'s local midnight; earlier dates are then surely not after `after`.
    day = after.astimezone(zone_info(slot.zone)).date() - timedelta(days=2)
    day += timedelta(days=(slot.weekday - day.weekday()) % 7)
    while True:
        run = _occurrence(slot, day)
        if run > after:
            return day, run
        day += WEEK


def next_run_at(slot: WeeklySlot, after: datetime) -> datetime:
    """The next UTC instant strictly after `after` when the slot's zone shows its weekday and time.

    A time missing on a spring-forward day runs shifted forward by the gap; a time repeated on a
    fall-back day runs at its first occurrence only. Feeding a run back in gives the next week's.
    """
    return _next(slot, as_utc(after, "after"))[1]


def catch_up(
    slot: WeeklySlot, next_run_at_stored: datetime, now: datetime
) -> tuple[datetime | None, datetime]:
    """(the run to perform now, or None if not due yet; the next run strictly after now).

    However many weeks a late tick missed, it performs one run: the latest missed scheduled
    instant (never earlier than the stored one), so the summary covers the most recent week
    instead of a burst of stale ones. The run is the scheduled instant, not `now`, so the week
    it covers and its de-duplication period are those of the schedule.
    """
    stored = as_utc(next_run_at_stored, "next_run_at_stored")
    now = as_utc(now, "now")
    if stored > now:
        return None, stored
    day, following = _next(slot, now)
    latest = _occurrence(slot, day - WEEK)
    return max(latest, stored), following


# --- the weeks runs stand for ---------------------------------------------------------------


def summary_week_for(delivery_at: datetime, zone: str, week_start: str = "monday") -> date:
    """The week a scheduled summary covers (rules.md §5).

    The week containing the delivery, except on the week's first day: then the week just ended.
    """
    local = local_date(as_utc(delivery_at, "delivery_at"), zone)
    week = week_of(delivery_at, zone, week_start)
    return week - WEEK if local == week else week


def reminder_week_for(delivery_at: datetime, zone: str, week_start: str = "monday") -> date:
    """The week a deload reminder is about (rules.md §4).

    The week that starts next, or the current week when the delivery falls on its first day.
    """
    local = local_date(as_utc(delivery_at, "delivery_at"), zone)
    week = week_of(delivery_at, zone, week_start)
    return week if local == week else week + WEEK


# --- typed slots ------------------------------------------------------------------------------

_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_ALIASES = {"weds": 2}
_FILLER = frozenset({"at", "on", "every", "each"})
_NAMED_TIMES = {"noon": time(12, 0), "midnight": time(0, 0)}
_AMPM = re.compile(r"[ap]\.?m\.?")
_TIME = re.compile(
    r"(?P<hour>\d{1,2})(?:[:.h](?P<minute>\d{2}))?h?(?P<ampm>[ap]\.?m\.?)?|(?P<hhmm>\d{4})"
)


def _weekdays(word: str) -> list[int]:
    """The days `word` can name: one, several for an ambiguous prefix (`t`, `s`), or none."""
    word = word.rstrip(".")
    if word in _DAY_ALIASES:
        return [_DAY_ALIASES[word]]
    if word.endswith("s") and word[:-1] in _DAYS:  # "sundays"
        word = word[:-1]
    if not word.isalpha():
        return []
    return [i for i, day in enumerate(_DAYS) if day.startswith(word)]


def _time_of_day(word: str) -> time | None:
    if word in _NAMED_TIMES:
        return _NAMED_TIMES[word]
    match = _TIME.fullmatch(word)
    if match is None:
        return None
    if match["hhmm"]:
        hour, minute = int(match["hhmm"][:2]), int(match["hhmm"][2:])
    else:
        hour, minute = int(match["hour"]), int(match["minute"] or 0)
    if match["ampm"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match["ampm"][0] == "p" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _tokens(text: str) -> list[str]:
    words = text.lower().replace(",", " ").split()
    joined: list[str] = []
    for word in words:
        # "6 pm" is one time, written with a space.
        if joined and _AMPM.fullmatch(word) and joined[-1][-1:].isdigit():
            joined[-1] += word
        else:
            joined.append(word)
    return [word for word in joined if word not in _FILLER]


def parse_slot(text: str, zone: str) -> WeeklySlot | SlotError:
    """A weekly slot from what a user typed: `mon 07:30`, `sunday 18:00`, `Sun 6pm`, `fri 19`.

    Day and time may come in either order; days are English names or a prefix naming one day,
    times are 24-hour `H`, `H:MM`, `H.MM`, `HHMM`, or 12-hour with am/pm, or noon/midnight.
    """
    tokens = _tokens(text)
    if not tokens:
        return SlotError(wording.slot_empty())
    days: list[int] = []
    times: list[time] = []
    for token in tokens:
        named = _weekdays(token)
        at = None if named else _time_of_day(token)
        if len(named) > 1:
            return SlotError(wording.slot_ambiguous_day(token, tuple(named)))
        if named:
            days.append(named[0])
        elif at is not None:
            times.append(at)
        elif any(c.isdigit() for c in token):
            return SlotError(wording.slot_bad_time(token))
        elif not days:
            return SlotError(wording.slot_unknown_day(token))
        else:
            return SlotError(wording.slot_extra(token))
    if len(days) > 1 or len(times) > 1:
        return SlotError(wording.slot_too_many())
    if not days:
        return SlotError(wording.slot_missing_day())
    if not times:
        return SlotError(wording.slot_missing_time(days[0]))
    return WeeklySlot(days[0], times[0], zone)
