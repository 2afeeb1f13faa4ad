"""Time ranges of questions: a symbolic period and its half-open range of local dates."""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from core.calendar import add_weeks, local_midnight, week_of

__all__ = ["MAX_COUNT", "DateRange", "Period", "PeriodKind", "resolve_period"]

_UTC = ZoneInfo("UTC")
_DAY = timedelta(days=1)
FIRST_YEAR, LAST_YEAR = 1900, 2200
MAX_COUNT = {"last_days": 36_500, "last_weeks": 5_200, "last_months": 1_200, "days_ago": 36_500}


class PeriodKind(StrEnum):
    TODAY = "today"
    YESTERDAY = "yesterday"
    DAYS_AGO = "days_ago"  # value: N (`3 days ago`, `the day before yesterday` = 2)
    ON_DATE = "on_date"  # value: day of month; month and year explicit or None (`on the 12th`)
    THIS_WEEK = "this_week"
    LAST_WEEK = "last_week"
    THIS_MONTH = "this_month"
    LAST_MONTH = "last_month"
    THIS_YEAR = "this_year"
    LAST_YEAR = "last_year"
    ON_WEEKDAY = "on_weekday"  # value: 0 = Monday … 6 = Sunday
    SINCE_WEEKDAY = "since_weekday"
    IN_MONTH = "in_month"  # value: 1 … 12, year: explicit or None
    SINCE_MONTH = "since_month"
    IN_YEAR = "in_year"  # value: the year
    LAST_DAYS = "last_days"  # value: N, a rolling window ending today
    LAST_WEEKS = "last_weeks"
    LAST_MONTHS = "last_months"
    ALL_TIME = "all_time"


_WITH_VALUE = {
    PeriodKind.DAYS_AGO: (1, MAX_COUNT["days_ago"]),
    PeriodKind.ON_DATE: (1, 31),
    PeriodKind.ON_WEEKDAY: (0, 6),
    PeriodKind.SINCE_WEEKDAY: (0, 6),
    PeriodKind.IN_MONTH: (1, 12),
    PeriodKind.SINCE_MONTH: (1, 12),
    PeriodKind.IN_YEAR: (FIRST_YEAR, LAST_YEAR),
    PeriodKind.LAST_DAYS: (1, MAX_COUNT["last_days"]),
    PeriodKind.LAST_WEEKS: (1, MAX_COUNT["last_weeks"]),
    PeriodKind.LAST_MONTHS: (1, MAX_COUNT["last_months"]),
}


_WITH_YEAR = (PeriodKind.IN_MONTH, PeriodKind.SINCE_MONTH, PeriodKind.ON_DATE)


@dataclass(frozen=True, slots=True)
class Period:
    """What the user said about time, before it meets a calendar (`last 30 days`, `in May`)."""

    kind: PeriodKind
    value: int = 0
    year: int | None = None  # IN_MONTH / SINCE_MONTH / ON_DATE with a year (`in May 2024`)
    month: int | None = None  # ON_DATE with a month (`on 12 May`)

    def __post_init__(self) -> None:
        bounds = _WITH_VALUE.get(self.kind)
        if bounds is None:
            if self.value or self.year is not None or self.month is not None:
                raise ValueError(f"{self.kind} takes no value")
            return
        low, high = bounds
        if not low <= self.value <= high:
            raise ValueError(f"{self.kind} value {self.value} is outside {low}..{high}")
        if self.year is not None and (
            self.kind not in _WITH_YEAR or not FIRST_YEAR <= self.year <= LAST_YEAR
        ):
            raise ValueError(f"{self.kind} cannot take year {self.year}")
        if self.month is not None:
            if self.kind is not PeriodKind.ON_DATE or not 1 <= self.month <= 12:
                raise ValueError(f"{self.kind} cannot take month {self.month}")
            # February has a 29th in some year: `on 29 February` is the latest one.
            if self.value > monthrange(self.year or 2000, self.month)[1]:
                raise ValueError(f"month {self.month} has no day {self.value}")
        elif self.kind is PeriodKind.ON_DATE and self.year is not None:
            raise ValueError("a date with a year needs its month")

    @property
    def code(self) -> str:
        """A stable spelling for tests and logs: `last_week`, `in_month:5/2024`, `on_date:12.5`."""
        if self.kind not in _WITH_VALUE:
            return self.kind.value
        month = f".{self.month}" if self.month is not None else ""
        year = f"/{self.year}" if self.year is not None else ""
        return f"{self.kind.value}:{self.value}{month}{year}"

    @classmethod
    def from_code(cls, code: str) -> Period:
        """The inverse of `code`; raises ValueError for anything else."""
        kind, _, rest = code.partition(":")
        if not rest:
            return cls(PeriodKind(kind))
        rest, _, year = rest.partition("/")
        value, _, month = rest.partition(".")
        return cls(
            PeriodKind(kind),
            int(value),
            int(year) if year else None,
            int(month) if month else None,
        )


@dataclass(frozen=True, slots=True)
class DateRange:
    """Local calendar days [start, end): start None means from the first set ever logged."""

    start: date | None
    end: date

    def __contains__(self, day: object) -> bool:
        return (
            isinstance(day, date) and (self.start is None or self.start <= day) and day < self.end
        )

    def bounds(self, tz: ZoneInfo) -> tuple[datetime | None, datetime]:
        """[start, end) instants in the user's zone, for a query over stored set times."""
        start = local_midnight(self.start, tz) if self.start is not None else None
        return start, local_midnight(self.end, tz)


def resolve_period(period: Period, today: date, week_start: str = "monday") -> DateRange:
    """The local dates a period covers, seen from `today` in the user's zone; never raises.

    Calendar units (week, month, year, a weekday, a month) cover the whole unit even when it has
    not ended yet; rolling windows (`last N days/weeks/months`, `since …`) end with today.
    """
    try:
        return _resolve(period, today, week_start)
    except OverflowError:  # within days of year 1 or 9999: everything up to today
        return DateRange(None, _after(today))


def _resolve(period: Period, today: date, week_start: str) -> DateRange:
    tomorrow = _after(today)
    kind = period.kind
    if kind is PeriodKind.TODAY:
        return DateRange(today, tomorrow)
    if kind is PeriodKind.YESTERDAY:
        return DateRange(_before(today, 1), today)
    if kind is PeriodKind.DAYS_AGO:
        day = _before(today, period.value)
        return DateRange(day, _after(day)) if day is not None else DateRange(None, date.min)
    if kind is PeriodKind.ON_DATE:
        day = _latest_date(period, today)
        return DateRange(day, _after(day)) if day is not None else DateRange(tomorrow, tomorrow)
    if kind in (PeriodKind.THIS_WEEK, PeriodKind.LAST_WEEK):
        week = week_of(local_midnight(today, _UTC), _UTC, week_start)
        if kind is PeriodKind.LAST_WEEK:
            week = add_weeks(week, -1)
        return DateRange(week, add_weeks(week, 1))
    if kind in (PeriodKind.THIS_MONTH, PeriodKind.LAST_MONTH):
        back = 1 if kind is PeriodKind.LAST_MONTH else 0
        year, month = _shift_month(today.year, today.month, -back)
        return _month(year, month)
    if kind in (PeriodKind.THIS_YEAR, PeriodKind.LAST_YEAR, PeriodKind.IN_YEAR):
        year = period.value if kind is PeriodKind.IN_YEAR else today.year
        if kind is PeriodKind.LAST_YEAR:
            year -= 1
        return DateRange(_first_of(year, 1), _first_of(year + 1, 1))
    if kind in (PeriodKind.ON_WEEKDAY, PeriodKind.SINCE_WEEKDAY):
        day = _last_weekday(today, period.value)
        return DateRange(day, _after(day) if kind is PeriodKind.ON_WEEKDAY else tomorrow)
    if kind in (PeriodKind.IN_MONTH, PeriodKind.SINCE_MONTH):
        year = period.year if period.year is not None else _latest_year_of(period.value, today)
        if kind is PeriodKind.IN_MONTH:
            return _month(year, period.value)
        start = _first_of(year, period.value)
        return DateRange(start, max(start, tomorrow))  # `since May 2030`: empty, not reversed
    if kind is PeriodKind.LAST_DAYS:
        return DateRange(_before(today, period.value - 1), tomorrow)
    if kind is PeriodKind.LAST_WEEKS:
        return DateRange(_before(today, 7 * period.value - 1), tomorrow)
    if kind is PeriodKind.LAST_MONTHS:
        year, month = _shift_month(today.year, today.month, -period.value)
        if year < 1:
            return DateRange(None, tomorrow)
        same_day = date(year, month, min(today.day, monthrange(year, month)[1]))
        return DateRange(_after(same_day), tomorrow)
    return DateRange(None, tomorrow)


def _latest_date(period: Period, today: date) -> date | None:
    # The latest such date up to today (today included: a date names one day unambiguously):
    # `on the 31st` in June is 31 May, `on 29 February` the last leap day.
    if period.year is not None and period.month is not None:
        return date(period.year, period.month, period.value)
    if period.month is not None:
        candidates = [(today.year - back, period.month) for back in range(9)]
    else:
        candidates = [_shift_month(today.year, today.month, -back) for back in range(3)]
    for year, month in candidates:
        if year >= 1 and period.value <= monthrange(year, month)[1]:
            day = date(year, month, period.value)
            if day <= today:
                return day
    return None


def _latest_year_of(month: int, today: date) -> int:
    # The most recent such month that has begun: `in May` asked in February is last year's May.
    return today.year if month <= today.month else today.year - 1


def _last_weekday(today: date, weekday: int) -> date:
    # Strictly before today: on a Monday, `on Monday` is a week ago (today is `today`).
    back = (today.weekday() - weekday) % 7 or 7
    return _before(today, back) or date.min


def _shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


def _month(year: int, month: int) -> DateRange:
    return DateRange(_first_of(year, month), _first_of(*_shift_month(year, month, 1)))


def _first_of(year: int, month: int) -> date:
    # Clamped to the calendar the stdlib knows, so no `today` can make a resolver raise.
    if year < date.min.year:
        return date.min
    if year > date.max.year:
        return date.max
    return date(year, month, 1)


def _before(day: date, days: int) -> date | None:
    # None means "from the beginning": a window reaching before year 1 has no start.
    return day - timedelta(days=days) if (day - date.min).days >= days else None


def _after(day: date) -> date:
    return day + _DAY if day < date.max else date.max
