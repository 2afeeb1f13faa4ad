"""Local days and weeks in IANA zones (rules.md §1): the one home of week arithmetic."""

from __future__ import annotations

from bisect import bisect_right
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

WEEK = timedelta(days=7)
WEEK_STARTS = ("monday", "sunday")

Zone = ZoneInfo | str  # a ZoneInfo, or an IANA name


def zone_info(zone: Zone) -> ZoneInfo:
    """The ZoneInfo for an IANA name; ValueError (not KeyError) when it does not exist."""
    if not isinstance(zone, str):
        return zone
    try:
        return ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {zone!r}") from exc


def first_weekday(week_start: str) -> int:
    """The weekday (0 = Monday) a week starting on `week_start` begins with."""
    if week_start not in WEEK_STARTS:
        raise ValueError(f"week_start must be one of {WEEK_STARTS}, got {week_start!r}")
    return 0 if week_start == "monday" else 6


def as_utc(moment: datetime, name: str = "instant") -> datetime:
    """The same instant in UTC; ValueError for a naive datetime (`name` says which argument)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")
    # Aware datetimes sharing a ZoneInfo compare by wall clock and ignore fold, so arithmetic
    # on instants happens in UTC.
    return moment.astimezone(UTC)


def local_date(at: datetime, zone: Zone) -> date:
    """The local calendar date of an instant in `zone`."""
    if at.utcoffset() is None:
        raise ValueError("instant must be timezone-aware")
    return at.astimezone(zone_info(zone)).date()


def week_of(at: datetime, zone: Zone, week_start: str = "monday") -> date:
    """The local week containing `at`'s local date, named by its local start date."""
    local = local_date(at, zone)
    return local - timedelta(days=(local.weekday() - first_weekday(week_start)) % 7)


def local_midnight(d: date, zone: Zone) -> datetime:
    """The first instant of a local day."""
    # fold=0 in a gap maps to the transition instant: the first instant of the local day.
    return datetime.combine(d, time(0), tzinfo=zone_info(zone))


def week_bounds(week: date, zone: Zone) -> tuple[datetime, datetime]:
    """[start, end) instants of a local week (DST-aware: a week may be 167 or 169 h long)."""
    return local_midnight(week, zone), local_midnight(week + WEEK, zone)


def add_weeks(week: date, n: int) -> date:
    return week + WEEK * n


def weeks_between(earlier: date, later: date) -> int:
    """Whole weeks from one week start to another (calendar dates, so DST does not matter)."""
    return (later - earlier).days // 7


def week_period_key(week: date, week_start: str = "monday") -> str:
    """The delivery period of a week given by its start date: `2026-W10` or `2026-03-01`.

    Monday weeks use the ISO week name; Sunday weeks have no standard name, so their start date.
    """
    if isinstance(week, datetime):
        raise TypeError("pass the week's local start date (week_of), not a datetime")
    if week.weekday() != first_weekday(week_start):
        raise ValueError(f"{week} is not the first day of a week starting on {week_start}")
    if week_start == "sunday":
        return week.isoformat()
    year, number, _ = week.isocalendar()
    return f"{year}-W{number:02d}"


class WeekGrid:
    """Consecutive local weeks with their start instants, to place sets by bisection."""

    __slots__ = ("starts", "weeks")

    def __init__(self, first: datetime, last: datetime, zone: Zone, week_start: str) -> None:
        w = week_of(first, zone, week_start)
        end = week_of(last, zone, week_start)
        weeks = [w]
        while weeks[-1] < end:
            weeks.append(weeks[-1] + WEEK)
        self.weeks: list[date] = weeks
        # In UTC: comparing against UTC set times then skips a zone lookup per comparison.
        self.starts: list[datetime] = [
            local_midnight(x, zone).astimezone(UTC) for x in [*weeks, weeks[-1] + WEEK]
        ]

    def index(self, at: datetime) -> int:
        """Grid index of the week containing `at` (clamped to the grid)."""
        k = bisect_right(self.starts, at) - 1
        return min(max(k, 0), len(self.weeks) - 1)

    def week(self, at: datetime) -> date:
        return self.weeks[self.index(at)]
